"""The patient's messages: the inbox, and the way into a new message or a conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Locator

from pages.base_page import BasePage

if TYPE_CHECKING:
    from pages.compose_page import ComposePage
    from pages.conversation_page import ConversationPage


class MessagesPage(BasePage):
    path = "/messages"
    title = "Messages"

    @property
    def inbox(self) -> Locator:
        """The conversations listed in the Inbox region, newest activity first."""
        return self.page.get_by_role("region", name="Inbox").get_by_role("listitem")

    def conversation_link(self, subject: str) -> Locator:
        return self.page.get_by_role("region", name="Inbox").get_by_role("link", name=subject, exact=True)

    def compose(self) -> ComposePage:
        from pages.compose_page import ComposePage

        self.page.get_by_role("link", name="New message").click()
        return ComposePage(self.page).ready()

    def open_conversation(self, subject: str) -> ConversationPage:
        from pages.conversation_page import ConversationPage

        self.conversation_link(subject).click()
        return ConversationPage(self.page, subject).ready()
