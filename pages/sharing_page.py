"""Sharing: who else can see the patient's record. An adult shares with another adult (renew,
revoke); a 12-17-year-old gives a parent full access or takes it back."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage


class SharingPage(BasePage):
    path = "/sharing"
    title = "Share access to your record"
    ACCESS_LEVELS: ClassVar[dict[str, str]] = {"full": "Full access", "limited": "Limited access", "expired": "Expired"}

    @property
    def people(self) -> Locator:
        """The table of people who can see the record (one row per person, their name as row header)."""
        return self.page.get_by_role("table")

    def row_of(self, proxy_name: str) -> Locator:
        return self.people.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=proxy_name))

    def cell(self, proxy_name: str, column: str) -> Locator:
        """A person's cell under a column header (the name column is the row header, not a cell)."""
        headers = self.people.get_by_role("columnheader").all_inner_texts()
        index = [header.strip() for header in headers].index(column)
        return self.row_of(proxy_name).get_by_role("cell").nth(index - 1)

    def access_of(self, proxy_name: str) -> Locator:
        return self.cell(proxy_name, "Access")

    def until_of(self, proxy_name: str) -> Locator:
        """The last day of the person's access ("—" when it does not end)."""
        return self.cell(proxy_name, "Until")

    @staticmethod
    def day_in_words(day: date) -> str:
        """How the page writes a day: 1 September 2027."""
        return f"{day.day} {day:%B %Y}"

    def grant_full_access(self, proxy_name: str) -> SharingPage:
        self.page.get_by_role("button", name=f"Grant full access to {proxy_name}").click()
        return self.ready()

    def revoke_full_access(self, proxy_name: str) -> SharingPage:
        self.page.get_by_role("button", name=f"Revoke full access for {proxy_name}").click()
        return self.ready()
