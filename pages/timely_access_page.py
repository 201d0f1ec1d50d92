"""The staff console's timely access report (RPT-04): results visible within the business days, and
patients who viewed, downloaded or sent their record."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.report_components import ReportTable


class TimelyAccessPage(BasePage):
    path = "/staff/reports/timely-access"
    title = "Timely access"
    TIMELY = "Timely access"
    VDT = "View, download or transmit"
    PATIENTS = "Patients"
    OF = "Of"
    SHARE = "Share"

    def show_range(self, first: date, last: date) -> TimelyAccessPage:
        self.page.get_by_label("From", exact=True).fill(first.isoformat())
        self.page.get_by_label("To", exact=True).fill(last.isoformat())
        self.page.get_by_role("button", name="Show report").click()
        return self.ready()

    @property
    def shares(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="Shares of patients").get_by_role("table").first)

    def share(self, measure: str, column: str) -> Locator:
        return self.shares.cell(measure, column)
