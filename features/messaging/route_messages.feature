@messaging
Feature: Route patient messages to the right team
  Patients pick a topic; the clinic's routing rules decide which staff pool answers. A message
  is routed once, when it arrives: a changed rule applies to new messages only. A message to a
  provider who is away goes to the pool covering for them.

  Background:
    Given Maria is an enrolled patient of "Eastside Clinic"
    And Sofia is a supervisor at "Eastside Clinic"
    And Sofia is signed in to the staff console

  Rule: A message lands in the pool its topic's routing rule names

    @id:MSG-01 @story:PP-214 @smoke @severity:blocker @needs:admin
    Scenario Outline: A "<topic>" message goes to the "<pool>" pool of Maria's clinic
      Given "Eastside Clinic" routes "<topic>" messages to its "<pool>" pool
      And Maria is signed in
      When Maria sends a "<topic>" message
      Then Sofia finds Maria's message in the "<pool>" pool

      Examples:
        | topic            | pool    |
        | Billing question | Billing |
        | Medical question | Nurse   |

    @id:MSG-02 @story:PP-214 @severity:critical @needs:admin
    Example: New messages follow a changed rule; messages already routed stay where they are
      Given "Eastside Clinic" routes "Billing question" messages to its "Billing" pool
      And Maria has sent a "Billing question" message
      And an administrator has since routed "Billing question" messages of "Eastside Clinic" to its "Accounts" pool
      When Maria sends another "Billing question" message
      Then Sofia finds Maria's new message in the "Accounts" pool
      And Sofia still finds Maria's earlier message in the "Billing" pool

    @id:MSG-10 @story:PP-214 @since:2026.2 @severity:critical @needs:admin
    Example: A prescription renewal goes to the pharmacy pool of Maria's own clinic
      Given "Westside Clinic" has a "Pharmacy" pool
      And "Eastside Clinic" has a "Pharmacy" pool
      And Maria is signed in
      When Maria sends a "Prescription renewal" message
      Then Sofia finds Maria's message in the "Pharmacy" pool

  Rule: While a provider is out of office, their messages go to the covering pool

    @id:MSG-04 @story:PP-214 @severity:normal @needs:admin
    Example: Maria writes to her provider while he is away
      Given Omar is a doctor at "Eastside Clinic"
      And Omar is Maria's provider, out of office this week with the "Nurse" pool covering
      And Maria is signed in
      When Maria sends a "Medical question" message to her provider
      Then Maria gets an automatic reply that Omar is away and the "Nurse" team is covering
      And Sofia finds Maria's message in the "Nurse" pool
