"""The signed-in main navigation."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class MainNavigation:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def region(self) -> Locator:
        return self.page.get_by_role("navigation", name="Main")

    def link(self, name: str) -> Locator:
        return self.region.get_by_role("link", name=name)

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
