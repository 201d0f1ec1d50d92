@accessibility
Feature: The portal works with the keyboard alone
  Patients who cannot use a mouse reach everything with Tab, Enter and typing. The first Tab
  stop is a skip link to the main content, and whatever has focus is clearly marked.

  @id:A11Y-02 @story:PP-503 @severity:critical @needs:mailbox
  Scenario: Maria signs in with the keyboard alone
    Given Maria has an active portal account
    When Maria signs in using only the keyboard, starting from the skip link
    Then the first Tab stop was the skip link, and it moved focus to the main content
    And every control that had focus showed a visible focus indicator
    And Maria sees her home page
