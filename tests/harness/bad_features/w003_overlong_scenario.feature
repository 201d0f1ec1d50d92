@messaging
Feature: Short scenarios

  @id:LNT-14
  Scenario: Far too many steps
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Sofia is a supervisor at "Eastside Clinic"
    And Sofia is signed in to the staff console
    And "Eastside Clinic" routes "Billing question" messages to its "Billing" pool
    And Maria is signed in
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool
    And Sofia finds Maria's message in the "Billing" pool
