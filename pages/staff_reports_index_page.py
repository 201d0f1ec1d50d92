"""The staff console's Reports index (supervisors, administrators): a link to each report."""

from __future__ import annotations

from pages.base_page import BasePage
from pages.portal_use_page import PortalUsePage
from pages.reply_report_page import ReplyReportPage
from pages.timely_access_page import TimelyAccessPage
from pages.weekly_registrations_page import WeeklyRegistrationsPage

# Each report's link on the index -> its page object.
REPORTS: dict[str, type[BasePage]] = {
    "Weekly registrations": WeeklyRegistrationsPage,
    "Portal use": PortalUsePage,
    "Canned responses and auto-replies": ReplyReportPage,
    "Timely access and view, download, transmit": TimelyAccessPage,
}


class ReportsIndexPage(BasePage):
    path = "/staff/reports"
    title = "Reports"

    def open_report(self, link: str) -> BasePage:
        """Follow a report's link (a key of REPORTS); the report's own page object comes back."""
        self.page.get_by_role("link", name=link, exact=True).click()
        return REPORTS[link](self.page).ready()
