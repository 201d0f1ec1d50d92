@messaging
Feature: A misspelled step keyword after a step is a syntax error

  @id:LNT-01
  Scenario: Maria sends a billing question
    Given Maria is an enrolled patient of "Eastside Clinic"
    Whn Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool
