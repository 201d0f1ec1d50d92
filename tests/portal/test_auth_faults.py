"""The enrollment and authentication faults: each one changes exactly the behaviour its scenario
checks, and the same steps on a portal without it behave correctly."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from auth_helpers import field_error

from reference_portal.faults import list_faults
from reference_portal.timestamps import from_iso, to_iso

pytestmark = pytest.mark.portal

AREA_FAULTS = {
    "expired-activation-code-accepted": ("ENR", ("ENR-02",)),
    "activation-code-never-voided": ("ENR", ("ENR-04",)),
    "mfa-setup-skipped": ("ENR", ("ENR-08",)),
    "one-time-code-never-expires": ("ENR", ("ENR-08",)),
    "lockout-disabled": ("AUTH", ("AUTH-02",)),
    "idle-timeout-ignored": ("AUTH", ("AUTH-03",)),
    "session-survives-sign-out": ("AUTH", ("AUTH-04",)),
    "password-reset-link-reusable": ("AUTH", ("AUTH-06",)),
}


@pytest.fixture
def both(portal_with_faults) -> Callable[[str], tuple]:
    """A portal with the fault, and one without it."""
    return lambda fault: (portal_with_faults(fault), portal_with_faults())


def test_the_catalogue_lists_the_area_faults_with_their_scenarios():
    faults = {fault.name: fault for fault in list_faults()}
    for name, (area, caught_by) in AREA_FAULTS.items():
        assert (faults[name].area, faults[name].caught_by) == (area, caught_by), name
        assert faults[name].kind == "behaviour" and faults[name].description
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)


def test_expired_activation_code_accepted(both):
    for portal, expected in zip(both("expired-activation-code-accepted"), ("/activate/account", None), strict=True):
        portal.use_clock("late")
        portal.move_clock("late", offset_seconds=0, frozen=True)
        patient = portal.patient()
        code = portal.activation_code(patient)
        portal.move_clock("late", at=to_iso(from_iso(code["expires_at"]) + timedelta(seconds=1)))
        response = portal.activate(code["code"], patient["date_of_birth"])
        if expected:
            assert response.location == expected
        else:
            assert field_error(response, "activation_code") == "This activation code has expired."


def test_activation_code_never_voided(both):
    for portal, voided in zip(both("activation-code-never-voided"), (False, True), strict=True):
        patient = portal.patient()
        code = portal.activation_code(patient)
        for _ in range(5):
            portal.activate(code["code"], "2001-01-01")
        after = portal.activate(code["code"], patient["date_of_birth"])
        assert (after.location != "/activate/account") is voided


def test_mfa_setup_skipped(both):
    for portal, first_step in zip(both("mfa-setup-skipped"), ("/sign-in/verify", "/sign-in/set-up-codes"), strict=True):
        person = portal.enroll()
        assert portal.sign_in(person["username"], person["password"]).location == first_step


def test_one_time_code_never_expires(both):
    for portal, expected in zip(both("one-time-code-never-expires"), ("/home", None), strict=True):
        person = portal.enroll_at_desk()
        portal.use_clock("otp")
        start = portal.move_clock("otp", offset_seconds=0, frozen=True)
        portal.sign_in(person["username"], person["password"])
        portal.move_clock("otp", at=to_iso(from_iso(start["now"]) + timedelta(minutes=11)))
        response = portal.verify(portal.latest_sign_in_code(person["email"]))
        if expected:
            assert response.location == expected
        else:
            assert field_error(response, "one_time_code") == "That code is not right or has expired."


def test_lockout_disabled(both):
    for portal, locked in zip(both("lockout-disabled"), (False, True), strict=True):
        person = portal.enroll_at_desk()
        for _ in range(5):
            portal.sign_in(person["username"], "not the password")
        status = portal.admin("GET", f"/accounts/{person['account_id']}")
        assert (status["status"] == "locked") is locked
        assert (portal.sign_in(person["username"], person["password"]).location == "/sign-in/verify") is not locked


def test_idle_timeout_ignored(both):
    for portal, signed_out in zip(both("idle-timeout-ignored"), (False, True), strict=True):
        person = portal.enroll_at_desk()
        portal.use_clock("idle")
        portal.move_clock("idle", offset_seconds=0, frozen=True)
        portal.sign_in_fully(person)
        portal.move_clock("idle", advance_seconds=31 * 60)
        assert (portal.client.get("/session/status").get_json()["signed_in"] is False) is signed_out
        assert (portal.client.get("/home").location == "/sign-in") is signed_out


def test_session_survives_sign_out(both):
    for portal, ended in zip(both("session-survives-sign-out"), (False, True), strict=True):
        person = portal.enroll_at_desk(first_name="Marisol")
        portal.sign_in_fully(person)
        cookie = portal.client.get_cookie("portal_session").value
        token = re.search(r'name="csrf_token" value="([^"]+)"', portal.client.get("/home").get_data(as_text=True))
        portal.client.post("/sign-out", data={"csrf_token": token.group(1)})
        replay = portal.new_browser()
        replay.client.set_cookie("portal_session", cookie)
        home = replay.client.get("/home")
        assert (home.location == "/sign-in") is ended
        assert ("Welcome, Marisol" in home.get_data(as_text=True)) is not ended


def test_password_reset_link_reusable(both):
    for portal, reusable in zip(both("password-reset-link-reusable"), (True, False), strict=True):
        person = portal.enroll_at_desk()
        portal.submit("/password/forgot", {"username": person["username"]})
        link = re.search(r"http://localhost(/password/reset/\S+)", portal.mail_to(person["email"])[-1]["body"]).group(1)
        for password in ("first new passphrase", "second new passphrase"):
            opened = portal.client.get(link)
            if opened.status_code != 302:
                break
            portal.submit("/password/reset", {"new_password": password, "confirm_new_password": password})
        second_worked = portal.sign_in(person["username"], "second new passphrase").location == "/sign-in/verify"
        assert second_worked is reusable
        if not reusable:
            assert "This password reset link has already been used" in opened.get_data(as_text=True)
