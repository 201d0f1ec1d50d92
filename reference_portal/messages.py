"""What the portal says to people, in one place (so wording is reviewed, and translatable later)."""

# Activation
ACTIVATION_CODE_MISSING = "Enter your activation code"
DATE_OF_BIRTH_MISSING = "Enter your date of birth"
DATE_OF_BIRTH_INVALID = "Enter your date of birth as a real date"
ACTIVATION_NOT_RIGHT = "The activation code or date of birth is not right"
ACTIVATION_VOID = "This activation code can no longer be used. Ask your clinic for a new one."
ACTIVATION_EXPIRED = "This activation code has expired."
ACTIVATION_USED = "This activation code has already been used."

# Account creation
USERNAME_MISSING = "Enter a username"
USERNAME_INVALID = "Usernames are 3 to 50 characters: letters, numbers and . _ - @"
USERNAME_TAKEN = "That username is already taken. Choose another."
EMAIL_MISSING = "Enter your email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
PASSWORD_MISSING = "Enter a password"
PASSWORD_TOO_SHORT = "Your password must be at least {minimum} characters."
PASSWORD_TOO_LONG = "Your password must be {maximum} characters or fewer."
PASSWORD_TOO_COMMON = "That password is too common. Choose a different one."
PASSWORD_IS_USERNAME = "Your password must not be your username."
PASSWORD_CONFIRM_MISSING = "Enter your password again"
PASSWORD_MISMATCH = "The passwords do not match."
ACCOUNT_READY = "Your account is ready. Sign in to continue."

# Sign-in
SIGN_IN_USERNAME_MISSING = "Enter your username"
SIGN_IN_PASSWORD_MISSING = "Enter your password"
SIGN_IN_INCORRECT = "Your username or password is incorrect."
SIGN_IN_WRONG_PAGE = "This is a partner account: sign in on the partner sign-in page."
ACCOUNT_LOCKED = "Your account is locked. Contact support to unlock it."
ONE_TIME_CODE_MISSING = "Enter the code we sent you"
ONE_TIME_CODE_WRONG = "That code is not right or has expired."
SIGNED_OUT = "You have signed out."
SESSION_ENDED = "For your security, we signed you out. Sign in again to continue."
FORM_EXPIRED = "This form has expired. Please try again."

# Emails: never PHI (no names, results, message content, specialty)
SIGN_IN_CODE_SUBJECT = "Your Riverbend sign-in code"
SIGN_IN_CODE_BODY = (
    "Your Riverbend sign-in code is {code}.\n\n"
    "It expires in {minutes} minutes and can be used once.\n\n"
    "If you did not try to sign in, you can ignore this email or contact support.\n"
)

# --- Enrollment and authentication (auth area) ---------------------------------------------------
# Request a new activation code (ENR-02)
FIRST_NAME_MISSING = "Enter your first name"
LAST_NAME_MISSING = "Enter your last name"
DATE_OF_BIRTH_IN_FUTURE = "Your date of birth must be in the past"
CODE_REQUEST_RECEIVED = (
    "Thank you. We have sent your request to your clinic's front desk. When they have checked your"
    " details, they will email you a new activation code."
)
NEW_ACTIVATION_CODE_SUBJECT = "Your new Riverbend activation code"
NEW_ACTIVATION_CODE_BODY = (
    "Your clinic has given you a new activation code for the Riverbend patient portal:\n\n"
    "    {code}\n\n"
    "It works once, for {days} days. Any code you were given before no longer works.\n\n"
    'Go to the portal, choose "Activate your account" and enter the code with your date of birth.\n\n'
    "If you did not ask for a new code, contact your clinic.\n"
)

# Self-enrollment (ENR-05)
SIGNED_UP = (
    "Your account is created. Sign in to continue. We will confirm who you are before we show your health information."
)
IDENTITY_PENDING = (
    "We are checking who you are. Until your clinic has confirmed your identity, your health information"
    " is not shown here. This usually takes up to 2 business days."
)

# Sign-in codes set-up (ENR-08)
MFA_EMAIL_MISSING = "Enter the email address for sign-in codes"
MFA_SET_UP = "Sign-in codes are set up. We will email you a code each time you sign in."
MFA_SETUP_CODE_SUBJECT = "Confirm your email for Riverbend sign-in codes"
MFA_SETUP_CODE_BODY = (
    "Your Riverbend confirmation code is {code}.\n\n"
    "Enter it in the portal to receive your sign-in codes at this address."
    " It expires in {minutes} minutes and can be used once.\n\n"
    "If you did not set up a Riverbend account, you can ignore this email.\n"
)

# Sessions (AUTH-03)
SESSION_ENDED_IDLE = "You were signed out because you were inactive for {minutes} minutes. Sign in again to continue."
SESSION_SIGNED_OUT_TITLE = "You have been signed out"
SESSION_STILL_SIGNED_IN = "You are still signed in."

# Password reset (AUTH-06)
RESET_USERNAME_MISSING = "Enter your username"
RESET_LINK_SENT = (
    "If there is an account with that username, we have emailed a link to reset its password."
    " The link works once, for {minutes} minutes."
)
RESET_LINK_EXPIRED = "This password reset link has expired. Ask for a new one."
RESET_LINK_USED = "This password reset link has already been used. Ask for a new one if you need to."
RESET_LINK_INVALID = "This password reset link is not valid. Ask for a new one."
PASSWORD_CHANGED = "Your password has been changed. Sign in with your new password."
RESET_EMAIL_SUBJECT = "Reset your Riverbend password"
RESET_EMAIL_BODY = (
    "Someone asked to reset the password of your Riverbend patient portal account.\n\n"
    "To choose a new password, open this link:\n{link}\n\n"
    "The link works once and expires in {minutes} minutes.\n\n"
    "If you did not ask for this, ignore this email: your password has not changed.\n"
)
PASSWORD_CHANGED_SUBJECT = "Your password was changed"
PASSWORD_CHANGED_BODY = (
    "The password of your Riverbend patient portal account was changed.\n\n"
    "If you changed it, you do not need to do anything.\n\n"
    "If you did not, contact support straight away so we can protect your account.\n"
)

# --- Proxy access (proxy area) -------------------------------------------------------------------
VIEWING_RECORD = "You are viewing {name}'s record"
ACCESS_LEVEL_LABELS = {"full": "full access", "limited": "limited access"}
SWITCHED_TO_OWN_RECORD = "You are now viewing your own record."
SWITCHED_TO_RECORD = "You are now viewing {name}'s record."
SWITCH_NOT_ALLOWED = "You do not have access to that record."
RECORD_ACCESS_LOST = "You no longer have access to this record"
# Sharing (adult proxies, PRX-05; an adolescent's consent, PRX-03)
SHARE_IDENTIFIER_MISSING = "Enter the username or email address of the person you want to share with"
SHARE_PERSON_NOT_FOUND = "We could not find a portal account with that username or email address."
SHARE_EMAIL_AMBIGUOUS = "More than one account uses that email address. Enter their username instead."
SHARE_WITH_YOURSELF = "You cannot share access with yourself."
SHARE_WITH_MINOR = "You can only share access to your record with an adult."
SHARE_ALREADY = "{name} already has access to your record."
SHARE_ENDS_ON_INVALID = "Enter the date access ends as a real date"
SHARE_ENDS_ON_PAST = "The date access ends must be in the future"
SHARE_ENDS_ON_TOO_LATE = "Access can be shared for at most {months} months, until {latest}"
SHARE_MINOR = "You can share access to your record with another adult from your 18th birthday."
SHARE_NOT_AN_ADULT_PROXY = "Only access you shared yourself can be renewed here."
SHARED = "{name} can now see your record until {until}."
RENEWED = "{name} can now see your record until {until}."
REVOKED = "{name} can no longer see your record."
FULL_ACCESS_GRANTED = "{name} now has full access to your record, except sensitive results."
FULL_ACCESS_REVOKED = "{name} now has limited access to your record."
FULL_ACCESS_ONLY_ADOLESCENT = "Only a patient aged 12 to 17 can change a parent's access here."
PROXY_NOT_FOUND = "That person does not have access to your record."
# Proxy enrollment with a proxy code (ENR-06)
PROXY_CODE_MISSING = "Enter your proxy code"
PATIENT_BIRTH_DATE_MISSING = "Enter the patient's date of birth"
PATIENT_BIRTH_DATE_INVALID = "Enter the patient's date of birth as a real date"
PROXY_CODE_NOT_RIGHT = "The proxy code or date of birth is not right"
PROXY_CODE_VOID = "This proxy code can no longer be used. Ask your clinic for a new one."
PROXY_CODE_EXPIRED = "This proxy code has expired. Ask your clinic for a new one."
PROXY_CODE_USED = "This proxy code has already been used."
PROXY_CODE_OWN_RECORD = "This proxy code is for your own record. Use an activation code to open your own record."
PROXY_CODE_ALREADY_PROXY = "You already have access to this record."
PROXY_CODE_ACCESS_ENDED = "This proxy code can no longer be used: the patient is now an adult."
PROXY_ATTACHED = "You can now view {name}'s record. Choose it under \u201cWhose record\u201d."
# Emails: never PHI (no patient name, no relationship details)
PROXY_ENDED_SUBJECT = "Your Riverbend proxy access has changed"
PROXY_ENDED_BODY = "Your proxy access to an account has ended. Please sign in for details.\n"
PROXY_GRANTED_SUBJECT = "You have been given access on the Riverbend portal"
PROXY_GRANTED_BODY = (
    "Someone has given you proxy access to their account on the Riverbend patient portal.\n\n"
    "Please sign in for details.\n"
)

# --- Results and health record (results area) ----------------------------------------------------
# The new-result notice (RES-07): no test name, value, specialty or clinic name.
NEW_RESULTS_SUBJECT = "You have new test results"
NEW_RESULTS_BODY = "You have new test results. Please sign in to see them.\n"
RESULTS_PREFERENCE_SAVED = "Your results preference is saved."
RESULTS_PREFERENCE_MISSING = "Choose when new results should appear"
READING_SAVED = "Your reading is saved. Your care team can see it."
READING_TYPE_MISSING = "Choose the type of reading"
READING_VALUE_MISSING = "Enter the value of your reading"
READING_BLOOD_PRESSURE_INVALID = "Enter blood pressure as two numbers, like 120/80"
READING_NUMBER_INVALID = "Enter the value as a number, like {example}"
READING_OUT_OF_RANGE = "Check the value: it should be between {low} and {high} {units}"
READING_DATE_MISSING = "Enter the date of the reading"
READING_DATE_INVALID = "Enter the date of the reading as a real date"
READING_DATE_IN_FUTURE = "The date of the reading must be today or in the past"

# --- Secure messaging and the staff console (messaging area) ---------------------------------------
MESSAGE_TOPIC_MISSING = "Choose a topic"
MESSAGE_TOPIC_UNKNOWN = "Choose one of the topics: {topics}"
MESSAGE_SUBJECT_MISSING = "Enter a subject"
MESSAGE_SUBJECT_TOO_LONG = "The subject must be {maximum} characters or fewer"
MESSAGE_BODY_MISSING = "Enter your message"
MESSAGE_BODY_TOO_LONG = "Your message must be {maximum} characters or fewer"
MESSAGE_NO_PROVIDER = "You do not have a provider to write to. Choose your care team."
MESSAGE_SENT = "Your message has been sent."
MESSAGING_NOT_ALLOWED = "Messaging is not available for this record."
REPLY_SENT = "Your reply has been sent."
# MSG-08: shown to the patient when a message contains urgent words
URGENT_ADVISORY = (
    "If this is an emergency, call 911 or go to the nearest emergency room now."
    " Do not wait for a reply to this message."
)
# MSG-07: attachments
ATTACHMENT_HINT = "Optional. {types}, up to {size}."
ATTACHMENT_WRONG_TYPE = "The attachment must be a {types} file"
ATTACHMENT_TOO_LARGE = "The attachment must be {size} or smaller"
ATTACHMENT_EMPTY = "The attachment is empty. Choose another file."
# MSG-03 / MSG-04: automatic replies, with emergency instructions
AUTO_REPLY_AUTHOR = "{clinic} (automatic reply)"
EMERGENCY_INSTRUCTIONS = "If this is an emergency, call 911 or go to the nearest emergency room."
AUTO_REPLY_CALL_CLINIC = " For an urgent question that cannot wait, call the clinic at {phone}."
AFTER_HOURS_AUTO_REPLY = (
    "Thank you for your message. {clinic} is closed right now. Our care team will read your message"
    " on our next business day.\n\n" + EMERGENCY_INSTRUCTIONS + "{call}"
)
HOLIDAY_AUTO_REPLY = (
    "Thank you for your message. {clinic} is closed today for {holiday}. Our care team will read your"
    " message on our next business day.\n\n" + EMERGENCY_INSTRUCTIONS + "{call}"
)
OUT_OF_OFFICE_AUTO_REPLY = (
    "{provider} is out of the office until {until}. Your message has been sent to the {pool} team,"
    " who are covering, and they will reply.\n\n" + EMERGENCY_INSTRUCTIONS
)
# PRX-08: who wrote a message for whom
SENT_BY_FOR = "Sent by {proxy} for {patient}"
# MSG-09: the new-message notice carries no body, subject, topic or specialty
NEW_MESSAGE_SUBJECT = "You have a new message from your care team"
NEW_MESSAGE_BODY = (
    "You have a new message from your care team. Please sign in to read it.\n\n"
    "Sign in to the Riverbend patient portal to read and answer it.\n"
)
# Staff console
STAFF_REPLY_MISSING = "Enter your reply"
STAFF_ACCOUNT_LOCKED = "This staff account is locked. Ask an administrator to unlock it."
STAFF_SIGNED_OUT = "You have signed out of the staff console."
CANNED_RESPONSE_UNKNOWN = "Choose one of this pool's canned responses"
CANNED_RESPONSE_MISSING = "Choose a canned response to insert"
# --- partners area (PRX-09, PRX-10) and the support view (SUP-01) ---
PARTNER_ACCESS_ENDED = "Your organisation's access has ended. Contact the portal team."
PARTNER_SIGNED_OUT = "You have signed out."
PARTNER_ORGANIZATION_NAME_MISSING = "Enter the organization's name"
PARTNER_ORGANIZATION_KIND_MISSING = "Choose the kind of organization"
PARTNER_PATIENT_OTHER_CLINIC = "Only patients of the organization's clinic can be attributed"
PARTNER_PATIENT_NOT_FOUND = "No patient has that MRN at this clinic"
PARTNER_ORGANIZATION_DEACTIVATED = "The organization is deactivated. Its users can no longer sign in."
MOU_START_MISSING = "Enter the MOU's start date as a real date"
MOU_END_MISSING = "Enter the MOU's end date as a real date"
MOU_END_BEFORE_START = "The end date must be on or after the start date"
MOU_FUNCTIONS_MISSING = "Choose at least one permitted function"
MOU_SAVED = "The MOU is saved."
PATIENT_ATTRIBUTED = "The patient is attributed to the organization."
ATTRIBUTION_REMOVED = "The patient is no longer attributed to the organization."
SUPPORT_SEARCH_MISSING = "Enter a name and date of birth, or an MRN"
SUPPORT_DATE_OF_BIRTH_INVALID = "Enter the date of birth as a real date"
SUPPORT_NO_MATCH = "No patient matches that search."
SUPPORT_CODE_RESENT = "A new activation code was sent."
SUPPORT_CODE_NOT_EMAILED = (
    "A new activation code was issued; there is no email address on file, so give it to the patient."
)
SUPPORT_ACCOUNT_UNLOCKED = "The account is unlocked."
SUPPORT_NOT_LOCKED = "The account is not locked."

# --- Demographics and language (demographics area) ----------------------------------------------
PROFILE_PHONE_MISSING = "Enter your phone number"
PROFILE_PHONE_INVALID = "Enter a phone number with 7 to 15 digits, like 555-123-4567"
PROFILE_STREET_MISSING = "Enter your street address"
PROFILE_CITY_MISSING = "Enter your city"
PROFILE_STATE_MISSING = "Enter your state"
PROFILE_STATE_INVALID = "Enter the state as its two-letter code, like IL"
PROFILE_ZIP_MISSING = "Enter your ZIP code"
PROFILE_ZIP_INVALID = "Enter a ZIP code with 5 digits, like 60601, or ZIP+4, like 60601-1234"
PROFILE_FIELD_TOO_LONG = "This must be {maximum} characters or fewer"
PROFILE_NOTHING_CHANGED = "You have not changed any of your details."
PROFILE_CHANGE_REQUESTED = "Thank you. Our staff will check your changes before they are saved to your record."
# DEM-04: says nothing about which detail matched, or whose account it is
POSSIBLE_DUPLICATE = "We could not finish setting up your account. Our support team will contact you."

# --- View, download, transmit (VDT area) ---------------------------------------------------------
VDT_CHOOSE_DATES = "Choose which dates to include"
VDT_DATE_INVALID = "Enter the {label} date as a real date, like 2026-03-01"
VDT_DATE_RANGE_EMPTY = "Enter a From date, a To date, or both"
VDT_DATE_RANGE_BACKWARDS = "The To date must be on or after the From date"
VDT_CHOOSE_FORMAT = "Choose a format"
VDT_NOT_PERMITTED = "You cannot download or send this record."
VDT_CHOOSE_DESTINATION = "Choose where to send the record"
VDT_EMAIL_MISSING = "Enter the email address to send the record to"
VDT_EMAIL_INVALID = "Enter an email address like name@example.com"
VDT_EMAIL_NOT_UNDERSTOOD = "Confirm that you understand that email is not secure"
VDT_DIRECT_MISSING = "Enter the Direct address to send the record to"
VDT_DIRECT_INVALID = (
    "Enter a Direct address like dr.reyes@direct.example.org: the part after the @ has a part starting with 'direct'"
)
VDT_SEND_FAILED = "We could not send your record. Please try again later."
VDT_SENT = "Your record was sent to {address}."
# The transmitted record's email: the patient asked for it to carry their record (as an attachment).
VDT_RECORD_EMAIL_SUBJECT = "Health record from Riverbend Health"
VDT_RECORD_EMAIL_BODY = (
    "{sender} sent you a health record from the Riverbend Health patient portal.\n\n"
    "The record is attached as a C-CDA Continuity of Care Document (XML)."
)
