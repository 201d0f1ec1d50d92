"""The staff console's sign-in screen (/staff/sign-in): username and password."""

from __future__ import annotations

from pages.base_page import BasePage
from pages.staff_pools_page import StaffConsolePage


class StaffSignInPage(BasePage):
    path = "/staff/sign-in"
    title = "Staff sign-in"

    def submit(self, username: str, password: str) -> None:
        self.page.get_by_label("Username", exact=True).fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in(self, username: str, password: str) -> StaffConsolePage:
        self.submit(username, password)
        return StaffConsolePage(self.page).ready()
