@vdt
Feature: Download my record
  "Download my record" gives a file a person can read and a C-CDA Continuity of Care Document
  another provider's system can import, both about the right patient.

  @id:VDT-04 @story:PP-302 @smoke @severity:critical @needs:admin
  Scenario: Maria downloads a readable copy and a C-CDA document of her record
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria's care team has filled in her health record
    And Maria is signed in
    When Maria downloads her record as a readable file and as a C-CDA document
    Then the readable file names Maria and lists her record
    And the C-CDA document is well-formed, with the problems, medications, allergies, results, immunizations and vital signs sections
    And the C-CDA document identifies Maria by name, date of birth and MRN
