@proxy
Feature: Parents act in their children's records, by the child's age
  A parent registered as proxy sees a young child's whole record, and every page says whose
  record is open. From the child's 12th birthday the parent sees only part of it, unless the
  adolescent gives them full access; on the 18th birthday parental access ends and the parent
  gets a notice that names no one. Birthdays turn at midnight in the clinic's time zone.

  Rule: A parent of a child up to 11 has full access, and always sees whose record is open

    @id:PRX-01 @story:PP-401 @smoke @severity:critical @needs:admin @needs:mailbox
    Example: Maria opens her daughter Sam's record
      Given Maria has parental proxy access to Sam at "Eastside Clinic"
      And Maria is signed in
      When Maria switches to Sam's record
      Then Maria sees she is viewing Sam's record with full access

  Rule: On the 12th birthday the parent's access drops to limited, with no manual step

    @id:PRX-02 @story:PP-401 @smoke @severity:critical @needs:admin @needs:clock @needs:mailbox
    Scenario Outline: Maria's access to Sam's record on <side> Sam's 12th birthday
      Given Maria has parental proxy access to Sam at "Harbour Clinic" in the Pacific/Auckland time zone
      And it is <side> Sam's birthday that limits parental access
      And Maria is signed in
      When Maria switches to Sam's record
      Then Maria sees she is viewing Sam's record with <access> access

      Examples:
        | side           | access  |
        | the day before | full    |
        | the day of     | limited |

  Rule: A 12-17-year-old with their own account decides whether a parent has full access

    @id:PRX-03 @story:PP-401 @severity:critical @needs:admin @needs:mailbox
    Scenario Outline: Leo <change> full access for his mother on his sharing page
      Given Leo has an active portal account
      And Maria has parental proxy access to Leo at "Eastside Clinic"
      And Maria <had> full access to Leo's record
      And Leo is signed in
      When Leo <change> full access for Maria on his sharing page
      Then Leo's sharing page shows Maria with <access> access

      Examples:
        | had           | change  | access  |
        | does not have | grants  | full    |
        | has           | revokes | limited |

  Rule: On the 18th birthday parental access ends, and the parent gets a notice that names no one

    @id:PRX-04 @story:PP-401 @smoke @severity:critical @needs:admin @needs:clock @needs:mailbox
    Scenario Outline: Maria's access to Leo's record on <side> Leo's 18th birthday
      Given Maria has parental proxy access to Leo at "Mountain Clinic" in the America/Denver time zone
      And it is <side> Leo's birthday that ends parental access
      And Maria is signed in
      When Maria opens her home page
      Then Maria <can> choose Leo's record
      And Maria has received <notices> notice that her proxy access has changed, naming no one

      Examples:
        | side           | can           | notices |
        | the day before | can           | no      |
        | the day of     | can no longer | one     |
