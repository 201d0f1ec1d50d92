@operations
Feature: Opening hours
  Administrators keep each clinic's opening hours in the staff console. The public contact page
  and the after-hours automatic replies follow a change at once. This clinic is in Kolkata,
  five and a half hours ahead of UTC.

  Background:
    Given "Eastside Clinic" is open weekdays from 08:00 to 17:00 in the "Asia/Kolkata" time zone
    And Maria is an enrolled patient of "Eastside Clinic"
    And Alex is a portal administrator at "Eastside Clinic"

  Rule: New hours apply at once, on the contact page and to automatic replies

    @id:OPS-01 @story:PP-603 @severity:critical @needs:clock @needs:admin
    Example: The clinic now closes at 16:00, and it is 16:30 on Monday
      Given it is Monday 16:30 at "Eastside Clinic"
      And a visitor has looked at the contact page of "Eastside Clinic"
      And Alex is signed in to the staff console
      When Alex changes the weekday closing time of his clinic to 16:00
      Then the contact page of "Eastside Clinic" shows it open from 08:00 to 16:00 on weekdays
      And a message Maria sends now gets the after-hours automatic reply
