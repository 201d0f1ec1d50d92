"""Session timeouts with a warning that can be extended (AUTH-03), and sign-out that ends the
session on the server, with nothing kept by the browser (AUTH-04)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from auth_helpers import page_text, statuses

from reference_portal.timestamps import from_iso, to_iso

pytestmark = pytest.mark.portal

IDLE_ENDED = "You were signed out because you were inactive for 30 minutes. Sign in again to continue."
ABSOLUTE_ENDED = "For your security, we signed you out. Sign in again to continue."
SIGNED_IN_PAGES = ("/home", "/messages", "/results", "/health-summary")


@pytest.fixture
def maria(portal):
    """Signed in at a frozen instant of the "session" clock scope; returns the person and that instant."""
    person = portal.enroll_at_desk(username="maria.lopez", first_name="Marisol", last_name="Quintanilla")
    portal.use_clock("session")
    start = portal.move_clock("session", at="2026-03-02T14:00:00Z", frozen=True)
    assert portal.sign_in_fully(person).location == "/home"
    return {**person, "signed_in_at": from_iso(start["now"])}


def at(portal, maria, **elapsed: float) -> None:
    portal.move_clock("session", at=to_iso(maria["signed_in_at"] + timedelta(**elapsed)))


def is_hidden(region: str) -> bool:
    opening = re.match(r"<div[^>]*>", region, flags=re.S)
    assert opening
    return opening.group(0).endswith(" hidden>")


def warning_region(html: str) -> str:
    match = re.search(r'<div id="session-timeout".*?</form>\s*</div>\s*</div>', html, flags=re.S)
    assert match, "no session-timeout region"
    return match.group(0)


def status(portal) -> dict:
    response = portal.client.get("/session/status")
    assert response.headers["Cache-Control"] == "no-store"
    return dict(response.get_json())


def csrf(portal) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_text(portal.client.get("/home"))).group(1)


# --- the warning on every signed-in page ------------------------------------------------------
def test_signed_in_pages_carry_an_accessible_warning_with_the_time_left(portal, maria):
    for path in SIGNED_IN_PAGES:
        html = page_text(portal.client.get(path))
        region = warning_region(html)
        assert 'role="alertdialog"' in region and 'aria-labelledby="session-timeout-title"' in region
        assert 'aria-describedby="session-timeout-text"' in region
        assert 'data-seconds-left-idle="1800"' in region and 'data-seconds-left-absolute="43200"' in region
        assert 'data-warning-seconds="120"' in region and 'data-status-url="/session/status"' in region
        assert is_hidden(region), "hidden while far from the timeout"
        assert '<button type="submit" class="button">Stay signed in</button>' in region
        assert '<script src="/static/session.js" defer></script>' in html
        assert 'id="session-timeout-live" class="visually-hidden" role="status"' in html


def test_public_pages_have_no_warning_and_no_script(portal):
    html = page_text(portal.new_browser().client.get("/sign-in"))
    assert "session-timeout" not in html and "session.js" not in html


def test_the_script_is_served_from_the_portal_itself(portal):
    script = portal.client.get("/static/session.js")
    assert script.status_code == 200 and "box.dataset.statusUrl" in page_text(script)  # the URL comes from the page
    assert "Content-Security-Policy" in script.headers  # script-src falls back to 'self': inline code would not run


def test_the_status_says_how_long_is_left_without_counting_as_activity(portal, maria):
    at(portal, maria, minutes=28)
    assert status(portal) == {
        "signed_in": True,
        "seconds_left_idle": 120,
        "seconds_left_absolute": 12 * 3600 - 28 * 60,
        "warning_seconds": 120,
        "extended": False,
    }
    at(portal, maria, minutes=29, seconds=59)
    assert status(portal)["seconds_left_idle"] == 1  # polling did not restart the idle timer
    at(portal, maria, minutes=30)
    assert status(portal)["seconds_left_idle"] == 0 and status(portal)["signed_in"] is True
    at(portal, maria, minutes=30, seconds=1)
    assert status(portal) == {
        "signed_in": False,
        "reason": "idle-timeout",
        "message": IDLE_ENDED,
        "sign_in_url": "/sign-in",
    }


def test_after_the_idle_timeout_the_next_request_shows_sign_in_with_the_reason_and_no_phi(portal, maria):
    at(portal, maria, minutes=30, seconds=1)
    for path in SIGNED_IN_PAGES:
        response = portal.client.get(path)
        assert response.location == "/sign-in"
        assert "Marisol" not in page_text(response) and "Quintanilla" not in page_text(response)
    page = portal.client.get("/sign-in")
    assert IDLE_ENDED in statuses(page)
    assert "Marisol" not in page_text(page) and "session-timeout" not in page_text(page)


def test_the_sign_in_page_itself_explains_a_timed_out_session(portal, maria):
    at(portal, maria, minutes=31)
    page = portal.client.get("/sign-in")  # as the script's "Sign in again" link does
    assert IDLE_ENDED in statuses(page)
    assert "portal_session=;" in page.headers.get("Set-Cookie", "")  # the dead cookie is dropped
    assert IDLE_ENDED not in statuses(portal.client.get("/sign-in"))  # said once


def test_the_warning_is_rendered_shown_when_the_absolute_limit_is_two_minutes_away(portal, maria):
    for half_hours in range(1, 24):  # active every 30 minutes for 11.5 hours
        at(portal, maria, minutes=30 * half_hours)
        assert portal.client.get("/home").status_code == 200
    at(portal, maria, hours=11, minutes=57, seconds=59)
    far = warning_region(page_text(portal.client.get("/home")))
    assert 'data-seconds-left-absolute="121"' in far and is_hidden(far)

    at(portal, maria, hours=11, minutes=58)
    near = warning_region(page_text(portal.client.get("/home")))
    assert 'data-seconds-left-absolute="120"' in near and not is_hidden(near)
    assert "your session ends in 2 minutes and cannot be extended" in near
    assert '<form class="session-timeout-form" method="post" action="/session/extend" hidden>' in near


def test_stay_signed_in_restarts_the_idle_timer(portal, maria):
    at(portal, maria, minutes=29)
    extended = portal.client.post(
        "/session/extend", data={"csrf_token": csrf(portal)}, headers={"Accept": "application/json"}
    ).get_json()
    assert extended["signed_in"] is True and extended["extended"] is True
    assert extended["seconds_left_idle"] == 1800
    at(portal, maria, minutes=29 + 30)
    assert portal.client.get("/home").status_code == 200


def test_stay_signed_in_never_extends_the_absolute_limit(portal, maria):
    for half_hours in range(1, 24):
        at(portal, maria, minutes=30 * half_hours)
        portal.client.get("/home")
    at(portal, maria, hours=11, minutes=59)
    extended = portal.client.post(
        "/session/extend", data={"csrf_token": csrf(portal)}, headers={"Accept": "application/json"}
    ).get_json()
    assert extended["seconds_left_absolute"] == 60
    at(portal, maria, hours=12, seconds=1)
    assert status(portal)["reason"] == "absolute-timeout"
    assert portal.client.get("/home").location == "/sign-in"
    assert ABSOLUTE_ENDED in statuses(portal.client.get("/sign-in"))


def test_stay_signed_in_works_without_the_script_and_returns_to_the_page(portal, maria):
    token = csrf(portal)
    at(portal, maria, minutes=29)
    back = portal.client.post("/session/extend", data={"csrf_token": token, "next": "/results"})
    assert back.location == "/results"
    assert "You are still signed in." in statuses(portal.client.get("/results"))


def test_stay_signed_in_never_redirects_off_the_site(portal, maria):
    token = csrf(portal)
    for target in ("//evil.example/home", "https://evil.example/", "evil"):
        assert portal.client.post("/session/extend", data={"csrf_token": token, "next": target}).location == "/home"


def test_stay_signed_in_after_the_timeout_does_not_revive_the_session(portal, maria):
    token = csrf(portal)
    at(portal, maria, minutes=31)
    answer = portal.client.post("/session/extend", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert answer.get_json()["signed_in"] is False and answer.get_json()["reason"] == "idle-timeout"
    assert portal.client.get("/home").location == "/sign-in"


def test_the_status_of_no_session_is_signed_out(portal):
    assert portal.new_browser().client.get("/session/status").get_json()["signed_in"] is False


# --- AUTH-04: sign-out -------------------------------------------------------------------------
def sign_out(portal) -> None:
    assert portal.client.post("/sign-out", data={"csrf_token": csrf(portal)}).location == "/"


def test_signed_in_pages_are_never_stored_by_the_browser(portal, maria):
    assert "Marisol" in page_text(portal.client.get("/home"))
    for path in SIGNED_IN_PAGES:
        response = portal.client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_after_sign_out_the_back_button_shows_no_phi(portal, maria):
    sign_out(portal)
    for path in SIGNED_IN_PAGES:  # what Back would reload: the browser kept nothing (no-store)
        response = portal.client.get(path)
        assert response.location == "/sign-in" and response.headers["Cache-Control"] == "no-store"
        assert "Marisol" not in page_text(response)
    assert IDLE_ENDED not in statuses(portal.client.get("/sign-in"))  # signed out, not timed out


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(portal, maria):
    stolen = portal.client.get_cookie("portal_session").value
    sign_out(portal)
    replay = portal.new_browser()
    replay.client.set_cookie("portal_session", stolen)
    replay.use_clock("session")
    for path in SIGNED_IN_PAGES:
        replay.client.set_cookie("portal_session", stolen)  # each refusal also tells the browser to drop it
        assert replay.client.get(path).location == "/sign-in"
    replay.client.set_cookie("portal_session", stolen)
    assert replay.client.get("/session/status").get_json()["reason"] == "signed-out"
