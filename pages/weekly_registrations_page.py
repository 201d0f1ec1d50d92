"""The staff console's weekly registrations report (RPT-01): activation codes and new accounts per site."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.report_components import CsvDownload, ReportTable, download_csv


class WeeklyRegistrationsPage(BasePage):
    path = "/staff/reports/weekly"
    title = "Weekly registrations"
    GENERATED = "Codes generated"
    REDEEMED = "Codes redeemed"
    EXPIRED = "Codes expired"
    CONVERSION = "Conversion rate"
    NEW_ACCOUNTS = "New accounts"

    def show_week(self, any_day: date) -> WeeklyRegistrationsPage:
        """Pick the week (any day of it) and show the report."""
        self.page.get_by_label("Week starting").fill(any_day.isoformat())
        self.page.get_by_role("button", name="Show report").click()
        return self.ready()

    @property
    def sites(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="Sites").get_by_role("table"))

    @staticmethod
    def site_row_name(site_name: str, site_code: str) -> str:
        """A site's row is named by the site and its code (two sites may share a name)."""
        return f"{site_name} {site_code}"

    def site_figure(self, site_name: str, site_code: str, column: str) -> Locator:
        return self.sites.cell(self.site_row_name(site_name, site_code), column)

    def download_csv(self) -> CsvDownload:
        return download_csv(self.page, self.page.get_by_role("link", name="Download CSV"))
