@authentication
Feature: Keep health information out of web addresses and other patients' records out of reach
  Addresses end up in browser history, server logs and referrers: they never carry a patient's
  name, date of birth, MRN or session token. Records are named by opaque ids, and an id that is
  not the patient's own opens nothing.

  Background:
    Given Maria has an active portal account

  @id:AUTH-05 @story:PP-108 @severity:critical @needs:admin @needs:mailbox
  Scenario: No address in Maria's portal shows who she is
    Given Maria's record holds a test result, a visit note and a message
    When Maria signs in and opens every page of her portal
    Then no address Maria's browser used shows her name, date of birth, MRN or session token

  @id:AUTH-07 @story:PP-108 @severity:blocker @needs:admin @needs:mailbox
  Scenario Outline: Maria cannot open Ivan's <item> by changing the id in the address
    Given Ivan has an active portal account
    And Ivan's record holds a test result, a visit note and a message
    And Maria is signed in
    When Maria opens Ivan's <item> by changing the id in the address
    Then Maria is told the page was not found
    And none of Ivan's information is on Maria's screen

    Examples:
      | item        |
      | test result |
      | visit note  |
      | message     |
