"""The scenario-scoped clock: a scope's time moves, nobody else's does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reference_portal.timestamps import from_iso

pytestmark = pytest.mark.portal

DAY = 86400


def expiry_seen_by(portal, scope: str | None) -> datetime:
    """Issue a code under a scope (or none) and read back when it expires: the portal's 'now' + 7 days."""
    headers = {"Authorization": "Bearer test-admin-token"}
    if scope:
        headers["X-Portal-Clock"] = scope
    patient = portal.patient()
    response = portal.client.post(
        "/api/admin/activation-codes",
        json={"patient_id": patient["id"], "clinic_id": patient["clinic_id"]},
        headers=headers,
    )
    return from_iso(response.get_json()["issued_at"])


def test_an_offset_moves_only_its_own_scope(portal):
    moved = portal.move_clock("scenario-a", offset_seconds=3 * DAY)
    real = datetime.now(UTC)
    assert moved["scope"] == "scenario-a" and moved["offset_seconds"] == pytest.approx(3 * DAY, abs=1)
    assert abs(from_iso(moved["now"]) - (real + timedelta(days=3))) < timedelta(seconds=5)

    assert abs(expiry_seen_by(portal, "scenario-a") - (real + timedelta(days=3))) < timedelta(seconds=5)
    assert abs(expiry_seen_by(portal, "scenario-b") - real) < timedelta(seconds=5)
    assert abs(expiry_seen_by(portal, None) - real) < timedelta(seconds=5)


def test_the_cookie_carries_the_scope_like_the_header(portal):
    portal.move_clock("cookie-scope", offset_seconds=-2 * DAY)
    portal.use_clock("cookie-scope")
    patient = portal.patient()
    issued = from_iso(portal.activation_code(patient)["issued_at"])
    assert abs(issued - (datetime.now(UTC) - timedelta(days=2))) < timedelta(seconds=5)


def test_advancing_adds_to_the_current_offset(portal):
    portal.move_clock("advance", offset_seconds=3600)
    assert portal.move_clock("advance", advance_seconds=-7200)["offset_seconds"] == pytest.approx(-3600, abs=1)


def test_a_frozen_scope_stands_still_until_moved(portal):
    frozen = portal.move_clock("still", at="2026-03-01T14:05:00Z", frozen=True)
    assert frozen == {
        "scope": "still",
        "offset_seconds": frozen["offset_seconds"],
        "now": "2026-03-01T14:05:00Z",
        "frozen": True,
    }
    assert portal.client.get("/__test__/clock", query_string={"scope": "still"}).get_json()["now"] == frozen["now"]
    assert portal.move_clock("still", advance_seconds=90)["now"] == "2026-03-01T14:06:30Z"
    assert portal.move_clock("still", frozen=False)["frozen"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"offset_seconds": 1},
        {"scope": "", "offset_seconds": 1},
        {"scope": "s"},
        {"scope": "s", "offset_seconds": "soon"},
        {"scope": "s", "offset_seconds": 1, "advance_seconds": 1},
        {"scope": "s", "at": "next tuesday"},
    ],
)
def test_a_clock_request_that_makes_no_sense_is_refused(portal, body):
    response = portal.client.post("/__test__/clock", json=body)
    assert response.status_code == 400 and response.get_json()["error"]
