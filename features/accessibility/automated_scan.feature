@accessibility
Feature: The core screens pass an automated WCAG 2.1 AA scan
  Patients use screen readers, magnifiers and keyboards. An automated scan (axe, WCAG 2.1 A and
  AA rules) of every core screen finds no serious or critical problem. The findings of each scan
  are attached to the report.

  Background:
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria is signed in, with a result, a message, an upcoming appointment and Sam's record to switch to

  @id:A11Y-01 @story:PP-503 @smoke @severity:critical @needs:admin
  Scenario Outline: The <screen> screen has no serious or critical WCAG 2.1 A/AA violation
    When the <screen> screen is scanned for WCAG 2.1 A and AA problems
    Then the scan finds no serious or critical violation

    Examples:
      | screen         |
      | sign-in        |
      | enrollment     |
      | home           |
      | results        |
      | messages       |
      | download       |
      | proxy switcher |
      | appointments   |
