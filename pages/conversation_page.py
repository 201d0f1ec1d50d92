"""One of the patient's conversations: the thread (with automatic replies) and the urgent advisory."""

from __future__ import annotations

import re

from playwright.sync_api import Download, Locator, Page

from pages.base_page import BasePage

_AUTOMATIC_REPLY = re.compile(r"\(automatic reply\)$")


class ConversationPage(BasePage):
    """The h1 is the conversation's subject."""

    path = "/messages"
    # Words of the automatic replies and the advisory, as the portal writes them.
    EMERGENCY_INSTRUCTIONS = "If this is an emergency, call 911 or go to the nearest emergency room."
    AFTER_HOURS = "{clinic} is closed right now."
    HOLIDAY = "{clinic} is closed today for {holiday}."
    OUT_OF_OFFICE = "{provider} is out of the office until"
    COVERING_TEAM = "Your message has been sent to the {pool} team, who are covering"
    URGENT_ADVISORY = "If this is an emergency, call 911 or go to the nearest emergency room now."

    def __init__(self, page: Page, subject: str) -> None:
        super().__init__(page)
        self.subject = subject

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=self.subject, exact=True)

    @property
    def thread(self) -> Locator:
        """Every message of the conversation, oldest first (each an article named by its author)."""
        return self.page.get_by_role("region", name="Conversation").get_by_role("article")

    @property
    def automatic_replies(self) -> Locator:
        return self.page.get_by_role("region", name="Conversation").get_by_role("article", name=_AUTOMATIC_REPLY)

    def messages_from(self, author: str) -> Locator:
        return self.page.get_by_role("region", name="Conversation").get_by_role("article", name=author, exact=True)

    @property
    def urgent_advisory(self) -> Locator:
        return self.page.get_by_role("alert").filter(has_text=self.URGENT_ADVISORY)

    def attachment_link(self, filename: str) -> Locator:
        return self.page.get_by_role("list", name="Attachments").get_by_role("link", name=filename, exact=True)

    def download_attachment(self, filename: str) -> Download:
        """The portal always sends an attachment as a download, never shown inline."""
        with self.page.expect_download() as download:
            self.attachment_link(filename).click()
        return download.value
