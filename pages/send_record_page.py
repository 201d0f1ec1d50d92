"""Send your record (a C-CDA document) to an email address or a Direct address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pages.activity_log_page import ActivityLogPage
from pages.base_page import BasePage
from pages.record_components import DateRangeFilter


@dataclass(frozen=True)
class SentRecord:
    """Where the record went, and whether the portal made the sender accept that email is not secure."""

    address: str
    confirmation_asked: bool


class SendRecordPage(BasePage):
    path = "/health-summary/transmit"
    title = "Send your record"
    TO_EMAIL = "An email address"
    TO_DIRECT = "A Direct address"
    EMAIL_NOT_SECURE = "Confirm that you understand that email is not secure"
    I_UNDERSTAND = "I understand that email is not secure"
    SENT = "Your record was sent to {address}."

    def send_by_email(self, address: str, date_from: date | None = None, date_to: date | None = None) -> SentRecord:
        """Send to an email address as a patient does: press Send, and accept the risk when the portal asks."""
        self.page.get_by_role("radio", name=self.TO_EMAIL).check()
        self.page.get_by_label("Email address", exact=True).fill(address)
        DateRangeFilter(self.page).choose(date_from, date_to)
        self._press_send()
        asked = self.errors.box.filter(has_text=self.EMAIL_NOT_SECURE).is_visible()
        if asked:
            self.page.get_by_label(self.I_UNDERSTAND).check()
            self._press_send()
        ActivityLogPage(self.page).ready()
        return SentRecord(address, confirmation_asked=asked)

    def send_by_direct(self, address: str, date_from: date | None = None, date_to: date | None = None) -> SentRecord:
        self.page.get_by_role("radio", name=self.TO_DIRECT).check()
        self.page.get_by_label("Direct address", exact=True).fill(address)
        DateRangeFilter(self.page).choose(date_from, date_to)
        self._press_send()
        ActivityLogPage(self.page).ready()
        return SentRecord(address, confirmation_asked=False)

    def _press_send(self) -> None:
        self.page.get_by_role("button", name="Send record").click()
        # the portal answers with this form again (a problem to fix) or with the activity log (sent)
        self.errors.box.or_(ActivityLogPage(self.page).heading).wait_for()
