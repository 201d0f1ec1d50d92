from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.base_page import BasePage
from pages.components.navigation import MainNavigation


class HomePage(BasePage):
    """The signed-in home page: 'Welcome, <first name>'."""

    path = "/home"

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.navigation = MainNavigation(self.page)

    def welcome_for(self, first_name: str) -> Locator:
        return self.page.get_by_role("heading", level=1, name=f"Welcome, {first_name}")
