@public
Feature: The public landing page
  Anyone can open the portal's front page without signing in. It shows no patient information,
  meets WCAG 2.1 AA, and leads to signing in, activating an account with a clinic's code, and
  signing up online.

  @id:MKT-01 @story:PP-604 @severity:normal @needs:admin
  Scenario: The landing page opens without signing in, shows no patient information and leads the way in
    Given Maria has an active portal account
    And Maria is signed in
    When someone opens the portal's landing page without signing in
    Then the landing page links to signing in, activating an account and signing up
    And the landing page shows nothing about Maria
    And an accessibility scan of the landing page finds no serious or critical violation
