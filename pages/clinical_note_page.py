"""One clinical note (/health-summary/notes/<id>), opened from the health summary; the h1 is its title."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.base_page import BasePage


class ClinicalNotePage(BasePage):
    def __init__(self, page: Page, note_title: str) -> None:
        super().__init__(page)
        self.note_title = note_title

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=self.note_title, exact=True)
