"""An account's first sign-in: confirm the email address for sign-in codes, then enter the code sent there."""

from __future__ import annotations

from pages.base_page import BasePage
from pages.sign_in_page import OneTimeCodePage


class SetUpSignInCodesPage(BasePage):
    path = "/sign-in/set-up-codes"
    title = "Set up sign-in codes"

    def send_code_to(self, email: str) -> SignInCodePage:
        self.page.get_by_label("Email address for sign-in codes").fill(email)
        self.page.get_by_role("button", name="Send a code").click()
        return SignInCodePage(self.page).ready()


class SignInCodePage(OneTimeCodePage):
    """The one-time code screen, with the words of its outcomes."""

    CODE_REFUSED = "That code is not right or has expired."
    # Shown on the home page after the first sign-in's code confirmed the address.
    SIGN_IN_CODES_SET_UP = "Sign-in codes are set up. We will email you a code each time you sign in."

    def verify_expecting_error(self, one_time_code: str) -> SignInCodePage:
        self.verify(one_time_code)
        return self
