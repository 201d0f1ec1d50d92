@results
Feature: See a new lab result as soon as it is final
  Under the 21st Century Cures Act a final, non-sensitive result is shown to the patient
  at once: nobody has to release it first.

  @id:RES-01 @story:PP-305 @smoke @severity:blocker @needs:hl7
  Scenario: Maria sees her final routine result as soon as the lab sends it
    Given Maria is an enrolled patient of "Eastside Clinic"
    And the lab has sent a final routine result for Maria
    And Maria is signed in
    When Maria opens her test results
    Then Maria sees the result the lab sent, with its value
