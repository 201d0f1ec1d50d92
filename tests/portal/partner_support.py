"""Building blocks for the partner and support tests: a clinic in Phoenix, a partner organisation
with an MOU, attributed patients, partner users signing in from their own browser."""

from __future__ import annotations

import html
import itertools
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from werkzeug.test import TestResponse

from reference_portal.portal import EXTENSION_KEY, Portal

ZONE = "America/Phoenix"  # UTC-7 all year: the clinic's day ends at 07:00 UTC
SCOPE = "partners"
PARTNER_PASSWORD = "home visits every tuesday"
STAFF_PASSWORD = "quiet harbour lights"
_numbers = itertools.count(1)
PortalDriver = Any


def utc_text(local: str, zone: str = ZONE) -> str:
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def at(portal: PortalDriver, local: str) -> None:
    """Freeze the scenario clock at the Phoenix clinic's wall-clock time."""
    portal.move_clock(SCOPE, at=utc_text(local), frozen=True)


def page_text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def portal_of(app: Flask) -> Portal:
    portal = app.extensions[EXTENSION_KEY]
    assert isinstance(portal, Portal)
    return portal


def audit_rows(app: Flask, action: str) -> list[dict[str, Any]]:
    with app.app_context():
        database = portal_of(app).database
        rows = (
            database.connection().execute("SELECT * FROM audit_log WHERE action = ? ORDER BY id", (action,)).fetchall()
        )
        result = [dict(row) for row in rows]
        database.release()
    return result


def patient_key(app: Flask, public_id: str) -> int:
    with app.app_context():
        database = portal_of(app).database
        row = database.connection().execute("SELECT id FROM patients WHERE public_id = ?", (public_id,)).fetchone()
        database.release()
    return int(row["id"])


def organization(portal: PortalDriver, clinic: dict[str, Any], name: str = "Sunrise Home Health") -> dict[str, Any]:
    body = {"name": name, "clinic_id": clinic["id"], "kind": "home-health"}
    return portal.admin("POST", "/partner-organizations", body, status=201)


def mou(  # noqa: PLR0917 (the MOU's terms, most left at their defaults)
    portal: PortalDriver,
    org: dict[str, Any],
    starts_on: str = "2026-03-01",
    ends_on: str = "2026-03-31",
    functions: tuple[str, ...] = ("results", "medications", "scheduling"),
    administrator: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "organization_id": org["id"],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "functions": list(functions),
    }
    if administrator:
        body["site_administrator"] = {
            "first_name": "Ana",
            "last_name": "Reyes",
            "username": administrator,
            "password": PARTNER_PASSWORD,
            "email": f"{administrator}@sunrise.example.test",
        }
    return portal.admin("POST", "/mous", body, status=201)


def partner_user(portal: PortalDriver, org: dict[str, Any], first_name: str = "Ana") -> dict[str, Any]:
    username = f"partner{next(_numbers)}"
    body = {
        "organization_id": org["id"],
        "first_name": first_name,
        "last_name": "Reyes",
        "username": username,
        "password": PARTNER_PASSWORD,
        "email": f"{username}@sunrise.example.test",
    }
    return {**portal.admin("POST", "/partner-users", body, status=201), "password": PARTNER_PASSWORD}


def attribute(portal: PortalDriver, mou_json: dict[str, Any], patient: dict[str, Any]) -> None:
    portal.admin("POST", f"/mous/{mou_json['id']}/attributions", {"patient_id": patient["id"]}, status=201)


def partner_sign_in(browser: PortalDriver, user: dict[str, Any]) -> TestResponse:
    return browser.submit("/partner/sign-in", {"username": user["username"], "password": user["password"]})


def staff_member(portal: PortalDriver, clinic: dict[str, Any], role: str) -> dict[str, Any]:
    username = f"staff{next(_numbers)}"
    body = {
        "clinic_id": clinic["id"],
        "first_name": "Sam",
        "last_name": "Ortiz",
        "role": role,
        "username": username,
        "password": STAFF_PASSWORD,
    }
    return {**portal.admin("POST", "/staff", body, status=201), "password": STAFF_PASSWORD}


def staff_browser(portal: PortalDriver, member: dict[str, Any]) -> PortalDriver:
    browser = portal.new_browser()
    browser.use_clock(SCOPE)
    response = browser.submit("/staff/sign-in", {"username": member["username"], "password": member["password"]})
    assert response.status_code == 302, page_text(response)
    return browser


def error_summary(response: TestResponse) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<li><a href="#[^"]+">(.*?)</a></li>', page_text(response))]


def has_label(page: str, field: str, text: str) -> bool:
    """A <label for> with this text, whatever the release's class names."""
    return re.search(rf'<label class="[^"]*" for="{field}">{re.escape(text)}</label>', page) is not None
