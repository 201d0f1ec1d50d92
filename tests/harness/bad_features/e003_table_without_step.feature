@messaging
Feature: Tables and doc strings with no step above them

  @id:LNT-03
  Scenario: Maria sends a billing question
    | topic            |
    | Billing question |
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool

  @id:LNT-15
  Scenario: Maria writes a long message
    """
    A doc string belongs under the step that reads it.
    """
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool
