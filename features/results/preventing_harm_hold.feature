@results
Feature: Hold a result to prevent harm
  A clinician may hold an individual result under the Preventing-Harm exception
  (45 CFR 171.201), giving a reason and the reviewing clinician. The result stays hidden from
  the patient until the hold is lifted.

  Rule: A held result is hidden until the hold is lifted

    Background:
      Given Maria is an enrolled patient of "Eastside Clinic"
      And the lab has sent a final routine result for Maria

    @id:RES-03 @story:PP-305 @severity:critical @needs:hl7 @needs:admin
    Scenario Outline: Maria sees a held result only once the hold is lifted
      Given <hold>
      And Maria is signed in
      When Maria opens her test results
      Then Maria <sees or not> her result
      And the audit log shows <entry>

      Examples:
        | hold                                                                                     | sees or not  | entry                                                   |
        | a clinician has put Maria's result on a Preventing-Harm hold                             | does not see | the hold on Maria's result with its reason and reviewer |
        | a clinician has put Maria's result on a Preventing-Harm hold, and lifted it after review | sees         | the hold on Maria's result lifted by its reviewer       |
