@interfaces
Feature: Lab results arrive over the HL7 v2 interface
  The lab sends each result as an ORU^R01 message. The portal files it in the record of the
  patient the message names, under the release rules, and acknowledges it. A result for a
  patient the portal does not know is answered with an error and stored nowhere.

  Background:
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Maria is signed in

  @id:INT-01 @story:PP-304 @severity:critical @needs:hl7
  Scenario Outline: A result reaches the patient it names, under the release rules
    When the lab sends a <status> routine result for Maria under <identifier>
    Then the interface answers <acknowledgement>
    And Maria <sees>

    Examples:
      | status      | identifier                     | acknowledgement | sees                                         |
      | final       | her MRN                        | AA (accepted)   | sees the result with the values the lab sent |
      | preliminary | her MRN                        | AA (accepted)   | finds no test results                        |
      | final       | an MRN the portal does not know | AE (error)      | finds no test results                        |
