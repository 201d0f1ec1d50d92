@messaging
Feature: Every step has a definition, or the scenario is work in progress

  @id:LNT-09
  Scenario: A step nobody wrote yet
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria pays her bill of 42 dollars online
    Then Sofia finds Maria's message in the "Billing" pool

  @id:LNT-10 @wip
  Scenario: Work in progress may have undefined steps (a warning)
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message with a photo of her bill
    Then Sofia finds Maria's message in the "Billing" pool
