@enrollment
Feature: Activate a portal account with an activation code
  The front desk gives a registered patient an activation code at their clinic. The patient
  proves who they are with the code and their date of birth, then chooses a username and a
  password. A code opens enrollment once, for a limited number of days, and a few wrong dates
  of birth use it up.

  Rule: A valid code and the right date of birth open enrollment, once

    @id:ENR-01 @story:PP-101 @smoke @severity:blocker @needs:admin
    Example: Maria activates her account with the code from the front desk
      Given Maria is a registered patient of "Eastside Clinic"
      And the front desk at "Eastside Clinic" has given Maria an activation code
      When Maria activates her account with her code, her date of birth and a new password
      Then Maria is told her account is ready and she can sign in

    @id:ENR-03 @story:PP-101 @severity:critical @needs:admin
    Example: An activation code works only once
      Given Maria has an active portal account
      When someone enters Maria's activation code and date of birth again
      Then the activation page says the code has already been used

  Rule: A code works until the end of its lifetime; after it, the patient is told and can ask for a new one

    @id:ENR-02 @story:PP-101 @severity:critical @needs:admin @needs:clock
    Scenario Outline: An activation code on <day>
      Given Maria is a registered patient of "Eastside Clinic"
      And the front desk at "Eastside Clinic" has given Maria an activation code
      And it is <day> of Maria's activation code
      When Maria enters her activation code and her date of birth
      Then <outcome>

      Examples:
        | day                              | outcome                                                                       |
        | the last valid day               | Maria can go on to create her account                                         |
        | the day after the last valid day | the activation page says the code has expired and offers to request a new one |

  Rule: Too many wrong dates of birth void the code, even for the right person afterwards

    @id:ENR-04 @story:PP-101 @severity:critical @needs:admin
    Scenario Outline: A code tried with a wrong date of birth <tries>
      Given Maria is a registered patient of "Eastside Clinic"
      And the front desk at "Eastside Clinic" has given Maria an activation code
      And Maria's activation code has been tried with a wrong date of birth <tries>
      When Maria enters her activation code and her date of birth
      Then <outcome>

      Examples:
        | tries                         | outcome                                                                                 |
        | one time fewer than the limit | Maria can go on to create her account                                                   |
        | as many times as the limit    | the activation page says the code can no longer be used and offers to request a new one |
