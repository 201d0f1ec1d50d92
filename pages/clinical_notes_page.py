from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.clinical_note_page import ClinicalNotePage
from pages.results_components import HeadedTable


class ClinicalNotesPage(BasePage):
    """The "Clinical notes" section of the health summary: the notes the viewer may read."""

    path = "/health-summary"
    title = "Health summary"
    NO_NOTES = "There are no clinical notes to show."

    @property
    def section(self) -> Locator:
        return self.page.get_by_role("region", name="Clinical notes")

    @property
    def table(self) -> HeadedTable:
        return HeadedTable(self.section.get_by_role("table"))

    @property
    def note_titles(self) -> Locator:
        return self.table.row_headers

    def note_titled(self, title: str) -> Locator:
        return self.section.get_by_role("link", name=title, exact=True)

    def type_of(self, title: str) -> Locator:
        return self.table.cell(title, "Type")

    def open_note(self, title: str) -> ClinicalNotePage:
        self.note_titled(title).click()
        return ClinicalNotePage(self.page, title).ready()
