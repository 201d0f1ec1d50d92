@vdt
Feature: Send my record to someone
  A patient sends the record (a C-CDA document) to an email address or to a provider's Direct
  address. Email is not encrypted: the patient must accept that before it is sent.

  @id:VDT-05 @story:PP-302 @severity:critical @needs:mailbox
  Scenario: Maria sends her record by email, once she accepts the risk, and by Direct
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria is signed in
    When Maria sends her record to her own email address and to her new doctor's Direct address
    Then the portal made Maria confirm that email is not secure before sending it by email
    And both addresses receive Maria's record as a C-CDA document
    And Maria's activity log lists both sends with their addressees
