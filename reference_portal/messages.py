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
