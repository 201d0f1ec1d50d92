@accessibility
Feature: Problems and warnings are announced in words
  A screen reader user hears what went wrong and where: errors are text in an error summary that
  links to each field, and each field is described by its own error. The session-timeout warning
  is announced and can be answered from the keyboard at once.

  @id:A11Y-03 @story:PP-503 @severity:normal
  Scenario: Errors on the activation form are words tied to their fields
    When someone submits the activation form with neither a code nor a date of birth
    Then the error summary names each problem in words, each linked to its field
    And each field with a problem is marked invalid and described by its error message

  @id:A11Y-04 @story:PP-503 @severity:normal @needs:clock @needs:mailbox
  Scenario: The session-timeout warning is announced, ready to extend the session
    Given Maria has an active portal account
    And Maria is signed in
    When Maria leaves her home page open until 2 minutes before the idle timeout
    Then a warning is announced as an alert dialog, with the button to stay signed in focused
