"""A clinic's public contact page (no sign-in): phone, opening hours by weekday, holidays."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.base_page import BasePage
from pages.report_components import ReportTable


class ClinicContactPage(BasePage):
    """Reached by the clinic's code (/clinics/<code>/contact); the h1 is the clinic's name."""

    CLOSED = "Closed"
    HOURS = "{opens} to {closes}"

    def __init__(self, page: Page, clinic_code: str) -> None:
        super().__init__(page)
        self.path = f"/clinics/{clinic_code}/contact"  # type: ignore[misc]  # why: one page per clinic

    @property
    def opening_hours(self) -> Locator:
        return self.page.get_by_role("region", name="Opening hours").get_by_role("table")

    def hours_on(self, weekday: str) -> Locator:
        """The Hours cell of a weekday's row, e.g. "08:00 to 17:00" or "Closed"."""
        return ReportTable(self.opening_hours).cell(weekday, "Hours")
