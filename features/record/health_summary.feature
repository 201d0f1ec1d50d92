@vdt
Feature: See my health summary
  A patient sees what the care team recorded about their health in one place: health problems,
  medications, allergies, test results, immunizations, vitals and the care team, with the
  clinic's contact details.

  @id:VDT-01 @story:PP-301 @smoke @severity:critical @needs:admin
  Scenario: Maria's health summary shows her whole record and how to reach her clinic
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria's care team has filled in her health record
    And "Eastside Clinic" has published its phone number and opening hours
    And Maria is signed in
    When Maria opens her health summary
    Then Maria's health summary shows every entry of her record
    And the health summary shows the phone number and opening hours of "Eastside Clinic"
