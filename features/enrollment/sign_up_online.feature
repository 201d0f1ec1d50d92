@enrollment
Feature: Sign up online without an activation code
  A patient without a code can create an account online. Until the clinic has confirmed who
  they are (usually at the desk, with an ID), the account shows no health information at all.

  @id:ENR-05 @story:PP-102 @smoke @severity:critical @needs:admin @needs:mailbox
  Scenario Outline: Maria signed up online and the clinic <status> confirmed who she is
    Given Maria is a registered patient of "Eastside Clinic"
    And Maria has signed up online
    And the clinic <status> confirmed who Maria is
    And Maria has signed in to her new account
    When Maria looks for her health information
    Then <outcome>

    Examples:
      | status      | outcome                                                                                 |
      | has not yet | Maria is told the clinic is still confirming who she is, and sees no health information |
      | has         | Maria sees her health information, with no identity notice                              |
