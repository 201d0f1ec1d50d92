@accessibility
Feature: Every screen passes an automated WCAG 2.1 AA scan
  Staff and patients alike use screen readers, magnifiers and keyboards. Beyond the core screens
  (A11Y-01), an automated scan (axe, WCAG 2.1 A and AA rules) of every other screen of the staff
  console and the patient portal finds no serious or critical problem. Each screen is scanned with
  something on it, and the findings of each scan are attached to the report.

  @id:A11Y-05 @story:PP-503 @severity:normal @needs:admin @needs:mailbox
  Scenario Outline: The <screen> screen of the staff console has no serious or critical WCAG 2.1 A/AA violation
    Given Maria is an enrolled patient of "Eastside Clinic"
    And the staff console of "Eastside Clinic" shows a message from Maria in its "Nurses" pool and a partner organisation with an MOU
    And Nora is a <role> at "Eastside Clinic"
    And Nora is signed in to the staff console
    When Nora opens the <screen> screen of the staff console
    Then an automated scan of the screen finds no serious or critical WCAG 2.1 A/AA violation

    Examples:
      | screen                      | role                 |
      | sign-in                     | supervisor           |
      | console                     | supervisor           |
      | my messages                 | doctor               |
      | pool                        | supervisor           |
      | conversation                | supervisor           |
      | clinic settings             | portal administrator |
      | message routing             | portal administrator |
      | canned responses            | portal administrator |
      | opening hours               | portal administrator |
      | partner organizations       | portal administrator |
      | partner organization        | portal administrator |
      | MOU                         | portal administrator |
      | reports                     | supervisor           |
      | weekly registrations report | supervisor           |
      | portal use report           | supervisor           |
      | replies report              | supervisor           |
      | timely access report        | supervisor           |
      | audit log                   | supervisor           |
      | account support             | support agent        |
      | support account             | support agent        |
      | demographics changes        | front desk clerk     |
      | possible duplicates         | front desk clerk     |
      | not found                   | supervisor           |

  @id:A11Y-06 @story:PP-503 @severity:normal @needs:admin @needs:mailbox
  Scenario Outline: The <screen> screen of the patient portal has no serious or critical WCAG 2.1 A/AA violation
    Given Maria is an enrolled patient of "Eastside Clinic"
    And the patient portal's <screen> screen has something on it for Maria
    When the <screen> screen of the patient portal is opened
    Then an automated scan of the screen finds no serious or critical WCAG 2.1 A/AA violation

    Examples:
      | screen                  |
      | find a clinic           |
      | clinic contact          |
      | results preferences     |
      | proxy account           |
      | messaging not available |
      | profile                 |
      | sharing                 |
      | health summary          |
      | activity log            |
      | send record             |
      | home reading            |
      | clinical note           |
      | password reset request  |
