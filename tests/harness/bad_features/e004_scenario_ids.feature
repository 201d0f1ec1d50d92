@messaging
Feature: Every scenario has exactly one well-formed id

  Scenario: No id at all
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool

  @id:LNT-04 @id:LNT-05
  Scenario: Two ids
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool

  @id:billing
  Scenario: An id that is not an id
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool
