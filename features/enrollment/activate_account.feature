@enrollment
Feature: Activate a portal account with an activation code
  The front desk gives a registered patient an activation code at their clinic. The patient
  proves who they are with the code and their date of birth, then chooses a username and a
  password. A code opens enrollment once.

  Rule: A valid code and the right date of birth open enrollment, once

    @id:ENR-01 @smoke @severity:blocker
    Example: Maria activates her account with the code from the front desk
      Given Maria is a registered patient of "Eastside Clinic"
      And the front desk at "Eastside Clinic" has given Maria an activation code
      When Maria activates her account with her code, her date of birth and a new password
      Then Maria is told her account is ready and she can sign in

    @id:ENR-03 @severity:critical
    Example: An activation code works only once
      Given Maria has an active portal account
      When someone enters Maria's activation code and date of birth again
      Then the activation page says the code has already been used
