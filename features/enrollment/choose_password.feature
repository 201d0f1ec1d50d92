@enrollment
Feature: Choose a password when activating an account
  Passwords follow NIST 800-63B: long enough, not on a list of common or breached passwords,
  and no rules about symbols or digits, so a long passphrase of plain words is welcome.

  @id:ENR-07 @story:PP-104 @severity:normal @needs:admin
  Scenario Outline: Maria chooses <password>
    Given Maria is a registered patient of "Eastside Clinic"
    And the front desk at "Eastside Clinic" has given Maria an activation code
    When Maria activates her account choosing <password>
    Then <outcome>

    Examples:
      | password                                          | outcome                                                |
      | a password one character shorter than the minimum | the new password is refused as too short               |
      | a password of exactly the minimum length          | Maria is told her account is ready and she can sign in |
      | a well-known common password                      | the new password is refused as too common              |
      | a long passphrase of plain words                  | Maria is told her account is ready and she can sign in |
