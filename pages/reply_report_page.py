"""Reports > Canned responses and auto-replies (supervisors, administrators): counts per pool."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.report_components import CsvDownload, ReportTable, download_csv


class ReplyReportPage(BasePage):
    """Covers the last 30 days of the clinic's calendar unless a range is chosen."""

    path = "/staff/reports/replies"
    title = "Canned responses and auto-replies"

    @property
    def by_pool(self) -> Locator:
        return self.page.get_by_role("table", name="Canned responses and auto-replies by pool")

    def count(self, pool_name: str, column: str) -> Locator:
        """e.g. count("Nurse", "Canned responses used")."""
        return self.pools.cell(pool_name, column)

    @property
    def pools(self) -> ReportTable:
        """The same table, read row by row (reports area: compared with the CSV export)."""
        return ReportTable(self.by_pool)

    def download_csv(self) -> CsvDownload:
        return download_csv(self.page, self.page.get_by_role("link", name="Download CSV"))

    def show_range(self, first: date, last: date) -> ReplyReportPage:
        self.page.get_by_label("From", exact=True).fill(first.isoformat())
        self.page.get_by_label("To", exact=True).fill(last.isoformat())
        self.page.get_by_role("button", name="Show report").click()
        return self.ready()
