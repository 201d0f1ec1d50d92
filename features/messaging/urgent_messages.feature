@messaging
Feature: Urgent words in a message
  Secure messages are not for emergencies. When a patient writes words like "chest pain" or
  "can't breathe", the portal tells them to call 911 and flags the message Urgent for staff.

  Background:
    Given "Eastside Clinic" has a "Nurse" pool
    And Maria is an enrolled patient of "Eastside Clinic"
    And Sofia is a supervisor at "Eastside Clinic"

  Rule: Urgent words show the emergency advisory and flag the message Urgent

    @id:MSG-08 @story:PP-215 @severity:critical @needs:admin
    Scenario Outline: Maria sends a medical question <words> urgent words
      Given Maria is signed in
      And Sofia is signed in to the staff console
      When Maria sends a "Medical question" message <words> urgent words
      Then Maria sees <advisory> emergency advisory
      And Sofia sees Maria's message <flag> Urgent in the "Nurse" pool

      Examples:
        | words   | advisory | flag        |
        | with    | the      | flagged     |
        | without | no       | not flagged |
