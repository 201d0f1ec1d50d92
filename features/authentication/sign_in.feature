@authentication
Feature: Sign in with a password and a one-time code
  Patients sign in with their username and password, then with a one-time code the portal
  sends to their email address. A wrong password tells nobody whether the username exists.

  Background:
    Given Maria has an active portal account

  @id:AUTH-01 @story:PP-105 @smoke @severity:blocker @needs:admin @needs:mailbox
  Scenario: Maria signs in with her password and the code from her email
    When Maria signs in with her password and the one-time code from her email
    Then Maria sees her home page

  @id:AUTH-08 @story:PP-105 @severity:critical @needs:admin
  Scenario Outline: A wrong password says nothing about whether the username exists
    When someone signs in as <account> with a wrong password
    Then the sign-in page says the username or password is incorrect

    Examples:
      | account               |
      | Maria                 |
      | a username never used |
