from __future__ import annotations

import re
from typing import ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage


class ProfilePage(BasePage):
    """ "Your profile": the name and contact details on the patient's record, and a form to change them."""

    path = "/profile"
    title = "Your profile"

    @property
    def on_record(self) -> Locator:
        """The "On your record" section: name, phone, email address, address."""
        return self.page.get_by_role("region", name="On your record")

    def detail(self, term: str) -> Locator:
        """The value shown for a term of the "On your record" list: 'Name', 'Phone', 'Address'..."""
        # why: a description list has no ARIA role pairing a term with its value; the dd follows its dt
        term_cell = self.on_record.locator("dt").filter(has_text=re.compile(rf"^\s*{re.escape(term)}\s*$"))
        return term_cell.locator("xpath=following-sibling::dd[1]")

    # --- changing contact details (DEM-01): a request that waits for staff verification --------
    CHANGE_REQUESTED = "Thank you. Our staff will check your changes before they are saved to your record."
    FIELDS: ClassVar[dict[str, str]] = {
        "phone": "Phone",
        "email": "Email address",
        "line1": "Street address",
        "line2": "Apartment, suite or unit (optional)",
        "city": "City",
        "state": "State",
        "postal_code": "ZIP code",
    }

    def request_change(self, details: dict[str, str]) -> ProfilePage:
        """Fill the "Change your contact details" form with the given fields and send the request."""
        form = self.page.get_by_role("region", name="Change your contact details")
        for name, value in details.items():
            form.get_by_label(self.FIELDS[name], exact=True).fill(value)
        form.get_by_role("button", name="Request changes").click()
        return self.ready()

    @property
    def waiting_for_verification(self) -> Locator:
        """The "Waiting for verification" notice, with the details on record and the ones requested."""
        return self.page.get_by_role("region", name="Waiting for verification")

    def requested(self, detail: str) -> Locator:
        """The row of a detail ('Phone', 'Email address'...) in the waiting change: on record, requested."""
        return self.waiting_for_verification.get_by_role("row").filter(
            has=self.page.get_by_role("rowheader", name=detail, exact=True)
        )
