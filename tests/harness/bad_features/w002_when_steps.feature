@messaging
Feature: One When per scenario

  @id:LNT-12
  Scenario: Two behaviours in one scenario
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    And Maria sends a "Medical question" message
    Then Sofia finds Maria's message in the "Billing" pool

  @id:LNT-13
  Scenario: No behaviour at all
    Given Maria is an enrolled patient of "Eastside Clinic"
    Then Sofia finds Maria's message in the "Billing" pool
