@reports
Feature: Timely access and view, download, transmit
  The Meaningful Use style report: of the patients with a result reported in the range, the share
  who could see every such result within 4 business days (Monday to Friday on the clinic's clock,
  its holidays excluded); and of the patients with a portal account, the share who viewed,
  downloaded or sent their record.

  Background:
    Given Priya is a supervisor at "Lakeside Clinic"

  @id:RPT-04 @story:PP-601 @severity:normal @needs:clock @needs:admin
  Scenario: A weekend does not count towards the 4 business days
    Given results were reported at "Lakeside Clinic" on Thursday 2026-03-05 at 10:00 and became visible:
      | patient | visible                 | looked at their record |
      | Maria   | at once                 | yes                    |
      | George  | on Wednesday 2026-03-11 | no                     |
      | Rosa    | on Thursday 2026-03-12  | no                     |
    And Priya is signed in to the staff console
    When Priya opens the timely access report from 2026-03-02 to 2026-03-08
    Then the timely access report shows 2 of 3 patients (66.7%) given timely access and 1 of 3 (33.3%) who viewed, downloaded or sent their record
