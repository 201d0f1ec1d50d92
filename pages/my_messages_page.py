"""A provider's own queue in the staff console: the messages patients addressed to them."""

from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.staff_conversation_page import StaffConversationPage


class MyMessagesPage(BasePage):
    path = "/staff/my-messages"
    title = "My messages"
    NOTHING_YET = "No patient has written to you."

    @property
    def messages(self) -> Locator:
        return self.page.get_by_role("region", name="Messages")

    @property
    def queue(self) -> Locator:
        """The table of conversations (absent while nobody has written: see NOTHING_YET)."""
        return self.messages.get_by_role("table")

    def row_for(self, subject: str) -> Locator:
        return self.queue.get_by_role("row").filter(has_text=subject)

    def open_conversation(self, subject: str) -> StaffConversationPage:
        self.row_for(subject).get_by_role("link").click()
        return StaffConversationPage(self.page, subject).ready()
