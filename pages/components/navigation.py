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

    def follow(self, name: str) -> None:
        """Follow a link of the navigation as a person would: on a phone, open the menu first.

        Release 2026.2 on a narrow screen folds the navigation behind a "Menu" button (2026.1 has none).
        """
        closed_menu = self.page.get_by_role("button", name="Menu", exact=True, expanded=False)
        if closed_menu.is_visible():
            closed_menu.click()
        self.link(name).click()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
