from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.base_page import BasePage


class ResultDetailPage(BasePage):
    """One test result: its value, reference range, flag, performing lab, dates and status.

    The heading is the test's name, so the page is built knowing which result it shows.
    """

    CORRECTED_NOTICE = "The lab corrected this result; it replaces the earlier report."

    def __init__(self, page: Page, test_name: str) -> None:
        super().__init__(page)
        self.test_name = test_name

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=self.test_name)

    def detail(self, term: str) -> Locator:
        """The value next to a term of the summary list: 'Value', 'Reference range', 'Flag', 'Performing lab'..."""
        # why: a description list has no ARIA role pairing a term with its value; the dd follows its dt
        term_cell = self.page.locator("dt").filter(has_text=re.compile(rf"^\s*{re.escape(term)}\s*$"))
        return term_cell.locator("xpath=following-sibling::dd[1]")

    @property
    def value(self) -> Locator:
        return self.detail("Value")

    @property
    def reference_range(self) -> Locator:
        return self.detail("Reference range")

    @property
    def flag(self) -> Locator:
        return self.detail("Flag")

    @property
    def performing_lab(self) -> Locator:
        return self.detail("Performing lab")

    @property
    def result_status(self) -> Locator:
        """'Final', 'Preliminary' or 'Corrected on <day>' ("status" is the page's status message, BasePage)."""
        return self.detail("Status")

    @property
    def reported(self) -> Locator:
        return self.detail("Reported")

    @property
    def correction_notice(self) -> Locator:
        """The notice above a corrected result: it replaces the earlier report."""
        return self.page.get_by_text(self.CORRECTED_NOTICE)
