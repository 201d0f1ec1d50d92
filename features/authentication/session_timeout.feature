@authentication
Feature: Sign a patient out after the idle and the absolute session limits
  A portal left open signs itself out: after the idle timeout, and after the absolute limit even
  while the patient is busy. Just before either limit the patient is warned. Once signed out, no
  health information stays on the screen.

  Background:
    Given Maria has an active portal account
    And Maria's record holds a test result
    And Maria is signed in

  @id:AUTH-03 @story:PP-107 @smoke @severity:critical @needs:clock @needs:admin @needs:mailbox
  Scenario Outline: Maria is warned before a session limit and signed out after it
    Given Maria is reading her test result
    When Maria <activity> for <side> <limit>
    Then Maria sees <what she sees>
    And Maria's test result <where> her screen

    Examples:
      | activity                    | side               | limit                      | what she sees                                               | where         |
      | leaves the portal untouched | a minute less than | the idle timeout           | a warning that she will be signed out soon                  | is still on   |
      | leaves the portal untouched | a minute more than | the idle timeout           | that she was signed out for inactivity                      | is gone from  |
      | keeps using the portal      | a minute less than | the absolute session limit | a warning that her session ends soon and cannot be extended | is still on   |
      | keeps using the portal      | a minute more than | the absolute session limit | that her session has ended                                  | is gone from  |
