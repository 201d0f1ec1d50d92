"""A small client for the bundled portal's admin and test-mode APIs (JSON over HTTP).

Given steps build state through it, never through the UI. Every call carries the scenario's
clock scope, so a scenario that moves its clock moves only its own time.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.profiles import MISSING, ReleaseSource

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
    offers: frozenset[str] | None = None  # what the target offers (None: everything)
    target_name: str = ""
    ledger: Path | None = None  # the run's created.jsonl: what this run created, for `cleanup`
    read_only: bool = False  # a production target (production_guard.py): only GET requests go out

    def __repr__(self) -> str:  # the admin token stays out of reports
        return f"PortalApi({self.base_url!r}, clock_scope={self.clock_scope!r})"

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        need = need_of(path)
        if need and self.offers is not None and need not in self.offers:
            # why: an untagged scenario must not poke a shared portal's API it was told is not there
            raise HarnessError(
                f"The target {self.target_name} offers {MISSING[need]} ({method} {path.split('?', maxsplit=1)[0]}): "
                f"tag the scenario @needs:{need}, so it is skipped on such targets."
            )
        if self.read_only and method != "GET":
            # why: the second line of the production guard, should a scenario be tagged @readonly by mistake
            raise HarnessError(
                f"The target {self.target_name} is guarded as production: a @readonly scenario may not write "
                f"({method} {path.split('?', maxsplit=1)[0]}); remove the @readonly tag or the write."
            )
        answer = self._send(method, path, body)
        if self.ledger is not None and method == "POST" and isinstance(answer, dict):
            record_created(self.ledger, path, answer)
        return answer

    def _send(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
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
    def create_clinic(self, name: str, timezone: str, code: str | None = None) -> dict[str, Any]:
        body = {"name": name, "timezone": timezone} | ({"code": code} if code else {})
        return dict(self.request("POST", "/api/admin/clinics", body))

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


def need_of(path: str) -> str | None:
    """Which `@needs:` an API path belongs to: admin API, the test clock or the mail sink."""
    if path.startswith("/api/admin/"):
        return "admin"
    if path.startswith("/__test__/clock"):
        return "clock"
    if path.startswith("/__test__/mail"):
        return "mailbox"
    return None


# Admin collections whose records a run owns -> (kind in the ledger, the identifier that labels it).
# Only identifiers: never "code" of an activation code, never a name of a person.
_OWNED_COLLECTIONS: dict[str, tuple[str, str]] = {
    "clinics": ("clinic", "code"),
    "patients": ("patient", "mrn"),
    "enrollments": ("account", "username"),
    "proxy-enrollments": ("account", "username"),
    "staff": ("staff", "username"),
    "partner-users": ("partner-user", "username"),
    "partner-organizations": ("partner-organization", "name"),
    "pools": ("pool", "name"),
}


def record_created(ledger: Path, path: str, answer: dict[str, Any]) -> None:
    """Append what a POST to an owned admin collection created to the run's ledger (created.jsonl).

    The ledger is what `cleanup` lists on targets that cannot delete: kind, id and an identifier.
    """
    parts = path.split("?", maxsplit=1)[0].strip("/").split("/")
    if len(parts) != 3 or parts[:2] != ["api", "admin"] or parts[2] not in _OWNED_COLLECTIONS:
        return
    kind, label_key = _OWNED_COLLECTIONS[parts[2]]
    record_id = answer.get("id") or answer.get("account_id")
    if not isinstance(record_id, str):
        return
    line = json.dumps({"kind": kind, "id": record_id, "label": str(answer.get(label_key) or "")}, ensure_ascii=False)
    with ledger.open("a", encoding="utf-8") as handle:  # one short append per record: safe across workers
        handle.write(line + "\n")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fetch_version(base_url: str, source: ReleaseSource | None = None) -> dict[str, Any]:
    """The product and release the portal reports about itself; a HarnessError if it does not answer.

    How the release is read is the target profile's choice: a path into the `/version` JSON
    document, or a regex over the landing page's footer (for portals without `/version`).
    """
    source = source or ReleaseSource()
    if source.source == "footer":
        assert source.footer_pattern is not None  # the profile loader checks it
        page = _get(base_url, "/", "the landing page").decode("utf-8", errors="replace")
        found = re.search(source.footer_pattern, page)
        if not found:
            raise HarnessError(
                f"The landing page of {base_url} does not match the profile's footer_pattern "
                f"{source.footer_pattern!r}: fix the pattern in the target profile."
            )
        return {"product": None, "release": found.group(1)}
    try:
        document = json.loads(_get(base_url, "/version", "/version"))
    except ValueError as error:
        raise HarnessError(f"The portal at {base_url} did not answer /version ({error}): check the URL.") from None
    value: Any = document
    for part in source.json_path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        raise HarnessError(
            f"/version of {base_url} has no {source.json_path!r}: fix [target.release] json_path in the profile."
        )
    product = document.get("product") if isinstance(document, dict) else None
    return {**(document if isinstance(document, dict) else {}), "product": product, "release": str(value)}


def _get(base_url: str, path: str, what: str) -> bytes:
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + path, timeout=_TIMEOUT_S) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise HarnessError(f"The portal at {base_url} did not answer {what} ({error}): check the URL.") from None
