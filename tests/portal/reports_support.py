"""Building blocks for the reports tests: a scenario clock, codes issued and redeemed at sites."""

from __future__ import annotations

import csv
import io
import itertools
import re
from typing import Any

from flask import Flask
from messaging_support import PortalDriver, utc_text

from reference_portal.portal import EXTENSION_KEY, Portal

GOOD_PASSWORD = "river stones in spring"  # as in conftest

SCOPE = "reports"
_numbers = itertools.count(1)


class ReportsWorld:
    def __init__(self, portal: PortalDriver) -> None:
        self.portal = portal
        portal.use_clock(SCOPE)

    def at(self, local: str, zone: str) -> None:
        self.portal.move_clock(SCOPE, at=utc_text(local, zone), frozen=True)

    def clinic(self, name: str, timezone: str) -> dict[str, Any]:
        return self.portal.clinic(name, timezone)

    def patient(self, clinic: dict[str, Any]) -> dict[str, Any]:
        return self.portal.patient(clinic)

    def issue(self, patient: dict[str, Any], site: dict[str, Any]) -> dict[str, Any]:
        """Staff at `site` generate a code for the patient (whatever the patient's own clinic)."""
        return self.portal.admin(
            "POST", "/activation-codes", {"patient_id": patient["id"], "clinic_id": site["id"]}, status=201
        )

    def redeem(self, patient: dict[str, Any], code: dict[str, Any]) -> dict[str, Any]:
        body = {
            "code": code["code"],
            "date_of_birth": patient["date_of_birth"],
            "username": f"report{next(_numbers)}",
            "email": patient["email"],
            "password": GOOD_PASSWORD,
            "mfa_email_confirmed": True,
        }
        return self.portal.admin("POST", "/enrollments", body, status=201)

    def answer_wrongly(self, code: dict[str, Any], times: int) -> None:
        browser = self.portal.new_browser()
        browser.use_clock(SCOPE)
        for _ in range(times):
            browser.activate(code["code"], "1901-01-01")

    def weekly(self, week_start: str, **params: str) -> dict[str, Any]:
        query = "&".join(f"{key}={value}" for key, value in {"week_start": week_start, **params}.items())
        return self.portal.admin("GET", f"/reports/weekly?{query}")


def portal_of(app: Flask) -> Portal:
    portal = app.extensions[EXTENSION_KEY]
    assert isinstance(portal, Portal)
    return portal


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def table_rows(html: str) -> list[list[str]]:
    """Each <tr> of the page as its cells' text (tags stripped, spaces collapsed)."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells])
    return rows
