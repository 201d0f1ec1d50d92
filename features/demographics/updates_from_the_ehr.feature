@demographics
Feature: Contact details the EHR updates
  When the EHR updates a patient's contact details (HL7 ADT^A08), the profile shows them and the
  next notification email goes to the new address.

  @id:DEM-02 @story:PP-501 @severity:critical @needs:hl7 @needs:mailbox @needs:admin
  Scenario: Maria's new email address from the EHR receives her next notice
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria is signed in
    When the EHR sends an update of Maria's email address and phone number
    Then Maria's profile shows the email address and phone number from the EHR
    And Maria's next new-result notice goes to her new email address, not her old one
