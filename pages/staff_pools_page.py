"""The staff console's message pools: the pools overview and one pool's queue of conversations."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.base_page import BasePage
from pages.report_components import ReportTable
from pages.staff_conversation_page import StaffConversationPage


class StaffConsolePage(BasePage):
    """The console's start page: each of the member's pools with waiting, overdue and urgent counts."""

    path = "/staff"
    title = "Message pools"

    def open_pool(self, pool_name: str) -> PoolPage:
        self.page.get_by_role("link", name=PoolPage.title_of(pool_name), exact=True).click()
        return PoolPage(self.page, pool_name).ready()


class PoolPage(BasePage):
    """A pool's queue: one row per conversation (patient, subject, topic, status, flags)."""

    OVERDUE = "Overdue"
    URGENT = "Urgent"

    def __init__(self, page: Page, pool_name: str) -> None:
        super().__init__(page)
        self.pool_name = pool_name

    @staticmethod
    def title_of(pool_name: str) -> str:
        return f"{pool_name} pool"

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=self.title_of(self.pool_name), exact=True)

    @property
    def queue(self) -> Locator:
        return self.page.get_by_role("table", name=f"Messages in the {self.title_of(self.pool_name)}")

    def row_for(self, subject: str) -> Locator:
        """The conversation's row, found by its subject (shown under the patient's name)."""
        return self.queue.get_by_role("row").filter(has_text=subject)

    def rows_for(self, subject: str) -> Locator:
        """Like row_for, but also an empty list when the pool shows no table at all."""
        return self.page.get_by_role("row").filter(has_text=subject)

    def flags_of(self, subject: str) -> Locator:
        return ReportTable(self.queue).cell_of(self.row_for(subject), "Flags")

    def escalated_from(self, subject: str) -> Locator:
        return ReportTable(self.queue).cell_of(self.row_for(subject), "Escalated from")

    def open_conversation(self, subject: str) -> StaffConversationPage:
        self.row_for(subject).get_by_role("link").click()
        return StaffConversationPage(self.page, subject).ready()
