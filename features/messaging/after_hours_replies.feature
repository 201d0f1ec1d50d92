@messaging
Feature: Automatic reply while the clinic is closed
  Outside the clinic's opening hours, and on its holidays, a patient's message gets an automatic
  reply telling them when it will be read and what to do in an emergency. Hours are the clinic's
  own wall clock: this clinic is in Honolulu, ten hours behind UTC.

  Background:
    Given "Eastside Clinic" is open weekdays from 08:00 to 17:00 in the "Pacific/Honolulu" time zone
    And "Eastside Clinic" is closed on Wednesday for "Founders Day"
    And Maria is an enrolled patient of "Eastside Clinic"

  Rule: Only messages sent while the clinic is closed get the after-hours reply

    @id:MSG-03 @story:PP-215 @smoke @severity:critical @needs:clock @needs:admin
    Scenario Outline: A message sent on <moment> (clinic time): Maria <reply>
      Given it is <moment> at "Eastside Clinic"
      And Maria is signed in
      When Maria sends a "Medical question" message
      Then Maria <reply>

      Examples:
        | moment          | reply                                                                          |
        | Monday 07:59    | gets the after-hours automatic reply with emergency instructions               |
        | Monday 08:00    | gets no automatic reply                                                        |
        | Monday 16:59    | gets no automatic reply                                                        |
        | Monday 17:00    | gets the after-hours automatic reply with emergency instructions               |
        | Saturday 11:00  | gets the after-hours automatic reply with emergency instructions               |
        | Wednesday 11:00 | gets the "Founders Day" holiday automatic reply with emergency instructions    |
