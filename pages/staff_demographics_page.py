"""The staff console's "Demographics changes": contact details patients asked to change, waiting for
staff to verify them with the patient, each with its values before and after."""

from __future__ import annotations

from typing import ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage


class StaffDemographicsPage(BasePage):
    path = "/staff/demographics"
    title = "Demographics changes"
    DETAILS: ClassVar[dict[str, str]] = {
        "phone": "Phone",
        "email": "Email address",
        "line1": "Street address",
        "city": "City",
        "state": "State",
        "postal_code": "ZIP code",
    }

    @property
    def waiting(self) -> Locator:
        return self.page.get_by_role("region", name="Waiting for verification")

    def request_of(self, full_name: str) -> Locator:
        """The rows of one patient's request (a row group headed by the patient's name)."""
        # why: each request is a <tbody> row group; ARIA gives it no name to find it by
        return self.waiting.locator("tbody").filter(has_text=full_name)

    def change(self, full_name: str, detail: str) -> Locator:
        """The row of one changed detail in a patient's request: the detail, its value before and after."""
        return (
            self.request_of(full_name)
            .get_by_role("row")
            .filter(has=self.page.get_by_role("rowheader", name=detail, exact=True))
        )
