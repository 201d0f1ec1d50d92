"""The health summary: the record's sections, test results, home readings and the clinic's contact details."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.record_components import DateRangeFilter, RecordTabs
from pages.result_detail_page import ResultDetailPage
from pages.results_components import HeadedTable


class HealthSummaryPage(BasePage):
    path = "/health-summary"
    title = "Health summary"
    TITLES: ClassVar[dict[str, str]] = {"en": "Health summary", "es": "Resumen de salud"}
    # the record's parts as the summary titles them (a section's heading names its region)
    SECTIONS: ClassVar[dict[str, str]] = {
        "problems": "Health problems",
        "medications": "Medications",
        "allergies": "Allergies",
        "immunizations": "Immunizations",
        "vitals": "Vitals",
        "care team": "Care team",
        "results": "Test results",
        "home readings": "Home readings",
    }
    CLINIC = "Your clinic"
    SHOW_A_DATE_RANGE = "Show a date range"
    PATIENT_REPORTED = "Patient-reported"

    def heading_in(self, language: str) -> Locator:
        """The page's heading in a language of the portal ("en", "es")."""
        return self.page.get_by_role("heading", level=1, name=self.TITLES[language])

    def open_in_any_language(self) -> HealthSummaryPage:
        self.page.goto(self.path)
        self.page.get_by_role("heading", level=1).wait_for()
        return self

    @property
    def tabs(self) -> RecordTabs:
        return RecordTabs(self.page)

    def section(self, part: str) -> Locator:
        """A part of the record by its domain name ("problems", "results", "care team"...)."""
        return self.page.get_by_role("region", name=self.SECTIONS[part], exact=True)

    def entry(self, part: str, name: str) -> Locator:
        """An entry of a section, by the words in its first column (a problem's name, a test's name...)."""
        return self.section(part).get_by_role("rowheader", name=name, exact=True)

    def table(self, part: str) -> HeadedTable:
        return HeadedTable(self.section(part).get_by_role("table"))

    @property
    def clinic(self) -> Locator:
        return self.page.get_by_role("region", name=self.CLINIC, exact=True)

    @property
    def record(self) -> Locator:
        """Everything the summary shows of the record (the main content)."""
        return self.page.get_by_role("main")

    def show_dates(self, date_from: date, date_to: date) -> HealthSummaryPage:
        self.page.get_by_text(self.SHOW_A_DATE_RANGE).click()
        DateRangeFilter(self.page).choose(date_from, date_to)
        self.page.get_by_role("button", name="Show", exact=True).click()
        return self.ready()

    def open_result(self, test_name: str) -> ResultDetailPage:
        self.section("results").get_by_role("link", name=test_name, exact=True).click()
        return ResultDetailPage(self.page, test_name).ready()

    def add_reading(self) -> AddReadingPage:
        self.section("home readings").get_by_role("link", name="Add a reading").click()
        return AddReadingPage(self.page).ready()


class AddReadingPage(BasePage):
    """A reading the patient took at home: blood pressure, weight or blood glucose."""

    path = "/health-summary/readings/new"
    title = "Add a reading"
    SAVED = "Your reading is saved. Your care team can see it."

    def save(self, reading_type: str, value: str, taken_on: date) -> HealthSummaryPage:
        self.page.get_by_label("Reading type").select_option(label=reading_type)
        self.page.get_by_label("Value", exact=True).fill(value)
        self.page.get_by_label("Date", exact=True).fill(taken_on.isoformat())
        self.page.get_by_role("button", name="Save reading").click()
        return HealthSummaryPage(self.page).ready()
