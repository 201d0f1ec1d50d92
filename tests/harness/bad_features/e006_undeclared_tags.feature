@messaging @smoky
Feature: Only declared tags

  @id:LNT-07 @severity:huge @owner:ana
  Scenario: Maria sends a billing question
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool
