"""The proxy parts of every signed-in page: the "You are viewing <name>'s record" banner and the
"Whose record" switcher (shown when the account may view more than one record)."""

from __future__ import annotations

import re
from typing import ClassVar

from playwright.sync_api import Locator, Page


class RecordBar:
    VIEWING = "You are viewing {name}'s record"
    ACCESS_LEVELS: ClassVar[dict[str, str]] = {"full": "full access", "limited": "limited access"}

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def banner(self) -> Locator:
        """The banner naming whose record is on screen (absent on the viewer's own record)."""
        return self.page.get_by_role("status").filter(has_text=re.compile(r"You are viewing .+'s record"))

    def banner_for(self, first_name: str) -> Locator:
        return self.page.get_by_role("status").filter(has_text=self.VIEWING.format(name=first_name))

    @property
    def switcher(self) -> Locator:
        return self.page.get_by_label("Whose record")

    def choice(self, full_name: str) -> Locator:
        """The switcher's entry for a record; none when the account may not view it (now)."""
        return self.switcher.get_by_role("option", name=full_name, exact=True)

    def switch_to(self, full_name: str) -> None:
        self.switcher.select_option(label=full_name)
        self.page.get_by_role("button", name="Switch").click()

    def switch_to_if_offered(self, full_name: str) -> bool:
        """Open the record if the switcher offers it; a person offered nothing stays where they are."""
        self.page.get_by_role("heading", level=1).wait_for()
        if self.choice(full_name).count() == 0:
            return False
        self.switch_to(full_name)
        return True


class SentOnBehalf:
    """The note on a message a proxy wrote: "Sent by <proxy> for <patient>" (staff and patient threads)."""

    SENT_BY_FOR = "Sent by {proxy} for {patient}"
    AUDIT_ACTION = "message-sent"  # the audit log's action for a message sent from the portal

    def __init__(self, page: Page) -> None:
        self.page = page

    def note(self, proxy_name: str, patient_name: str) -> Locator:
        return self.page.get_by_text(self.SENT_BY_FOR.format(proxy=proxy_name, patient=patient_name), exact=True)
