"""The staff console's audit log (AUD-01): who looked at which patient's information, what and when."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.report_components import ReportTable


class AuditLogPage(BasePage):
    path = "/staff/audit"
    title = "Audit log"
    WHO = "Who"
    PATIENT = "Patient"
    CATEGORY = "Category"
    ACTION = "Action"
    TIME = "Time"
    # What the log calls each kind of actor, and each kind of information looked at.
    ACTOR_KINDS: ClassVar[dict[str, Any]] = {
        "patient": "Patient",
        "proxy": "Proxy",
        "staff member": "Staff",
        "partner user": "Partner user",
    }
    LOOKS: ClassVar[dict[str, Any]] = {
        "health summary": ("clinical-record", "health-summary-viewed"),
        "message": ("messaging", "message-viewed"),
    }
    CHANGE_CONTROLS = re.compile(r"\b(edit|delete|remove|change|clear)\b", re.IGNORECASE)

    def find_patient(self, mrn: str) -> AuditLogPage:
        self.page.get_by_label("Patient MRN").fill(mrn)
        self.page.get_by_role("button", name="Find patient").click()
        return self.ready()

    @property
    def entries_region(self) -> Locator:
        return self.page.get_by_role("region", name="Entries")

    @property
    def entries(self) -> ReportTable:
        return ReportTable(self.entries_region.get_by_role("table"))

    def entry(self, who: tuple[str, ...], action: str) -> Locator:
        """The newest entry of that person doing that action; `who` are the ways the log may name
        them (full name, or the username where it shows no name, as for partner users)."""
        names = re.compile("^(?:" + "|".join(re.escape(name) for name in who) + r")\b")
        rows = self.entries.body_rows.filter(has=self.page.get_by_role("rowheader", name=names))
        return rows.filter(has_text=action).first

    @property
    def rows(self) -> Locator:
        """Every entry shown, newest first (one table row each)."""
        return self.entries.body_rows

    def entries_by(self, who: str, action: str) -> Locator:
        """Entries whose Who (the row header) names the person and whose Action shows the action."""
        by_whom = self.rows.filter(has=self.page.get_by_role("rowheader", name=re.compile(re.escape(who))))
        return by_whom.filter(has=self.page.get_by_role("cell", name=re.compile(re.escape(action))))

    def entry_cell(self, who: tuple[str, ...], action: str, column: str) -> Locator:
        return self.entries.cell_of(self.entry(who, action), column)

    @property
    def change_controls(self) -> Locator:
        """Any button or link that would edit or remove an entry (there must be none)."""
        region = self.entries_region
        return region.get_by_role("button", name=self.CHANGE_CONTROLS).or_(
            region.get_by_role("link", name=self.CHANGE_CONTROLS)
        )
