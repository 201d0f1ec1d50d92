@messaging
Feature: Examples columns are all used

  @id:LNT-11
  Scenario Outline: A "<topic>" message reaches its pool
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "<topic>" message
    Then Sofia finds Maria's message in the "Billing" pool

    Examples:
      | topic            | pool    |
      | Billing question | Billing |
