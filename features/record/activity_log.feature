@vdt
Feature: See who viewed, downloaded or sent my record
  The activity log lists every view, download and send of the record: the action, when, who did
  it (the patient, or a proxy by name) and, for a send, the address it went to.

  @id:VDT-06 @story:PP-302 @smoke @severity:critical @needs:admin
  Scenario: Maria sees what her proxy did with her record, by name
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria has made Carlos her adult proxy in the portal
    And Maria is signed in
    And Carlos is signed in
    When Carlos views, downloads and sends Maria's record to a Direct address
    Then Maria's activity log lists the view, the download and the send to that address, each by Carlos as her proxy, with its time
