"""Error summaries and status messages, as a screen reader announces them."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


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
        return self.page.get_by_role("status")
