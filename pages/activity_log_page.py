"""The record's activity log: every view, download and send, when, by whom, and to which address."""

from __future__ import annotations

from typing import ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage


class ActivityLogPage(BasePage):
    path = "/health-summary/activity"
    title = "Activity log"
    ACTIONS: ClassVar[dict[str, str]] = {
        "view": "Viewed health summary",
        "human-readable download": "Downloaded record (human-readable)",
        "C-CDA download": "Downloaded record (C-CDA XML)",
        "email": "Sent record by email",
        "Direct message": "Sent record by Direct message",
    }
    PROXY = "{name} (proxy)"

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table")

    def entries(self, action: str) -> Locator:
        """The log's rows for one kind of action (a row's header is the action, with its dates if any)."""
        return self.table.get_by_role("row").filter(
            has=self.page.get_by_role("rowheader").filter(has_text=self.ACTIONS[action])
        )

    def column(self, action: str, column: str) -> Locator:
        """One column ('Date and time', 'Who', 'Addressee') of the rows of one kind of action: a cell per row."""
        headers = [text.strip() for text in self.table.get_by_role("columnheader").all_inner_texts()]
        if column not in headers:
            raise LookupError(f"The activity log has no column '{column}' (it has {', '.join(headers)}).")
        # why: a row's header (th) and cells (td) share the column order; one child per column
        return self.entries(action).locator(f":scope > :nth-child({headers.index(column) + 1})")
