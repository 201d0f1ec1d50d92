"""Staff console: enrollments stopped because they match an existing account (DEM-04)."""

from __future__ import annotations

from typing import ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage


class PossibleDuplicatesPage(BasePage):
    path = "/staff/duplicates"
    title = "Possible duplicate accounts"
    # What the "Matched on" column says, by the detail that matched.
    MATCHED_ON: ClassVar[dict[str, str]] = {
        "name and date of birth": "Name and date of birth",
        "email address": "Email address",
    }

    @property
    def open_cases(self) -> Locator:
        return self.page.get_by_role("region", name="Open cases").get_by_role("table")

    def case_naming(self, username: str) -> Locator:
        """The open case that names this existing account (usernames are unique)."""
        return self.open_cases.get_by_role("row").filter(has_text=username)

    def cell(self, row: Locator, column: str) -> Locator:
        """A row's cell, found by its column header; read it once the row is showing."""
        headers = [text.strip() for text in self.open_cases.get_by_role("columnheader").all_inner_texts()]
        return row.locator("th, td").nth(headers.index(column))  # why: the row header and the cells share columns
