"""Building blocks for the messaging and staff-console tests: clinics with hours, staff, pools,
rules, and a patient who writes from the browser; staff who work from their own browser."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.test import TestResponse

STAFF_PASSWORD = "quiet harbour lights"
WEEKDAY_HOURS = {day: [["08:00", "17:00"]] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}

_numbers = itertools.count(1)
# The conftest's PortalDriver (a patient's browser plus the admin API); typed loosely here.
PortalDriver = Any
_CONVERSATION_LINK = re.compile(r"/messages/(cnv_[A-Za-z0-9_-]+)")


def utc_text(local: str, zone: str) -> str:
    """'2026-03-02 16:59' on a clinic's wall clock, as the UTC instant the test clock takes."""
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def field_error(response: TestResponse, field: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page_text(response))
    return match.group(1) if match else None


@dataclass
class Clinic:
    """A clinic with its pools, built through the admin API."""

    world: MessagingWorld
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def timezone(self) -> str:
        return str(self.data["timezone"])

    def pool(self, name: str, kind: str, members: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
        body = {"clinic_id": self.id, "name": name, "kind": kind, "member_ids": [m["id"] for m in members]}
        return self.world.portal.admin("POST", "/pools", body, status=201)

    def staff(self, role: str = "nurse", first_name: str = "Nora", last_name: str = "Hale") -> dict[str, Any]:
        username = f"staff{next(_numbers)}"
        body = {
            "clinic_id": self.id,
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "username": username,
            "password": STAFF_PASSWORD,
        }
        return {**self.world.portal.admin("POST", "/staff", body, status=201), "password": STAFF_PASSWORD}

    def route(self, topic: str | None, pool: dict[str, Any]) -> dict[str, Any]:
        body = {"clinic_id": self.id, "topic": topic, "pool_id": pool["id"]}
        return self.world.portal.admin("POST", "/routing-rules", body, status=201)

    def set_hours(self, hours: dict[str, list[list[str]]]) -> dict[str, Any]:
        return self.world.portal.admin("PUT", f"/clinics/{self.id}/hours", hours)

    def holiday(self, date: str, name: str = "Founders Day") -> dict[str, Any]:
        return self.world.portal.admin("POST", f"/clinics/{self.id}/holidays", {"date": date, "name": name}, status=201)


class MessagingWorld:
    """One scenario: its clock scope, clinics, a signed-in patient browser, staff through the API."""

    def __init__(self, portal: PortalDriver, scope: str = "messaging") -> None:
        self.portal = portal
        self.scope = scope
        self.patient: dict[str, Any] | None = None
        portal.use_clock(scope)

    # --- time --------------------------------------------------------------------------------
    def at(self, local: str, zone: str) -> None:
        """Freeze the scenario's clock at a clinic's wall-clock time."""
        self.portal.move_clock(self.scope, at=utc_text(local, zone), frozen=True)

    def advance(self, seconds: float) -> None:
        self.portal.move_clock(self.scope, advance_seconds=seconds)

    def later(self, local: str, zone: str) -> None:
        """Move the clock, and sign the patient in again if their session timed out meanwhile."""
        self.at(local, zone)
        assert self.patient is not None
        if self.portal.client.get("/messages").status_code == 302:
            assert self.portal.sign_in_fully(self.patient).status_code == 302

    # --- people ------------------------------------------------------------------------------
    def clinic(
        self, timezone: str = "America/Los_Angeles", name: str = "Eastside Clinic", hours: bool = True
    ) -> Clinic:
        clinic = Clinic(self, self.portal.clinic(name, timezone))
        if hours:
            clinic.set_hours(WEEKDAY_HOURS)
        return clinic

    def signed_in_patient(self, clinic: Clinic, **fields: Any) -> dict[str, Any]:
        person = self.portal.enroll_at_desk(clinic=clinic.data, **fields)
        response = self.portal.sign_in_fully(person)
        assert response.status_code == 302, page_text(response)
        self.patient = person
        return person

    # --- patient actions -----------------------------------------------------------------------
    def send(
        self,
        topic: str = "medical",
        subject: str = "A question",
        body: str = "Is it fine to take ibuprofen with my prescription?",
        *,
        attachment: tuple[bytes, str] | None = None,
        recipient: str | None = None,
        browser: PortalDriver | None = None,
    ) -> TestResponse:
        fields: dict[str, Any] = {"topic": topic, "subject": subject, "body": body}
        if recipient:
            fields["recipient"] = recipient
        if attachment is not None:
            content, filename = attachment
            fields["attachment"] = (io.BytesIO(content), filename)
        return (browser or self.portal).submit("/messages/new", fields)

    def send_ok(self, **kwargs: Any) -> str:
        """Send a message; the conversation's id."""
        response = self.send(**kwargs)
        assert response.status_code == 302, field_errors_of(response)
        match = _CONVERSATION_LINK.search(response.location)
        assert match, response.location
        return match.group(1)

    def conversation(self, conversation_id: str) -> dict[str, Any]:
        return self.portal.admin("GET", f"/messages/{conversation_id}")

    def pool_messages(self, pool: dict[str, Any]) -> list[dict[str, Any]]:
        return list(self.portal.admin("GET", f"/pools/{pool['id']}/messages")["messages"])


def field_errors_of(response: TestResponse) -> list[str]:
    return re.findall(r'<p class="field-error" id="[^"]+">(.*?)</p>', page_text(response))


def staff_browser(portal: PortalDriver, member: dict[str, Any], scope: str | None = None) -> PortalDriver:
    """Another browser, signed in to the staff console as this staff member."""
    browser = portal.new_browser()
    if scope:
        browser.use_clock(scope)
    response = browser.submit("/staff/sign-in", {"username": member["username"], "password": member["password"]})
    assert response.status_code == 302 and response.location == "/staff", page_text(response)
    return browser
