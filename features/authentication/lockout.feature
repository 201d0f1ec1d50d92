@authentication
Feature: Lock an account after repeated wrong passwords
  After the organisation's number of consecutive wrong passwords the account locks, so nobody can
  keep guessing. One attempt fewer does not lock it. Support staff see the lock when the patient calls.

  Background:
    Given Maria has an active portal account
    And Nora is a support agent at "Eastside Clinic"
    And Nora is signed in to the staff console

  @id:AUTH-02 @story:PP-106 @severity:critical @needs:admin
  Scenario Outline: The lockout limit locks Maria's account, one failure fewer does not
    When someone enters a wrong password for Maria <failures> times in a row
    Then the sign-in page says <what the page says>
    And Nora finds Maria's account <status> in account support

    Examples:
      | failures                        | what the page says                    | status |
      | one fewer than the lockout limit | the username or password is incorrect | active |
      | the lockout limit               | the account is locked                 | locked |
