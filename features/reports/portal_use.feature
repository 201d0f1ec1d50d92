@reports
Feature: Portal use dashboard
  Portal managers watch how the portal is used: active users, the messages each pool receives,
  how fast staff first respond (median and 90th percentile; an automatic reply is not a response),
  the share answered after the 24-hour target, and proxies by type. The CSV export carries the
  same numbers as the page.

  Background:
    Given Priya is a supervisor at "Lakeside Clinic"

  @id:RPT-02 @story:PP-601 @severity:critical @needs:clock @needs:admin
  Scenario: First responses count staff replies only, and the CSV export matches the page
    Given Carlos has been Maria's adult proxy at "Lakeside Clinic" since before the week of 2026-03-02
    And these messages reached "Lakeside Clinic", open 08:00 to 17:00 on weekdays, in the week of 2026-03-02:
      | patient | topic            | sent          | answered by staff |
      | Maria   | Medical question | Monday 10:00  | Monday 12:00      |
      | George  | Billing question | Monday 20:00  | Tuesday 08:30     |
      | Maria   | Medical question | Tuesday 09:00 | Wednesday 11:00   |
    And Priya is signed in to the staff console
    When Priya opens the portal use report from 2026-03-02 to 2026-03-06
    Then the portal use report shows 2 active users, a median first response of 750.0 min, a 90th percentile of 1560.0 min and 33.3% answered after the response target
    And the portal use report counts 2 messages in "Nurses", 1 in "Billing" and 1 adult proxy
    And the portal use CSV export matches the page row for row
