from __future__ import annotations

from playwright.sync_api import Locator

from pages.activation_page import ActivationPage
from pages.base_page import BasePage
from pages.sign_in_page import SignInPage


class LandingPage(BasePage):
    """The public landing page: no sign-in, no PHI."""

    path = "/"
    title = "Riverbend Health patient portal"
    SIGN_IN = "Sign in"
    ACTIVATE = "Activate your account"
    SIGN_UP = "Sign up"

    def go_to_activation(self) -> ActivationPage:
        self.page.get_by_role("link", name=self.ACTIVATE).click()
        return ActivationPage(self.page)

    def go_to_sign_in(self) -> SignInPage:
        self.page.get_by_role("link", name=self.SIGN_IN).click()
        return SignInPage(self.page)

    def link(self, name: str) -> Locator:
        """A link of the page's main content (the header and footer are left out)."""
        return self.page.get_by_role("main").get_by_role("link", name=name, exact=True)

    @property
    def main(self) -> Locator:
        return self.page.get_by_role("main")

    @property
    def whole_page(self) -> Locator:
        return self.page.locator("body")  # why: every text on screen, header and footer included
