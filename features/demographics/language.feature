@demographics
Feature: Use the portal in Spanish
  A patient switches the portal to Spanish: every page, and every notification email after that,
  is in Spanish.

  @id:DEM-03 @story:PP-502 @severity:normal @needs:mailbox @needs:admin
  Scenario: Lucia switches the portal to Spanish
    Given Lucia is an enrolled patient of "Eastside Clinic"
    And Lucia is signed in
    When Lucia switches the portal to Español
    Then the portal's pages are in Español for Lucia
    And Lucia's next new-result notice is in Español
