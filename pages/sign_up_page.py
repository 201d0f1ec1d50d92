"""Signing up online without an activation code: the clinic verifies the person's identity later."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pages.base_page import BasePage
from pages.enrollment_on_hold_page import EnrollmentOnHoldPage
from pages.sign_in_page import SignInPage


@dataclass(frozen=True)
class SignUpDetails:
    """What a person types on "Sign up"; the password stays out of every repr."""

    first_name: str
    last_name: str
    date_of_birth: date
    email: str
    username: str
    password: str = field(repr=False)


class SignUpPage(BasePage):
    path = "/sign-up"
    title = "Sign up"
    # Shown on the sign-in page the new account lands on.
    ACCOUNT_CREATED = "Your account is created. Sign in to continue."

    def submit(self, details: SignUpDetails) -> None:
        page = self.page
        page.get_by_label("First name").fill(details.first_name)
        page.get_by_label("Last name").fill(details.last_name)
        page.get_by_label("Date of birth").fill(details.date_of_birth.isoformat())
        page.get_by_label("Email address").fill(details.email)
        page.get_by_label("Username").fill(details.username)
        page.get_by_label("Password", exact=True).fill(details.password)
        page.get_by_label("Confirm password").fill(details.password)
        page.get_by_role("button", name="Create account").click()

    def sign_up(self, details: SignUpDetails) -> SignInPage:
        self.submit(details)
        return SignInPage(self.page)

    def sign_up_expecting_hold(self, details: SignUpDetails) -> EnrollmentOnHoldPage:
        """The details match an existing account: the portal pauses the sign-up for support."""
        self.submit(details)
        return EnrollmentOnHoldPage(self.page)
