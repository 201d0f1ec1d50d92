@enrollment
Feature: Set up sign-in codes at the first sign-in
  An account activated online has no confirmed address for its one-time sign-in codes yet. Its
  first sign-in asks where to send them; the code sent there confirms the address and signs the
  patient in. Every one-time code works once, and only for a few minutes.

  @id:ENR-08 @story:PP-105 @severity:critical @needs:admin @needs:mailbox @needs:clock
  Scenario Outline: Maria enters her first sign-in code <moment>
    Given Maria has activated her account online
    And Maria has entered her password for the first time and been sent a sign-in code
    And Maria comes back to her sign-in code <moment>
    When Maria enters the code the portal emailed for her first sign-in
    Then <outcome>

    Examples:
      | moment                               | outcome                                                         |
      | a minute before it expires           | Maria is signed in and told her sign-in codes are set up        |
      | a minute after it expires            | the sign-in code page says the code is not right or has expired |
      | after it was used in another browser | the sign-in code page says the code is not right or has expired |
