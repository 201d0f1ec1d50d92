from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.result_detail_page import ResultDetailPage
from pages.results_components import HeadedTable


class TestResultsPage(BasePage):
    """The list of test results the viewer may see, newest first."""

    __test__ = False  # pytest must not collect this page object (its name starts with Test)
    path = "/results"
    title = "Test results"
    WAITING_FOR_CLINICIAN = "waiting for your clinician to review"
    NO_RESULTS = "There are no test results to show yet."

    @property
    def table(self) -> HeadedTable:
        return HeadedTable(self.page.get_by_role("table"))

    @property
    def test_names(self) -> Locator:
        """The Test column: one row header per result shown."""
        return self.table.row_headers

    def result_row(self, test_name: str) -> Locator:
        return self.table.row(test_name)

    def value_of(self, test_name: str) -> Locator:
        """The Result column of the test's row: the value and its units."""
        return self.table.cell(test_name, "Result")

    @staticmethod
    def value_with_units(value: str, units: str | None) -> str:
        """How the Result column shows a value: '105 mg/dL', or the value alone when it has no units."""
        return f"{value} {units or ''}".strip()

    def status_of(self, test_name: str) -> Locator:
        return self.table.cell(test_name, "Status")

    @property
    def waiting_notice(self) -> Locator:
        return self.page.get_by_text(self.WAITING_FOR_CLINICIAN)

    @property
    def empty_message(self) -> Locator:
        return self.page.get_by_text(self.NO_RESULTS)

    def open_result(self, test_name: str) -> ResultDetailPage:
        self.page.get_by_role("link", name=test_name, exact=True).click()
        return ResultDetailPage(self.page, test_name).ready()
