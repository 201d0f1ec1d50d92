@vdt
Feature: Limit my record to a date range
  A patient may view, download or send only part of the record: a date range includes its From
  day and its To day, in the clinic's time zone, and nothing before or after them.

  Background:
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria's record has entries on the days around a date range
    And Maria is signed in

  @id:VDT-03 @story:PP-301 @severity:normal @needs:admin @needs:mailbox
  Scenario Outline: Maria <takes> her record for a date range
    When Maria <takes> her record for that date range
    Then what Maria got holds only the entries from the first to the last day of the range

    Examples:
      | takes     |
      | views     |
      | downloads |
      | sends     |
