@interfaces
Feature: Malformed HL7 messages are refused
  A message the portal cannot process is answered with an error acknowledgement (AR rejected,
  AE error) and changes nothing: a message is applied whole or not at all.

  Background:
    Given Maria is an enrolled patient of "Eastside Clinic"
    And the lab has sent a final routine result for Maria
    And Maria is signed in

  @id:INT-03 @story:PP-304 @severity:normal @needs:hl7
  Scenario Outline: A malformed message is refused and Maria's results stay as they were
    When the lab's interface sends <message>
    Then the interface answers <acknowledgement>
    And Maria still sees only her earlier result, unchanged

    Examples:
      | message                                                      | acknowledgement |
      | text that is not an HL7 message                              | AR (rejected)   |
      | results for Maria in an HL7 version the portal does not accept | AR (rejected)   |
      | results for Maria whose last observation has no value        | AE (error)      |
