"""Account activation: activation code + date of birth, then username and password."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.request_new_code_page import RequestNewCodePage
from pages.sign_in_page import SignInPage


class ActivationPage(BasePage):
    path = "/activate"
    title = "Activate your account"
    CODE_ALREADY_USED = "This activation code has already been used."
    CODE_EXPIRED = "This activation code has expired."
    CODE_NO_LONGER_USABLE = "This activation code can no longer be used. Ask your clinic for a new one."
    CODE_OR_BIRTH_DATE_WRONG = "The activation code or date of birth is not right"
    REQUEST_NEW_CODE = "Request a new code"

    def enter(self, activation_code: str, date_of_birth: date) -> None:
        self.page.get_by_label("Activation code").fill(activation_code)
        self.page.get_by_label("Date of birth").fill(date_of_birth.isoformat())
        self.page.get_by_role("button", name="Continue").click()

    def activate(self, activation_code: str, date_of_birth: date) -> CreateAccountPage:
        self.enter(activation_code, date_of_birth)
        return CreateAccountPage(self.page)

    def activate_expecting_error(self, activation_code: str, date_of_birth: date) -> ActivationPage:
        self.enter(activation_code, date_of_birth)
        return self

    @property
    def request_new_code_link(self) -> Locator:
        """The way forward the error offers when the code has expired or can no longer be used."""
        return self.errors.box.get_by_role("link", name=self.REQUEST_NEW_CODE)

    def request_new_code(self) -> RequestNewCodePage:
        self.request_new_code_link.click()
        return RequestNewCodePage(self.page).ready()


class CreateAccountPage(BasePage):
    path = "/activate/account"
    title = "Create your account"
    PASSWORD_TOO_SHORT = "Your password must be at least {minimum} characters."
    PASSWORD_TOO_COMMON = "That password is too common. Choose a different one."

    def submit(self, username: str, email: str, password: str) -> None:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Email address").fill(email)
        self.password_field.fill(password)
        self.page.get_by_label("Confirm password").fill(password)
        self.page.get_by_role("button", name="Create account").click()

    def create_account(self, username: str, email: str, password: str) -> SignInPage:
        self.submit(username, email, password)
        return SignInPage(self.page)

    def create_account_expecting_error(self, username: str, email: str, password: str) -> CreateAccountPage:
        self.submit(username, email, password)
        return self

    @property
    def password_field(self) -> Locator:
        """The new password; its error text is tied to it (its accessible description)."""
        return self.page.get_by_label("Password", exact=True)
