@messaging
Feature: An id is used once across everything linted

  @id:LNT-06
  Scenario: The first use of the id
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Billing question" message
    Then Sofia finds Maria's message in the "Billing" pool

  @id:LNT-06
  Scenario: The second use of the id
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Medical question" message
    Then Sofia finds Maria's message in the "Nurse" pool

  @id:LNT-06
  Scenario: The third use of the id
    Given Maria is an enrolled patient of "Eastside Clinic"
    When Maria sends a "Prescription renewal" message
    Then Sofia finds Maria's message in the "Pharmacy" pool
