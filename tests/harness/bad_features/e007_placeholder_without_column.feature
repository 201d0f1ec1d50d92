@messaging
Feature: Every placeholder has an Examples column

  @id:LNT-08
  Scenario Outline: A "<topic>" message reaches its pool
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "<topic>" message
    Then Sofia finds Maria's message in the "<pol>" pool

    Examples:
      | topic            | pool    |
      | Billing question | Billing |
