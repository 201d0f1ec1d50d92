"""Parts shared by the results screens: reading a table by its column headers, the home page's
"Lab work" card with its new-results count."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class HeadedTable:
    """A data table read by column header: rows are found by their row header (the first column)."""

    def __init__(self, table: Locator) -> None:
        self.table = table

    @property
    def row_headers(self) -> Locator:
        return self.table.get_by_role("rowheader")

    def row(self, row_header: str) -> Locator:
        return self.table.get_by_role("row").filter(has=self.table.page.get_by_role("rowheader", name=row_header))

    def cell(self, row_header: str, column: str) -> Locator:
        headers = [text.strip() for text in self.table.get_by_role("columnheader").all_inner_texts()]
        if column not in headers:
            raise LookupError(f"The table has no column '{column}' (it has {', '.join(headers)}).")
        # why: a row's first cell is its row header (th) and the others are cells (td): one index for both
        return self.row(row_header).locator("th, td").nth(headers.index(column))


class LabWorkCard:
    """The home page's "Lab work" card: how many new test results the viewer has."""

    NO_NEW_RESULTS = "No new test results"

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def region(self) -> Locator:
        return self.page.get_by_role("region", name="Lab work")

    @property
    def new_results_count(self) -> Locator:
        """'3 new test results', '1 new test result' or 'No new test results'."""
        return self.region.get_by_test_id("new-results-count")

    @staticmethod
    def count_text(count: int) -> str:
        if count == 0:
            return LabWorkCard.NO_NEW_RESULTS
        return f"{count} new test result" + ("" if count == 1 else "s")
