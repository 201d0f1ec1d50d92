@upgrade
Feature: What people made before a portal upgrade is still there after it
  An upgrade must carry every account, proxy, message, result and setting across intact. Each
  scenario runs in two halves. A run without a baseline is the half before the upgrade: it makes
  the data through the portal's interfaces, checks what people see, and records it in the run
  archive (continuity.json). A run given the baseline (`portal-harness run --baseline RUN`),
  against the upgraded portal, is the half after it: it checks that everything the baseline
  recorded is still there and unchanged.

  @id:UPG-01 @story:PP-701 @smoke @severity:blocker @needs:admin @needs:mailbox
  Scenario: Accounts and proxy access made before the upgrade still work after it
    Given Maria's account and Carlos's adult-proxy access to her record are carried across the upgrade
    When Maria signs in with her password and the one-time code from her email
    Then Maria sees her home page
    And Maria's sharing page shows Carlos with the access level and end date carried across the upgrade
    And Carlos can still act for Maria with the password he chose

  @id:UPG-02 @story:PP-701 @severity:critical @needs:admin @needs:hl7 @needs:mailbox
  Scenario: Messages, attachments and results made before the upgrade are intact after it
    Given Lucia's messages, attachment and lab result are carried across the upgrade
    When Lucia signs in with her password and the one-time code from her email
    Then Lucia's messages are all there with the same words, to the last character
    And the attachment Lucia sent opens with the same content
    And Lucia's lab result shows the same values

  @id:UPG-03 @story:PP-701 @severity:critical @needs:admin
  Scenario: Routing rules, clinic hours, canned responses and partner agreements still apply after the upgrade
    Given a clinic's routing rule, hours, canned response and partner agreement are carried across the upgrade
    When Maria sends a "Billing question" message
    Then the message lands in the pool the clinic's routing rule names
    And the clinic's contact page shows the hours it was given
    And the clinic's canned response is offered to its staff
    And the partner nurse still sees Maria among her facility's patients
