@reports
Feature: Canned responses and auto-replies per pool
  Portal managers follow how often each pool answers with a canned response and how many
  automatic replies (after hours, holidays, out of office) its patients receive, for a range of
  days on the clinic's calendar, and export the same counts to CSV.

  Background:
    Given Priya is a supervisor at "Lakeside Clinic"

  @id:RPT-03 @story:PP-601 @severity:normal @needs:clock @needs:admin
  Scenario: The counts per pool for a week, on the page and in the CSV export
    Given these messages reached "Lakeside Clinic", open 08:00 to 17:00 on weekdays, in the week of 2026-03-02:
      | patient | topic            | sent          | answered by staff                      |
      | Maria   | Medical question | Monday 10:00  | Monday 12:00 with a canned response    |
      | George  | Billing question | Monday 20:00  | Tuesday 08:30                          |
      | Maria   | Medical question | Tuesday 18:30 | Wednesday 09:00 with a canned response |
    And Priya is signed in to the staff console
    When Priya opens the canned responses and auto-replies report from 2026-03-02 to 2026-03-06
    Then the replies report shows, for "Nurses", 2 canned responses used and 1 after-hours auto-reply
    And the replies report shows, for "Billing", 0 canned responses used and 1 after-hours auto-reply
    And the replies CSV export matches the page row for row
