@messaging
Feature: Staff answer patient messages in time
  Staff answer from their pools, by hand or with a pool's canned response. A message waiting
  longer than the response target is flagged overdue and escalated to the supervisor pool. The
  patient is told of an answer by an email that carries nothing of the conversation.

  Background:
    Given "Eastside Clinic" has a "Nurse" pool and a "Supervisor" pool
    And Maria is an enrolled patient of "Eastside Clinic"
    And Sofia is a supervisor at "Eastside Clinic"

  Rule: A canned response is filled in for the patient and counted

    @id:MSG-05 @story:PP-216 @severity:normal @needs:admin
    Example: Sofia answers with a canned response
      Given the "Nurse" pool of "Eastside Clinic" has the canned response "Results normal"
      And Maria has sent a "Medical question" message
      And Sofia is signed in to the staff console
      When Sofia answers Maria's message in the "Nurse" pool with the canned response "Results normal"
      Then Maria reads an answer that greets her by first name and is signed by Sofia of "Eastside Clinic"
      And Sofia's canned-response report counts 1 use in the "Nurse" pool

  Rule: A message not answered within the response target is overdue and escalated; answering clears it

    @id:MSG-06 @story:PP-216 @smoke @severity:critical @needs:clock @needs:admin
    Scenario Outline: Sent a minute <side> than the response target ago, <answered>: <outcome>
      Given Maria sent a "Medical question" message a minute <side> than the response target ago
      And <answered>
      And Sofia is signed in to the staff console
      When Sofia opens the "Supervisor" pool
      Then Maria's message <outcome>

      Examples:
        | side | answered                  | outcome                                                   |
        | less | nobody has answered it yet | is not listed there                                       |
        | more | nobody has answered it yet | is listed there as overdue, escalated from the "Nurse" pool |
        | more | Sofia has answered it     | is not listed there                                       |

  Rule: The new-message email carries no message details

    @id:MSG-09 @story:PP-307 @smoke @severity:critical @needs:mailbox @needs:admin
    Example: Maria is emailed that she has a new message, and nothing more
      Given Maria has sent a "Medical question" message
      And Sofia is signed in to the staff console
      When Sofia answers Maria's message in the "Nurse" pool
      Then Maria gets an email saying she has a new message
      And the email does not show the subject, the text or the topic of Maria's message
