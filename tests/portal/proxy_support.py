"""Building blocks for the proxy-access tests: families (a parent's account, a child's record, the
relationship staff registered), the scenario clock set on a clinic's wall clock, and page reads."""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.test import TestResponse

# The conftest's PortalDriver (a patient's browser plus the admin API); typed loosely here.
PortalDriver = Any
PASSWORD = "river stones in spring"
_numbers = itertools.count(1)
_BANNER = re.compile(r'<p class="record-banner" role="status">(.*?)</p>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def utc_text(local: str, zone: str) -> str:
    """'2026-03-15 00:00' on a clinic's wall clock, as the UTC instant the test clock takes."""
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def visible_text(markup: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def banner(response: TestResponse) -> str | None:
    """The "You are viewing ..." banner's text, or None when the page shows none."""
    match = _BANNER.search(page_text(response))
    return visible_text(match.group(1)) if match else None


def field_error(response: TestResponse, field: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page_text(response))
    return html.unescape(match.group(1)) if match else None


def h1(response: TestResponse) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page_text(response), re.S)
    return visible_text(match.group(1)) if match else ""


def switcher_options(response: TestResponse) -> list[str]:
    select = re.search(r'<select[^>]*id="record-switcher"[^>]*>(.*?)</select>', page_text(response), re.S)
    return (
        [visible_text(option) for option in re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))]
        if select
        else []
    )


@dataclass
class Family:
    """A parent with their own portal account and record, and a child registered at the same clinic."""

    clinic: dict[str, Any]
    parent: dict[str, Any]  # the parent's patient record plus username, password
    parent_account_id: str
    child: dict[str, Any]
    proxy: dict[str, Any]  # the relationship as the admin API returned it


def at(portal: PortalDriver, scope: str, instant: str) -> None:
    """Freeze this browser's (and its admin calls') clock at a UTC instant."""
    portal.use_clock(scope)
    portal.move_clock(scope, at=instant, frozen=True)


def clinic(portal: PortalDriver, timezone: str) -> dict[str, Any]:
    return portal.clinic(name=f"Clinic {next(_numbers)}", timezone=timezone)


def enrolled_adult(
    portal: PortalDriver, where: dict[str, Any], first_name: str = "Maria", **fields: Any
) -> dict[str, Any]:
    """An adult patient with an account, enrolled at the desk; returns the patient + username, password, account_id."""
    record = portal.patient(
        where, first_name=first_name, date_of_birth=fields.pop("date_of_birth", "1985-04-12"), **fields
    )
    return desk_enrollment(portal, record)


def desk_enrollment(portal: PortalDriver, record: dict[str, Any]) -> dict[str, Any]:
    code = portal.activation_code(record)
    username = f"{record['first_name'].lower()}{next(_numbers)}"
    enrolled = portal.admin(
        "POST",
        "/enrollments",
        {
            "code": code["code"],
            "date_of_birth": record["date_of_birth"],
            "username": username,
            "email": record["email"],
            "password": PASSWORD,
        },
        status=201,
    )
    return {**record, "username": username, "password": PASSWORD, "account_id": enrolled["account_id"]}


def family(
    portal: PortalDriver,
    *,
    child_birth: str,
    timezone: str = "America/Chicago",
    relationship: str = "parent",
    child_name: str = "Leo",
) -> Family:
    where = clinic(portal, timezone)
    parent = enrolled_adult(portal, where)
    child = portal.patient(where, first_name=child_name, date_of_birth=child_birth, email=None)
    proxy = portal.admin(
        "POST",
        "/proxies",
        {"patient_id": child["id"], "proxy_account_id": parent["account_id"], "relationship": relationship},
        status=201,
    )
    return Family(where, parent, parent["account_id"], child, proxy)


def proxy_status(portal: PortalDriver, proxy_id: str) -> dict[str, Any]:
    return portal.admin("GET", f"/proxies/{proxy_id}")


def switch_to(portal: PortalDriver, patient_id: str) -> TestResponse:
    return portal.submit("/proxy/switch", {"subject": patient_id}, form_page="/home")
