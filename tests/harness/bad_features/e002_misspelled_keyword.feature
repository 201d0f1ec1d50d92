@messaging
Feature: Misspelled keywords that Gherkin silently reads as description
  Scenaro: this line was meant to start a scenario

  @id:LNT-02
  Scenario: Maria sends a billing question
    Givn Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool
