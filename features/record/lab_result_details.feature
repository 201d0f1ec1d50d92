@vdt
Feature: Read a lab result in full
  A lab result shows what a patient needs to understand it: the test, the value with its units,
  the reference range, whether it is abnormal (in words, never by colour alone), the lab that
  performed it and the report date. A result the lab corrected says so.

  @id:VDT-02 @story:PP-301 @severity:critical @needs:hl7
  Scenario: A corrected high result says "High" and "Corrected" in words
    Given Maria is an enrolled patient of "Eastside Clinic"
    And the lab has reported a high result for Maria and then corrected it
    And Maria is signed in
    When Maria opens that result from her health summary
    Then the result shows its name, value, units, reference range, performing lab and report date
    And the result says in words that it is high, and that the lab corrected it
