"""Error summaries and status messages, as a screen reader announces them."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

_SOME_TEXT = re.compile(r"\S")


class ErrorSummary:
    """The 'There is a problem' box (role=alert) listing each error with a link to its field."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def box(self) -> Locator:
        return self.page.get_by_role("alert")


class StatusMessage:
    """A confirmation such as 'You have signed out.' (role=status)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def box(self) -> Locator:
        """Status regions with words in them: the session warning's empty live region is left out."""
        return self.page.get_by_role("status").filter(has_text=_SOME_TEXT)

    def saying(self, text: str) -> Locator:
        """The status region that says this (a signed-in page may also show the 'viewing' banner)."""
        return self.page.get_by_role("status").filter(has_text=text)
