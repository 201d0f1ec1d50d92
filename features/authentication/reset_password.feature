@authentication
Feature: Reset a forgotten password with an emailed link
  The emailed link works once, for a limited time. A changed password is confirmed by an email that
  says only that: no health information.

  Background:
    Given Maria has an active portal account
    And Maria has asked for a password reset link

  @id:AUTH-06 @story:PP-109 @severity:critical @needs:clock @needs:mailbox @needs:admin
  Scenario Outline: The reset link works once, and only until it expires
    When Maria opens the reset link <when> and chooses a new password
    Then Maria is told <outcome>
    And Maria has received <emails>

    Examples:
      | when                                      | outcome                        | emails                                                  |
      | a minute before it expires                | her password has been changed  | one "password changed" email with no health information |
      | a minute after it expires                 | the link has expired           | no "password changed" email                             |
      | again after changing her password with it | the link has already been used | one "password changed" email with no health information |
