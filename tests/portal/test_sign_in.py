"""Sign-in, one-time codes, lockout, sessions and sign-out (AUTH-01..05)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from reference_portal.timestamps import from_iso, to_iso

pytestmark = pytest.mark.portal

INCORRECT = "Your username or password is incorrect."
LOCKED = "Your account is locked. Contact support to unlock it."
WRONG_CODE = "That code is not right or has expired."


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def error_of(response, field: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', response.get_data(as_text=True))
    return match.group(1) if match else None


@pytest.fixture
def maria(portal):
    """Enrolled at the desk (email confirmed there), so every sign-in goes straight to the code."""
    return portal.enroll_at_desk(username="maria.lopez")


def test_password_then_emailed_code_signs_in_to_home(portal, maria):
    first = portal.sign_in("maria.lopez", maria["password"])
    assert first.status_code == 302 and first.location == "/sign-in/verify"
    assert "<h1>Enter your sign-in code</h1>" in portal.client.get("/sign-in/verify").get_data(as_text=True)

    [mail] = portal.mail_to(maria["email"])
    assert mail["subject"] == "Your Riverbend sign-in code"
    code = portal.latest_sign_in_code(maria["email"])
    assert re.fullmatch(r"\d{6}", code) and code in mail["body"]
    assert maria["last_name"] not in mail["body"] and maria["mrn"] not in mail["body"]

    done = portal.verify(code)
    assert done.status_code == 302 and done.location == "/home"
    assert "HttpOnly" in done.headers["Set-Cookie"] and "SameSite=Lax" in done.headers["Set-Cookie"]
    home = portal.client.get("/home")
    html = home.get_data(as_text=True)
    assert "<h1>Welcome, Maria</h1>" in html
    assert re.search(r'<nav class="[^"]+" aria-label="Main">', html)  # classes differ by release
    for name in ("Home", "Messages", "Test results", "Health summary"):
        assert f">{name}</a>" in html
    assert re.search(r'<button type="submit" class="[^"]+">Sign out</button>', html)
    assert home.headers["Cache-Control"] == "no-store"


def test_usernames_are_not_case_sensitive_at_sign_in(portal, maria):
    assert portal.sign_in("MARIA.LOPEZ", maria["password"]).location == "/sign-in/verify"


def test_unknown_user_and_wrong_password_get_exactly_the_same_answer(portal, maria, other_browser):
    wrong_password = portal.sign_in("maria.lopez", "not her password")
    unknown_user = other_browser.sign_in("nobody.here", "not her password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert error_of(wrong_password, "username") == error_of(unknown_user, "username") == INCORRECT
    same_page = without_tokens(wrong_password.get_data(as_text=True))
    assert same_page.replace("maria.lopez", "USER") == without_tokens(unknown_user.get_data(as_text=True)).replace(
        "nobody.here", "USER"
    )


def test_four_failures_do_not_lock_and_a_right_password_resets_the_count(portal, maria):
    for _ in range(4):
        assert error_of(portal.sign_in("maria.lopez", "wrong password"), "username") == INCORRECT
    assert portal.sign_in("maria.lopez", maria["password"]).location == "/sign-in/verify"
    for _ in range(4):
        portal.sign_in("maria.lopez", "wrong password")
    assert portal.sign_in("maria.lopez", maria["password"]).location == "/sign-in/verify"


def test_the_fifth_consecutive_failure_locks_the_account(portal, maria):
    for _ in range(4):
        portal.sign_in("maria.lopez", "wrong password")
    assert error_of(portal.sign_in("maria.lopez", "wrong password"), "username") == LOCKED
    assert error_of(portal.sign_in("maria.lopez", maria["password"]), "username") == LOCKED
    assert portal.mail_to(maria["email"]) == []


def test_a_wrong_code_is_refused(portal, maria):
    portal.sign_in("maria.lopez", maria["password"])
    right = portal.latest_sign_in_code(maria["email"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert error_of(portal.verify(wrong), "one_time_code") == WRONG_CODE
    assert portal.verify(right).location == "/home"


def test_a_code_works_once_even_when_the_flow_cookie_is_replayed(portal, maria):
    portal.sign_in("maria.lopez", maria["password"])
    code = portal.latest_sign_in_code(maria["email"])
    flow_cookie = portal.client.get_cookie("portal_flow").value
    assert portal.verify(code).location == "/home"

    replay = portal.new_browser()
    replay.client.set_cookie("portal_flow", flow_cookie)
    assert error_of(replay.verify(code), "one_time_code") == WRONG_CODE


def test_the_code_is_valid_at_ten_minutes_and_not_a_second_later(portal, other_browser, maria):
    for browser, scope, extra, expected in ((portal, "otp-at", 0, "/home"), (other_browser, "otp-after", 1, None)):
        browser.use_clock(scope)
        sent = browser.move_clock(scope, offset_seconds=0, frozen=True)
        browser.sign_in("maria.lopez", maria["password"])
        browser.move_clock(scope, at=to_iso(from_iso(sent["now"]) + timedelta(minutes=10, seconds=extra)))
        response = browser.verify(browser.latest_sign_in_code(maria["email"]))
        if expected:
            assert response.location == expected
        else:
            assert error_of(response, "one_time_code") == WRONG_CODE


def test_a_new_code_replaces_the_previous_one(portal, maria):
    portal.sign_in("maria.lopez", maria["password"])
    first = portal.latest_sign_in_code(maria["email"])
    portal.sign_in("maria.lopez", maria["password"])
    second = portal.latest_sign_in_code(maria["email"])
    if first != second:  # one in a million they are the same digits
        assert error_of(portal.verify(first), "one_time_code") == WRONG_CODE
    assert portal.verify(second).location == "/home"


def test_signed_in_pages_send_the_anonymous_to_sign_in(portal):
    for path in ("/home", "/messages", "/results", "/health-summary"):
        assert portal.client.get(path).location == "/sign-in"


def test_the_placeholder_areas_have_their_headings(portal, maria):
    portal.sign_in_fully(maria)
    for path, heading in (
        ("/messages", "Messages"),
        ("/results", "Test results"),
        ("/health-summary", "Health summary"),
    ):
        assert f"<h1>{heading}</h1>" in portal.client.get(path).get_data(as_text=True)


def test_sign_out_ends_the_session_on_the_server(portal, maria):
    portal.sign_in_fully(maria)
    cookie = portal.client.get_cookie("portal_session").value
    page = portal.client.get("/home").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    out = portal.client.post("/sign-out", data={"csrf_token": token})
    assert out.location == "/"
    landing = portal.client.get("/").get_data(as_text=True)
    assert re.search(r'role="status">\s*<p>You have signed out.</p>', landing)

    replay = portal.app.test_client()
    replay.set_cookie("portal_session", cookie)
    assert replay.get("/home").location == "/sign-in"


def test_thirty_idle_minutes_are_allowed_one_more_second_is_not(portal, maria):
    portal.use_clock("idle")
    start = portal.move_clock("idle", offset_seconds=0, frozen=True)
    portal.sign_in_fully(maria)
    portal.move_clock("idle", at=to_iso(from_iso(start["now"]) + timedelta(minutes=30)))
    assert portal.client.get("/home").status_code == 200
    portal.move_clock("idle", advance_seconds=30 * 60 + 1)
    assert portal.client.get("/home").location == "/sign-in"
    message = portal.client.get("/sign-in").get_data(as_text=True)
    assert "You were signed out because you were inactive for 30 minutes." in message


def test_twelve_hours_end_a_session_even_while_active(portal, maria):
    portal.use_clock("absolute")
    portal.move_clock("absolute", offset_seconds=0, frozen=True)
    portal.sign_in_fully(maria)
    for _ in range(24):  # a page every 30 minutes for 12 hours
        portal.move_clock("absolute", advance_seconds=30 * 60)
        assert portal.client.get("/home").status_code == 200
    portal.move_clock("absolute", advance_seconds=1)
    assert portal.client.get("/home").location == "/sign-in"
