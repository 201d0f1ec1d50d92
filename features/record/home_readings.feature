@vdt
Feature: Record a reading I took at home
  A patient adds a home reading (blood pressure, weight, blood glucose). It is kept apart from
  what the clinic measured, marked "Patient-reported", and the care team receives it.

  @id:VDT-07 @story:PP-303 @severity:normal @needs:admin
  Scenario: Maria's home blood pressure reading reaches her care team, marked patient-reported
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria is signed in
    When Maria records a home blood pressure reading
    Then Maria's health summary shows the reading, marked patient-reported
    And Maria's care team receives the reading, marked patient-reported
