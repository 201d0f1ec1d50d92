@demographics
Feature: Keep my contact details up to date
  A patient changes their phone number, email address or home address in the profile. Staff verify
  the change with the patient before it is saved to the record, and the audit log keeps the values
  before and after.

  Rule: A patient's change waits for staff verification, and its values before and after are kept

    @id:DEM-01 @story:PP-501 @severity:critical @needs:admin
    Example: Maria's new phone, email and address wait for staff to verify them
      Given Maria is an enrolled patient of "Eastside Clinic"
      And Maria is signed in
      And Nora is a supervisor at "Eastside Clinic"
      When Maria asks to change her phone number, email address and home address
      Then Maria's profile shows her change waiting for verification, and her record unchanged
      And Nora sees Maria's change with the values before and after, in the verification queue and in the audit log
