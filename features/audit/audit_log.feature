@audit
Feature: The audit log records every look at a patient's information
  Every access to a patient's health information, by the patient, a proxy, staff or a partner
  facility, is recorded: who, which patient, what kind of information, what they did and when.
  Supervisors read the log in the staff console; nobody can change or remove an entry.

  Background:
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Priya is a supervisor at "Eastside Clinic"

  @id:AUD-01 @story:PP-602 @smoke @severity:critical @needs:admin @needs:clock
  Scenario Outline: A <kind>'s look at Maria's <information> is in the audit log, which cannot be changed
    Given <who>, <relation>, looked at Maria's <information> at 10:15 the next morning
    And Priya is signed in to the staff console
    When Priya looks up Maria's entries in the audit log
    Then the audit log shows <who> as a <kind> who looked at Maria's <information> at 10:15
    And the audit log offers no way to change or remove an entry, and refuses any change sent to it

    Examples:
      | who    | relation                              | information    | kind         |
      | Maria  | the patient herself                   | health summary | patient      |
      | Carlos | her adult proxy                       | health summary | proxy        |
      | Nora   | a nurse at "Eastside Clinic"          | message        | staff member |
      | Ana    | a partner-facility nurse under an MOU | health summary | partner user |
