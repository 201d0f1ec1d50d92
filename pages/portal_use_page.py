"""The staff console's portal use report (RPT-02): active users, messages by pool, first-response
times, the share answered after the target, proxies by type; with a CSV export of the same numbers."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.report_components import CsvDownload, ReportTable, download_csv


class PortalUsePage(BasePage):
    path = "/staff/reports/utilization"
    title = "Portal use"
    ACTIVE_USERS = "Active users"
    MEDIAN = "Median first response"
    P90 = "90th percentile first response"
    AFTER_TARGET = "Answered after {hours} hours"
    MINUTES_SUFFIX = " min"
    # The CSV's names for the same measures (Measure, Group, Value).
    CSV_MEASURES: ClassVar[dict[str, Any]] = {
        ACTIVE_USERS: "Active users",
        MEDIAN: "Median first response (minutes)",
        P90: "90th percentile first response (minutes)",
        AFTER_TARGET: "Share answered after target",
    }
    CSV_POOL_MEASURE = "Patient messages"
    CSV_PROXY_MEASURE = "Proxies"

    def show_range(self, first: date, last: date) -> PortalUsePage:
        self.page.get_by_label("From", exact=True).fill(first.isoformat())
        self.page.get_by_label("To", exact=True).fill(last.isoformat())
        self.page.get_by_role("button", name="Show report").click()
        return self.ready()

    def figure(self, name: str) -> Locator:
        """The value shown for a summary measure (a dt/dd pair of the Summary region)."""
        summary = self.page.get_by_role("region", name="Summary")
        pair = summary.locator("div").filter(has=self.page.get_by_text(name, exact=True))  # why: one div per dt/dd pair
        return pair.get_by_role("definition")

    @property
    def pools(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="Message volume by pool").get_by_role("table"))

    @property
    def proxies(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="Proxies by type").get_by_role("table"))

    def download_csv(self) -> CsvDownload:
        return download_csv(self.page, self.page.get_by_role("link", name="Download CSV"))
