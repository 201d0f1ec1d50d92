"""Account activation: activation code + date of birth, then username and password."""

from __future__ import annotations

from datetime import date

from pages.base_page import BasePage
from pages.sign_in_page import SignInPage


class ActivationPage(BasePage):
    path = "/activate"
    title = "Activate your account"
    CODE_ALREADY_USED = "This activation code has already been used."
    CODE_EXPIRED = "This activation code has expired."
    CODE_OR_BIRTH_DATE_WRONG = "The activation code or date of birth is not right"

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


class CreateAccountPage(BasePage):
    path = "/activate/account"
    title = "Create your account"

    def create_account(self, username: str, email: str, password: str) -> SignInPage:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_label("Confirm password").fill(password)
        self.page.get_by_role("button", name="Create account").click()
        return SignInPage(self.page)
