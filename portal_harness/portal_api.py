"""A small client for the bundled portal's admin and test-mode APIs (JSON over HTTP).

Given steps build state through it, never through the UI. Every call carries the scenario's
clock scope, so a scenario that moves its clock moves only its own time.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from portal_harness.errors import HarnessError

CLOCK_HEADER = "X-Portal-Clock"
CLOCK_COOKIE = "portal_clock"
_TIMEOUT_S = 15.0


class PortalApiError(Exception):
    """The portal answered an API call with an error status (a product or contract problem)."""

    def __init__(self, method: str, path: str, status: int, detail: str) -> None:
        super().__init__(f"{method} {path} answered {status}: {detail}")
        self.status = status


@dataclass(frozen=True)
class PortalApi:
    base_url: str
    admin_token: str
    clock_scope: str | None = None

    def __repr__(self) -> str:  # the admin token stays out of reports
        return f"PortalApi({self.base_url!r}, clock_scope={self.clock_scope!r})"

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = urllib.parse.urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        request.add_header("Authorization", f"Bearer {self.admin_token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.clock_scope:
            request.add_header(CLOCK_HEADER, self.clock_scope)
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            raise PortalApiError(method, path, error.code, error.read().decode(errors="replace")[:300]) from None
        return json.loads(payload) if payload else None

    # -- the admin API -------------------------------------------------------------------------
    def create_clinic(self, name: str, timezone: str) -> dict[str, Any]:
        return dict(self.request("POST", "/api/admin/clinics", {"name": name, "timezone": timezone}))

    def register_patient(self, **patient: Any) -> dict[str, Any]:
        return dict(self.request("POST", "/api/admin/patients", patient))

    def generate_activation_code(self, patient_id: str, clinic_id: str) -> dict[str, Any]:
        body = {"patient_id": patient_id, "clinic_id": clinic_id}
        return dict(self.request("POST", "/api/admin/activation-codes", body))

    def enroll(self, **enrollment: str) -> dict[str, Any]:
        """Staff-assisted enrollment: redeem an activation code and create the portal account."""
        return dict(self.request("POST", "/api/admin/enrollments", enrollment))

    def create_staff(self, **member: str) -> dict[str, Any]:
        """A staff-console user: clinic_id, first_name, last_name, role, username, password."""
        return dict(self.request("POST", "/api/admin/staff", member))

    # -- test mode -----------------------------------------------------------------------------
    def move_clock(self, *, offset_seconds: int | None = None, advance_seconds: int | None = None) -> str:
        """Set or advance this scenario's clock; returns the portal's new 'now' (ISO-8601)."""
        body: dict[str, Any] = {"scope": self.clock_scope}
        if offset_seconds is not None:
            body["offset_seconds"] = offset_seconds
        if advance_seconds is not None:
            body["advance_seconds"] = advance_seconds
        return str(self.request("POST", "/__test__/clock", body)["now"])

    def clock_now(self) -> datetime:
        """The portal's 'now' on this scenario's clock (an aware datetime in UTC)."""
        query = urllib.parse.urlencode({"scope": self.clock_scope or ""})
        return _instant(str(self.request("GET", f"/__test__/clock?{query}")["now"]))

    def freeze_clock(self, moment: datetime) -> datetime:
        """Stop this scenario's clock at an instant: a threshold is then exactly on one side of it."""
        at = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return _instant(
            str(self.request("POST", "/__test__/clock", {"scope": self.clock_scope, "at": at, "frozen": True})["now"])
        )

    def mailbox(self, address: str) -> list[dict[str, Any]]:
        """Every email the portal sent to the address, oldest first."""
        query = urllib.parse.urlencode({"to": address})
        return list(self.request("GET", f"/__test__/mail?{query}")["messages"])

    def version(self) -> dict[str, Any]:
        return dict(self.request("GET", "/version"))


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fetch_version(base_url: str) -> dict[str, Any]:
    """The product and release the portal reports about itself; a HarnessError if it does not answer."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/version", timeout=_TIMEOUT_S) as response:
            return dict(json.loads(response.read()))
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise HarnessError(f"The portal at {base_url} did not answer /version ({error}): check the URL.") from None
