"""What /messages shows when the record on screen may not be messaged about (or there is none)."""

from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage


class MessagingNotAvailablePage(BasePage):
    path = "/messages"
    title = "Messages"
    NOT_ALLOWED = "Messaging is not available for this record."

    @property
    def explanation(self) -> Locator:
        return self.page.get_by_text(self.NOT_ALLOWED, exact=True)

    def go_to_start_page(self) -> BasePage:
        self.page.get_by_role("link", name="Go to the start page").click()
        return BasePage(self.page)
