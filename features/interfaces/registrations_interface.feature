@interfaces
Feature: Registrations and demographics arrive from the EHR over HL7 v2
  The EHR registers a patient with an ADT^A04 message and sends changes to their details with
  an ADT^A08. The patient's profile in the portal shows what the EHR sent.

  @id:INT-02 @story:PP-304 @severity:critical @needs:hl7
  Scenario: The EHR registers Ivan, then sends his new address and phone number
    Given the EHR has registered Ivan at "Eastside Clinic" over HL7
    And Ivan has enrolled in the portal at the front desk
    And Ivan is signed in
    When the EHR sends a new address and phone number for Ivan over HL7
    Then Ivan's profile shows the name the EHR registered
    And Ivan's profile shows the new address and phone number
