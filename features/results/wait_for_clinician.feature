@results
Feature: Wait for my clinician before I see new results
  A patient may choose to see new results only after a clinician has reviewed them. A waiting
  result appears when a clinician releases it, or when the organisation's waiting period ends,
  whichever comes first. The day before, it is still waiting.

  Rule: A waiting result appears on release or at the end of the waiting period, not before

    Background:
      Given Maria is an enrolled patient of "Eastside Clinic"
      And Maria has chosen to see new results only after her clinician has reviewed them
      And the lab has sent a final routine result for Maria

    @id:RES-02 @story:PP-305 @severity:critical @needs:hl7 @needs:clock @needs:admin
    Scenario Outline: Maria's waiting result appears when it is released or the wait is over
      Given <what happened>
      And Maria is signed in
      When Maria opens her test results
      Then Maria <sees or not> her result
      And the audit log shows <release>

      Examples:
        | what happened                                            | sees or not  | release                                  |
        | it is the day before Maria's wait for her clinician ends | does not see | no release of Maria's result             |
        | it is the day Maria's wait for her clinician ends        | sees         | Maria's result released after the wait   |
        | Maria's clinician has reviewed and released her result   | sees         | Maria's result released by her clinician |
