@messaging
Feature: Attach a file to a message
  Patients may attach a PDF, a JPG or a PNG up to the size limit; staff open it from the pool.
  Any other file, or one over the limit, is refused with an error on the attachment field.

  Background:
    Given "Eastside Clinic" has a "Nurse" pool
    And Maria is an enrolled patient of "Eastside Clinic"
    And Sofia is a supervisor at "Eastside Clinic"

  Rule: Allowed types up to the size limit are accepted; others are refused with an accessible error

    @id:MSG-07 @story:PP-217 @severity:normal @needs:admin
    Scenario Outline: Maria attaches <file>
      Given Maria is signed in
      And Sofia is signed in to the staff console
      When Maria sends a "Medical question" message with <file> attached
      Then <outcome>

      Examples:
        | file                               | outcome                                              |
        | a PDF exactly at the size limit    | Sofia can open Maria's attachment from the "Nurse" pool |
        | a JPG photo                        | Sofia can open Maria's attachment from the "Nurse" pool |
        | a PNG image                        | Sofia can open Maria's attachment from the "Nurse" pool |
        | a PDF one byte over the size limit | Maria is told the attachment is too large            |
        | a Word document                    | Maria is told which file types can be attached       |
        | a program renamed to .pdf          | Maria is told which file types can be attached       |
