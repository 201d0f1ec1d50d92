@demographics
Feature: Stop duplicate accounts at enrollment
  One person, one account. When someone enrolls with the name and date of birth, or the email
  address, of an existing account, enrollment stops without saying why, and support gets the case
  to contact the person.

  @id:DEM-04 @story:PP-102 @severity:critical @needs:admin
  Scenario Outline: Someone signs up online with an existing account's <details>
    Given Maria has an active portal account
    And Nora is a support agent at "Eastside Clinic"
    And Nora is signed in to the staff console
    When someone signs up online with Maria's <details>
    Then the sign-up is paused and says support will be in touch
    And Nora sees a possible duplicate of Maria's account, matched on <details>

    Examples:
      | details                |
      | name and date of birth |
      | email address          |
