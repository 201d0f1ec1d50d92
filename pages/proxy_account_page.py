"""Proxy enrollment, step two (/activate/proxy/account): the proxy creates their own account."""

from __future__ import annotations

from pages.base_page import BasePage


class ProxyAccountPage(BasePage):
    """Reached after a right proxy code and date of birth; without them the portal goes back to step one."""

    path = "/activate/proxy/account"
    title = "Create your proxy account"

    def create_account(self, details: dict[str, str]) -> BasePage:
        """Fill the form by field label (First name, Last name, Username, Email address, Password) and submit."""
        for label, value in details.items():
            self.page.get_by_label(label, exact=True).fill(value)
        if "Password" in details:
            self.page.get_by_label("Confirm password", exact=True).fill(details["Password"])
        self.page.get_by_role("button", name="Create account").click()
        return BasePage(self.page)
