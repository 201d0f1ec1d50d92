@results
Feature: Clinical notes the patient and their proxies may read
  Substance-use treatment notes (42 CFR Part 2) are the patient's to read; a proxy reads them
  only with the patient's separate Part 2 consent. Psychotherapy notes are outside the right of
  access (HIPAA 164.524): they never appear in the portal or in a download.

  @id:RES-05 @story:PP-306 @severity:critical @needs:admin
  Scenario Outline: A substance-use treatment note is for Maria, not for a proxy without Part 2 consent
    Given Maria has given Carlos proxy access to her record, without consent to share substance-use treatment records
    And Maria's clinicians have written her a progress note and a substance-use treatment note
    And <viewer> is signed in
    When <viewer> looks at Maria's clinical notes
    Then <viewer> finds the progress note and <shown> the substance-use treatment note

    Examples:
      | viewer | shown |
      | Maria  | also  |
      | Carlos | not   |

  @id:RES-06 @story:PP-306 @severity:critical @needs:admin
  Scenario Outline: A psychotherapy note never reaches the portal or the CCD
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria's clinicians have written her a progress note and a psychotherapy note
    And Maria is signed in
    When Maria looks at her <place>
    Then Maria finds the progress note and not the psychotherapy note

    Examples:
      | place          |
      | clinical notes |
      | CCD download   |
