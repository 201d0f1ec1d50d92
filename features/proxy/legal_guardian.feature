@proxy
Feature: A legal guardian keeps caring for an incapacitated adult's record
  A legal guardian follows the parents' rules while the patient is a minor, and keeps full
  access past the 18th birthday, when a parent's access would end.

  Rule: A legal guardian's access does not end at 18

    @id:PRX-06 @story:PP-401 @severity:critical @needs:admin @needs:clock @needs:mailbox
    Scenario Outline: Rosa's access to Daniel's record on <side> his 18th birthday
      Given Rosa became the legal guardian of Daniel at "Lakeview Clinic" in the America/New_York time zone while he was a minor
      And it is <side> Daniel's birthday that ends parental access
      And Rosa is signed in
      When Rosa switches to Daniel's record
      Then Rosa sees she is viewing Daniel's record with <access> access

      Examples:
        | side           | access  |
        | the day before | limited |
        | the day of     | full    |
