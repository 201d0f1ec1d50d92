@reports
Feature: Weekly registrations per site
  Every week the portal manager reports, per site, the activation codes staff generated, how many
  were redeemed and how many ran out unused, the conversion rate and the new portal accounts.
  A code counts at the site that issued it, whatever clinic the patient belongs to now. A code
  that was replaced by a new one, or voided after too many wrong answers, did not expire.

  @id:RPT-01 @story:PP-601 @smoke @severity:critical @needs:clock @needs:admin
  Scenario: A site's week reconciles with the codes it handled
    Given these activation codes were handled at "Riverside Clinic" in the week of 2026-02-09 and the week before:
      | patient | patient of       | issued               | then                                                |
      | Maria   | Riverside Clinic | the Tuesday before   | was never used                                      |
      | George  | Riverside Clinic | the Wednesday before | was replaced by a new code on Monday                |
      | Rosa    | Riverside Clinic | the Thursday before  | was voided after wrong answers on the Friday before |
      | Ivan    | Riverside Clinic | Monday               | was redeemed on Tuesday                             |
      | Lucia   | Hillcrest Clinic | Tuesday              | was redeemed on Wednesday                           |
    And Priya is a supervisor at "Riverside Clinic"
    And Priya is signed in to the staff console
    When Priya opens the weekly registrations report for the week of 2026-02-09
    Then the weekly report's row for "Riverside Clinic" shows 3 codes generated, 2 redeemed, 1 expired, a conversion rate of 66.7% and 2 new accounts
