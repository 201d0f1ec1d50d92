"""The staff console's account support (SUP-01): find a patient, see their portal account's
status, resend an activation code, unlock the account."""

from __future__ import annotations

import re
from typing import ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage

# Support's work as the staff audit log names it (pages/audit_log_page.py), by the words the features use
SUPPORT_AUDIT_ACTIONS = {
    "viewed": "support-account-viewed",
    "resent an activation code for": "support-activation-code-resent",
    "unlocked": "support-account-unlocked",
}


class AccountSupportPage(BasePage):
    """Search by MRN (or name and date of birth); results list each patient's account status."""

    path = "/staff/support"
    title = "Account support"

    def find_by_mrn(self, mrn: str) -> AccountSupportPage:
        self.page.get_by_label("MRN", exact=True).fill(mrn)
        self.page.get_by_role("button", name="Search").click()
        self.results.wait_for()
        return self

    @property
    def results(self) -> Locator:
        return self.page.get_by_role("region", name="Search results")

    def open_account(self, full_name: str) -> SupportAccountPage:
        self.results.get_by_role("link", name=full_name).click()
        return SupportAccountPage(self.page).ready()

    def look_up(self, mrn: str, full_name: str) -> SupportAccountPage:
        return self.find_by_mrn(mrn).open_account(full_name)


class SupportAccountPage(BasePage):
    """One patient's account as support sees it: identity, status and account facts, never clinical data."""

    title = "Account status"
    # The status words the portal shows, by the words the features use
    STATUS_LABELS: ClassVar[dict[str, str]] = {
        "never activated": "Never activated",
        "code expired": "Code expired",
        "locked": "Locked",
        "active": "Active",
    }
    CODE_RESENT = "A new activation code was sent."
    UNLOCKED = "The account is unlocked."

    def status_label(self, status: str) -> str:
        try:
            return self.STATUS_LABELS[status]
        except KeyError:
            known = ", ".join(self.STATUS_LABELS)
            raise ValueError(f"Unknown account status '{status}': use one of {known}.") from None

    def fact(self, label: str) -> Locator:
        """The value shown for a fact ('Account status', 'MRN', ...)."""
        term = self.page.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        # why: a description list pairs a term with the definition after it; no role query expresses that pairing
        return term.locator("xpath=following-sibling::dd[1]")

    @property
    def account_status(self) -> Locator:
        return self.fact("Account status")

    @property
    def content(self) -> Locator:
        """Everything the page's main area shows."""
        return self.page.get_by_role("main")

    def resend_activation_code(self) -> SupportAccountPage:
        self.page.get_by_role("button", name="Resend activation code").click()
        return self.ready()

    def unlock_account(self) -> SupportAccountPage:
        self.page.get_by_role("button", name="Unlock account").click()
        return self.ready()
