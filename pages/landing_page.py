from __future__ import annotations

from pages.activation_page import ActivationPage
from pages.base_page import BasePage
from pages.sign_in_page import SignInPage


class LandingPage(BasePage):
    """The public landing page: no sign-in, no PHI."""

    path = "/"
    title = "Riverbend Health patient portal"

    def go_to_activation(self) -> ActivationPage:
        self.page.get_by_role("link", name="Activate your account").click()
        return ActivationPage(self.page)

    def go_to_sign_in(self) -> SignInPage:
        self.page.get_by_role("link", name="Sign in").click()
        return SignInPage(self.page)
