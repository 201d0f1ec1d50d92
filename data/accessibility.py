"""Accessibility scans (axe-core through axe-playwright-python) and the state the scanned screens need.

A11Y-01 scans each core screen with something on it: a patient with a result, a message, an
upcoming appointment and a child's record to switch to, so the scan sees the screen's real
markup (tables, lists, the record switcher), not an empty state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import allure
from playwright.sync_api import Page

from data.messaging import new_message, send_over_http
from data.people import People, Person
from data.proxies import clinic_of, grant
from data.results import file_result
from portal_harness.page_scanner import axe_violations
from portal_harness.scan_comparison import BLOCKING_IMPACTS


@dataclass(frozen=True)
class AxeScan:
    """One axe run: which screen, and the violations of the WCAG 2.1 A/AA rules it found."""

    screen: str
    url: str
    violations: list[dict[str, Any]]

    @property
    def blocking(self) -> list[dict[str, Any]]:
        return [violation for violation in self.violations if violation.get("impact") in BLOCKING_IMPACTS]

    def as_json(self) -> str:
        return json.dumps({"screen": self.screen, "url": self.url, "violations": self.violations}, indent=2)

    def summary(self) -> str:
        return "; ".join(
            f"{v['id']} ({v.get('impact')}): {v.get('help')} at "
            + ", ".join(str(node.get("target")) for node in v.get("nodes", [])[:3])
            for v in self.blocking
        )


def scan(page: Page, screen: str) -> AxeScan:
    """Run axe on the page as it is now, with the WCAG 2.1 A and AA rules only; every finding is
    attached to the report (only serious and critical ones should fail a scenario)."""
    found = AxeScan(screen, page.url, axe_violations(page))
    allure.attach(found.as_json(), name=f"axe violations: {screen}", attachment_type=allure.attachment_type.JSON)
    return found


def give_something_to_show(people: People, person: Person, child_name: str) -> None:
    """A result, a message to the care team, an upcoming appointment, and a child's record as parent proxy."""
    api = people.scenario.api
    clinic = clinic_of(person)
    file_result(api, person, people.fake.lab_result())
    starts = (api.clock_now() + timedelta(days=9)).replace(hour=15, minute=0, second=0, microsecond=0)
    api.request(
        "POST",
        f"/api/admin/patients/{person.patient_id}/appointments",
        {"starts_at": starts.isoformat(), "minutes": 30, "provider": "Dr. " + people.fake.last_name()},
    )
    grant(people, person.name, child_name, clinic.name, "parent")
    send_over_http(people, person, new_message(people, person, "Medical question"))
