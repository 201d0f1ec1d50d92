@proxy
Feature: An adult shares their record with another adult they trust
  An adult patient gives another adult proxy access for at most 18 months. When it runs out
  the access is gone; only the patient can renew it, and the patient can take it away at any
  time, even while the proxy is looking at the record.

  Rule: Adult proxy access lasts as long as the patient chose, at most the organisation's limit

    @id:PRX-05 @story:PP-402 @severity:critical @needs:admin @needs:clock @needs:mailbox
    Scenario Outline: Carlos looks for Maria's record <side> his access runs out
      Given Maria has shared her record with Carlos without choosing an end date
      And it is <side> Carlos's access to Maria's record runs out
      And Maria <renewal> Carlos's access
      And Carlos is signed in
      When Carlos opens his home page
      Then Carlos <can> choose Maria's record

      Examples:
        | side            | renewal         | can           |
        | a minute before | has not renewed | can           |
        | a minute after  | has not renewed | can no longer |
        | a minute after  | has renewed     | can           |

  Rule: A revoked proxy loses the record on their very next page

    @id:PRX-07 @story:PP-402 @severity:critical @needs:admin @needs:mailbox
    Example: Maria revokes Carlos's access while he is viewing her record
      Given Maria has shared her record with Carlos without choosing an end date
      And Carlos is signed in and viewing Maria's record
      And Maria has revoked Carlos's access on her sharing page
      When Carlos opens his test results page
      Then Carlos is told he no longer has access to Maria's record

  Rule: A proxy writes in the patient's name, and everyone can tell who wrote

    @id:PRX-08 @story:PP-402 @severity:normal @needs:admin @needs:mailbox
    Example: Carlos asks Maria's care team a question for her
      Given Nora is a supervisor at "Eastside Clinic"
      And Nora is signed in to the staff console
      And Carlos is signed in and viewing Maria's record, which she shared with him
      When Carlos sends a "Medical question" message
      Then Nora opens the message and sees it was sent by Carlos for Maria
      And Nora's audit log names Carlos as the sender for Maria
