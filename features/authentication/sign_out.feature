@authentication
Feature: Signing out ends the session for good
  Signing out ends the session on the portal, not just in the browser: a copy of the old session
  cookie opens nothing, the back button brings nothing back, and no page with health information
  is kept by the browser.

  Background:
    Given Maria has an active portal account
    And Maria's record holds a test result and a message

  @id:AUTH-04 @story:PP-107 @severity:critical @needs:admin @needs:mailbox
  Scenario: Nothing of Maria's record can be seen after she signs out
    Given Maria is signed in
    And Maria has opened every page of her portal
    When Maria signs out
    Then Maria's copied session cookie opens none of her pages in another browser
    And going back in her browser shows none of Maria's health information
    And none of the pages Maria opened may be kept by her browser
