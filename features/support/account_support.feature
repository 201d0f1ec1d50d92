@support
Feature: Help patients with their portal accounts from the support console
  Support staff find a patient and see where their portal account stands: never activated, code
  expired, locked or active. They can send a new activation code or unlock the account. They see
  nothing from the patient's record, and everything they do is audited under their own name.

  Background:
    Given Nora is a support agent at "Eastside Clinic"
    And Sofia is a supervisor at "Eastside Clinic"
    And Maria is a registered patient of "Eastside Clinic"

  @id:SUP-01 @story:PP-110 @smoke @severity:critical @needs:clock
  Scenario Outline: Nora helps Maria, whose portal account <state>
    Given Maria's portal account <state>
    And Maria's record holds a test result and a medication
    And Nora is signed in to the staff console
    When Nora <helps> Maria in account support
    Then account support shows Maria's account as "<status>" and nothing from her record
    And Sofia sees in the audit log that Nora <audited> Maria's account

    Examples:
      | state                                                         | helps                         | status          | audited                       |
      | has never been activated                                      | resends an activation code to | never activated | resent an activation code for |
      | waits on an activation code in the last hour of its lifetime  | looks up                      | never activated | viewed                        |
      | waits on an activation code an hour past its lifetime         | looks up                      | code expired    | viewed                        |
      | is locked after too many wrong passwords                      | looks up                      | locked          | viewed                        |
      | is locked after too many wrong passwords                      | unlocks the account of        | active          | unlocked                      |
      | is active                                                     | looks up                      | active          | viewed                        |
