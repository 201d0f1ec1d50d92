@proxy
Feature: Partner facilities see the patients in their care, under an agreement
  A home-health agency or ICF home works with the clinic under a memorandum of understanding
  (MOU): its staff see only the patients attributed to it, only the parts of the record the
  agreement permits, and only while the agreement is in force and the organisation is active.

  Rule: A partner user sees only attributed patients, and only what the agreement permits

    @id:PRX-09 @story:PP-403 @severity:critical @needs:admin
    Scenario Outline: Ana opens <what>
      Given "Sunrise Home Health" has an agreement in force with "Eastside Clinic" for test results and appointments
      And George is a patient of "Eastside Clinic" attributed to "Sunrise Home Health"
      And Ivan is a registered patient of "Eastside Clinic"
      And Ana of "Sunrise Home Health" is signed in to partner access
      When Ana opens <what>
      Then Ana <sees>

      Examples:
        | what                                         | sees                                                  |
        | her list of patients                         | sees George and nobody else on her list of patients   |
        | George's record from her list of patients    | sees George's test results and appointments and nothing else |
        | Ivan's record by typing its web address      | is told the page was not found, with nothing about Ivan |

  Rule: Access ends after the agreement's last day, or when the organisation is deactivated

    @id:PRX-10 @story:PP-403 @severity:critical @needs:admin @needs:clock
    Scenario Outline: Ana signs in when <situation>
      Given "Sunrise Home Health" has an agreement in force with "Desert Clinic" in the America/Phoenix time zone for test results
      And George is a patient of "Desert Clinic" attributed to "Sunrise Home Health"
      And Ana works at "Sunrise Home Health" with partner access
      And <situation>
      When Ana signs in to partner access
      Then Ana <outcome>

      Examples:
        | situation                                                        | outcome                                       |
        | it is the last day of the agreement with "Sunrise Home Health"   | sees George among her patients                |
        | it is the day after the last day of the agreement with "Sunrise Home Health" | is told her organisation's access has ended |
        | the portal team has deactivated "Sunrise Home Health"            | is told her organisation's access has ended   |
