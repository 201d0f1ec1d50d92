"""A conversation in the staff console: the patient's thread, its flags, and the answer form."""

from __future__ import annotations

import re

from playwright.sync_api import Download, Locator, Page

from pages.base_page import BasePage


class StaffConversationPage(BasePage):
    """The h1 is the conversation's subject."""

    REPLY_SENT = "Your reply has been sent."

    def __init__(self, page: Page, subject: str) -> None:
        super().__init__(page)
        self.subject = subject

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=self.subject, exact=True)

    @property
    def attachments(self) -> Locator:
        return self.page.get_by_role("list", name="Attachments").get_by_role("link")

    def attachment_link(self, filename: str) -> Locator:
        return self.page.get_by_role("list", name="Attachments").get_by_role("link", name=filename, exact=True)

    @property
    def reply_field(self) -> Locator:
        return self.page.get_by_label("Reply", exact=True)

    def canned_response(self, title: str) -> Locator:
        """A canned response the answer form offers (the pool's own responses only)."""
        return self.page.get_by_label("Canned response", exact=True).get_by_role("option", name=title, exact=True)

    def answer(self, text: str) -> StaffConversationPage:
        self.reply_field.fill(text)
        return self.send_reply()

    def insert_canned_response(self, title: str) -> StaffConversationPage:
        """Put a pool's canned response into the reply (the portal fills in its merge fields)."""
        self.page.get_by_label("Canned response", exact=True).select_option(label=title)
        self.page.get_by_role("button", name="Insert").click()
        self.reply_field.filter(has_text=re.compile(r"\S")).wait_for()  # the page comes back with the text
        return self.ready()

    def send_reply(self) -> StaffConversationPage:
        """Send what the Reply field holds; done when the console confirms it."""
        self.page.get_by_role("button", name="Send reply").click()
        self.status.box.filter(has_text=self.REPLY_SENT).wait_for()
        return self.ready()

    def download_attachment(self, filename: str) -> Download:
        """Open an attachment as staff do: the portal always sends it as a download."""
        with self.page.expect_download() as download:
            self.attachment_link(filename).click()
        return download.value
