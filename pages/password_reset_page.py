"""Resetting a forgotten password: ask for a link, follow it from the email, choose a new password."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.base_page import BasePage
from pages.sign_in_page import SignInPage


class ForgotPasswordPage(BasePage):
    path = "/password/forgot"
    title = "Reset your password"

    def send_link(self, username: str) -> ResetLinkSentPage:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_role("button", name="Send reset link").click()
        return ResetLinkSentPage(self.page).ready()


class ResetLinkSentPage(BasePage):
    path = "/password/forgot/sent"
    title = "Check your email"


class NewPasswordPage(BasePage):
    """Reached only by following the emailed link (the link's token never stays in the address bar)."""

    path = "/password/reset"
    title = "Choose a new password"

    def change_password(self, new_password: str) -> SignInPage:
        self.page.get_by_label("New password", exact=True).fill(new_password)
        self.page.get_by_label("Confirm new password").fill(new_password)
        self.page.get_by_role("button", name="Change password").click()
        return SignInPage(self.page).ready()


class ResetLinkRefusedPage(BasePage):
    """A used, expired or unknown link: says which, and offers a new link (never a form)."""

    title = "This link cannot be used"
    LINK_EXPIRED = "This password reset link has expired."
    LINK_USED = "This password reset link has already been used."

    @property
    def reason(self) -> Locator:
        return self.page.get_by_role("alert")


class ResetLink:
    """The link in the reset email, opened in the patient's browser."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __repr__(self) -> str:  # the link carries a secret token
        return "ResetLink(******)"

    def follow(self, page: Page) -> NewPasswordPage | ResetLinkRefusedPage:
        """Open the link: the new-password form if the link still works, otherwise the refusal."""
        page.goto(self.url)
        form, refused = NewPasswordPage(page), ResetLinkRefusedPage(page)
        form.heading.or_(refused.heading).wait_for()
        return form if form.heading.is_visible() else refused
