@enrollment
Feature: Enroll as a proxy with a child's proxy code
  The front desk gives a parent a proxy code for their child's record. The parent enters it with
  the child's date of birth, and the child's record joins the records they can choose from.

  Rule: A proxy code and the child's date of birth add the child's record to the parent's account

    @id:ENR-06 @story:PP-103 @severity:critical @needs:admin @needs:mailbox
    Example: Maria adds her daughter Sam's record with Sam's proxy code
      Given Maria has an active portal account
      And the front desk at "Eastside Clinic" has given Maria a proxy code for Sam
      And Maria is signed in
      When Maria enters Sam's proxy code and her date of birth
      Then Maria is told she can now view Sam's record, and can choose it
