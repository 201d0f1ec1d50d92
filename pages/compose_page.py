"""A new secure message: recipient (when the patient has a provider), topic, subject, text, attachment.

2026.1 puts the topic before the subject, 2026.2 after it; labels and buttons are the same, so the
page object fills fields by label and works on both.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.conversation_page import ConversationPage


class ComposePage(BasePage):
    path = "/messages/new"
    title = "New message"
    # What the portal says about a refused attachment ({types}: "PDF, JPG or PNG"; {size}: "10 MB").
    ATTACHMENT_WRONG_TYPE = "The attachment must be a {types} file"
    ATTACHMENT_TOO_LARGE = "The attachment must be {size} or smaller"
    TO_MY_PROVIDER = "My provider"

    @property
    def attachment_field(self) -> Locator:
        return self.page.get_by_label("Attachment", exact=True)

    def _submit(
        self, *, topic: str, subject: str, body: str, attachment: Path | None = None, to_provider: bool = False
    ) -> None:
        if to_provider:
            self.page.get_by_label("To", exact=True).select_option(label=self.TO_MY_PROVIDER)
        self.page.get_by_label("Topic", exact=True).select_option(label=topic)
        self.page.get_by_label("Subject", exact=True).fill(subject)
        self.page.get_by_label("Message", exact=True).fill(body)
        if attachment is not None:
            self.attachment_field.set_input_files(attachment)
        self.page.get_by_role("button", name="Send message").click()

    def send(
        self, *, topic: str, subject: str, body: str, attachment: Path | None = None, to_provider: bool = False
    ) -> ConversationPage:
        """Send the message; the portal opens the new conversation."""
        self._submit(topic=topic, subject=subject, body=body, attachment=attachment, to_provider=to_provider)
        return ConversationPage(self.page, subject).ready()

    def send_expecting_error(
        self, *, topic: str, subject: str, body: str, attachment: Path | None = None
    ) -> ComposePage:
        """Send a message the portal refuses: the form comes back with its errors."""
        self._submit(topic=topic, subject=subject, body=body, attachment=attachment)
        return self.ready()

    def try_to_send(self, *, topic: str, subject: str, body: str, attachment: Path | None = None) -> None:
        """Send when the outcome is not known in advance: wait until the portal either opens the new
        conversation or shows the form again with its errors."""
        self._submit(topic=topic, subject=subject, body=body, attachment=attachment)
        ConversationPage(self.page, subject).heading.or_(self.errors.box).wait_for()
