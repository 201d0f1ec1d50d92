@results
Feature: New-result emails carry no health information
  Email is not a secure channel: the notice only says that there are new results and asks the
  patient to sign in. It names no test, value, lab or specialty, even for a sensitive result.

  @id:RES-07 @story:PP-307 @smoke @severity:critical @needs:hl7 @needs:mailbox
  Scenario Outline: The new-results email names no test, value, lab or specialty
    Given Maria is an enrolled patient of "Eastside Clinic"
    When the lab sends a final <kind> result for Maria
    Then Maria gets an email saying she has new test results
    And the email names no test, value, lab or specialty

    Examples:
      | kind      |
      | routine   |
      | HIV       |
      | pregnancy |
