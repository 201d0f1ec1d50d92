"""Sign-in: username and password, then the one-time code sent by email."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pages.base_page import BasePage
from pages.home_page import HomePage

if TYPE_CHECKING:
    from pages.password_reset_page import ForgotPasswordPage


class SignInPage(BasePage):
    path = "/sign-in"
    title = "Sign in"
    WRONG_CREDENTIALS = "Your username or password is incorrect."
    ACCOUNT_READY = "Your account is ready. Sign in to continue."
    ACCOUNT_LOCKED = "Your account is locked. Contact support to unlock it."
    PASSWORD_CHANGED = "Your password has been changed. Sign in with your new password."

    def submit(self, username: str, password: str) -> None:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in(self, username: str, password: str) -> OneTimeCodePage:
        self.submit(username, password)
        return OneTimeCodePage(self.page).ready()  # the code is emailed once this screen shows

    def sign_in_expecting_error(self, username: str, password: str) -> SignInPage:
        self.submit(username, password)
        return self

    def forgot_password(self) -> ForgotPasswordPage:
        from pages.password_reset_page import ForgotPasswordPage

        self.page.get_by_role("link", name="Forgot your password?").click()
        return ForgotPasswordPage(self.page).ready()


class OneTimeCodePage(BasePage):
    path = "/sign-in/verify"
    title = "Enter your sign-in code"

    def verify(self, one_time_code: str) -> HomePage:
        self.page.get_by_label("One-time code").fill(one_time_code)
        self.page.get_by_role("button", name="Verify").click()
        return HomePage(self.page)
