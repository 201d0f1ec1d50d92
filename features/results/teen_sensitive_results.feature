@results
Feature: A teen's sensitive results stay between the teen and the care team
  Minors consent to their own HIV, STI and pregnancy care. When a 12-17-year-old gives a parent
  full access to their record, the parent sees the teen's other results, but never the sensitive
  ones: not in the list, the new-results count, the notification emails or the downloads. The
  teen sees everything.

  Background:
    Given Leo, who is 15, has given his parent Maria full access to his record
    And the lab has sent Leo a routine result, then his HIV, STI and pregnancy results

  @id:RES-04 @story:PP-306 @smoke @severity:blocker @needs:hl7 @needs:mailbox @needs:admin
  Scenario Outline: Maria sees Leo's routine result and none of his sensitive ones; Leo sees all
    Given <viewer> is signed in
    When <viewer> looks at Leo's <place>
    Then <viewer> finds Leo's routine result and <sensitive> of his HIV, STI and pregnancy results

    Examples: The parent
      | viewer | place             | sensitive |
      | Maria  | test results      | none      |
      | Maria  | new-results count | none      |
      | Maria  | new-result emails | none      |
      | Maria  | downloaded record | none      |

    Examples: The teen
      | viewer | place             | sensitive |
      | Leo    | test results      | all       |
      | Leo    | new-results count | all       |
      | Leo    | new-result emails | all       |
      | Leo    | downloaded record | all       |
