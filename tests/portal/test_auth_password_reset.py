"""Password reset: the same answer for any username, a single-use link that expires after 30
minutes, and a PHI-free "your password was changed" notice (AUTH-06)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from auth_helpers import buttons, field_error, headings, label_for, links, page_text, statuses

from reference_portal.timestamps import from_iso, to_iso

pytestmark = pytest.mark.portal

NEW_PASSWORD = "a brand new passphrase"
USED = "This password reset link has already been used. Ask for a new one if you need to."
EXPIRED = "This password reset link has expired. Ask for a new one."
INVALID = "This password reset link is not valid. Ask for a new one."
_LINK = re.compile(r"http://localhost(/password/reset/[A-Za-z0-9_-]+)")


@pytest.fixture
def maria(portal):
    return portal.enroll_at_desk(username="maria.lopez", first_name="Marisol", last_name="Quintanilla")


def ask_for_link(portal, username: str = "maria.lopez"):
    return portal.submit("/password/forgot", {"username": username})


def link_in(mail: dict) -> str:
    match = _LINK.search(mail["body"])
    assert match, mail["body"]
    return match.group(1)


def change(portal, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    opened = portal.client.get(link)
    if opened.status_code != 302:
        return opened
    assert opened.location == "/password/reset"
    return portal.submit("/password/reset", {"new_password": password, "confirm_new_password": confirm or password})


def refusal(response) -> list[str]:
    return re.findall(r'<div class="notice notice-error" role="alert">\s*<p>(.*?)</p>', page_text(response))


def test_sign_in_links_to_the_forgotten_password_page(portal):
    assert links(portal.client.get("/sign-in"))["Forgot your password?"] == "/password/forgot"
    page = portal.client.get("/password/forgot")
    assert headings(page) == ["Reset your password"]
    assert label_for(page, "username") == "Username" and buttons(page) == ["Send reset link"]


def test_the_answer_is_the_same_whether_or_not_the_username_exists(portal, other_browser, maria):
    known = ask_for_link(portal)
    unknown = ask_for_link(other_browser, "nobody.here")
    assert known.location == unknown.location == "/password/forgot/sent"
    known_page, unknown_page = portal.client.get(known.location), other_browser.client.get(unknown.location)
    assert statuses(known_page) == statuses(unknown_page)
    assert statuses(known_page) == [
        "If there is an account with that username, we have emailed a link to reset its password."
        " The link works once, for 30 minutes."
    ]
    assert headings(known_page) == ["Check your email"]


def test_the_email_has_an_opaque_single_use_link_and_no_phi(portal, maria):
    ask_for_link(portal)
    [mail] = portal.mail_to(maria["email"])
    assert mail["subject"] == "Reset your Riverbend password"
    link = link_in(mail)
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 40
    for phi in ("Marisol", "Quintanilla", maria["mrn"], maria["date_of_birth"], "maria.lopez"):
        assert phi not in mail["body"] and phi not in link


def test_the_link_leads_to_a_form_without_the_token_in_the_address(portal, maria):
    ask_for_link(portal)
    link = link_in(portal.mail_to(maria["email"])[-1])
    opened = portal.client.get(link)
    assert opened.location == "/password/reset"
    form = portal.client.get("/password/reset")
    assert headings(form) == ["Choose a new password"]
    assert label_for(form, "new_password") == "New password"
    assert label_for(form, "confirm_new_password") == "Confirm new password"
    assert buttons(form) == ["Change password"]
    assert link.rsplit("/", 1)[1] not in page_text(form)


def test_changing_the_password_signs_in_with_the_new_one_only_and_sends_a_notice(portal, maria):
    ask_for_link(portal)
    done = change(portal, link_in(portal.mail_to(maria["email"])[-1]))
    assert done.location == "/sign-in"
    assert "Your password has been changed. Sign in with your new password." in statuses(portal.client.get("/sign-in"))

    notice = portal.mail_to(maria["email"])[-1]
    assert notice["subject"] == "Your password was changed"
    for phi in ("Marisol", "Quintanilla", maria["mrn"], maria["date_of_birth"], "maria.lopez", NEW_PASSWORD):
        assert phi not in notice["body"]

    assert field_error(portal.sign_in("maria.lopez", maria["password"]), "username") == (
        "Your username or password is incorrect."
    )
    assert portal.sign_in_fully({**maria, "password": NEW_PASSWORD}).location == "/home"
    events = portal.admin("GET", f"/accounts/{maria['account_id']}")["security_events"]
    assert {"password-reset-requested", "password-changed"} <= {event["action"] for event in events}


def test_a_used_link_is_refused_with_a_clear_message(portal, other_browser, maria):
    ask_for_link(portal)
    link = link_in(portal.mail_to(maria["email"])[-1])
    change(portal, link)
    again = other_browser.client.get(link)
    assert again.status_code == 200
    assert headings(again) == ["This link cannot be used"] and refusal(again) == [USED]
    assert links(again)["Send a new reset link"] == "/password/forgot"
    assert 'name="new_password"' not in page_text(again)


def test_the_link_works_at_thirty_minutes_and_not_a_second_later(portal, other_browser, maria):
    for browser, scope, extra in ((portal, "reset-at", 0), (other_browser, "reset-after", 1)):
        browser.use_clock(scope)
        start = browser.move_clock(scope, at="2026-03-02T09:00:00Z", frozen=True)
        ask_for_link(browser)
        link = link_in(browser.mail_to(maria["email"])[-1])
        browser.move_clock(scope, at=to_iso(from_iso(start["now"]) + timedelta(minutes=30, seconds=extra)))
        response = change(browser, link)
        if extra:
            assert refusal(response) == [EXPIRED]
        else:
            assert response.location == "/sign-in"


def test_a_link_opened_in_time_is_refused_if_the_form_is_sent_after_expiry(portal, maria):
    portal.use_clock("reset-slow")
    start = portal.move_clock("reset-slow", at="2026-03-02T09:00:00Z", frozen=True)
    ask_for_link(portal)
    assert portal.client.get(link_in(portal.mail_to(maria["email"])[-1])).location == "/password/reset"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page_text(portal.client.get("/password/reset"))).group(1)
    portal.move_clock("reset-slow", at=to_iso(from_iso(start["now"]) + timedelta(minutes=31)))
    late = portal.client.post(
        "/password/reset",
        data={"csrf_token": token, "new_password": NEW_PASSWORD, "confirm_new_password": NEW_PASSWORD},
    )
    assert refusal(late) == [EXPIRED]
    assert portal.sign_in("maria.lopez", maria["password"]).location == "/sign-in/verify"  # unchanged


def test_only_the_newest_link_works(portal, maria):
    ask_for_link(portal)
    first = link_in(portal.mail_to(maria["email"])[-1])
    ask_for_link(portal)
    second = link_in(portal.mail_to(maria["email"])[-1])
    assert refusal(portal.client.get(first)) == [INVALID]
    assert change(portal, second).location == "/sign-in"


def test_a_made_up_link_is_refused(portal):
    assert refusal(portal.client.get("/password/reset/not-a-real-token-at-all")) == [INVALID]


def test_the_form_needs_an_opened_link(portal):
    assert portal.client.get("/password/reset").location == "/password/forgot"


@pytest.mark.parametrize(
    ("typed", "field", "problem"),
    [
        (("short", "short"), "new_password", "Your password must be at least 8 characters."),
        (("password1", "password1"), "new_password", "That password is too common. Choose a different one."),
        (("maria.lopez", "maria.lopez"), "new_password", "Your password must not be your username."),
        ((NEW_PASSWORD, "something else"), "confirm_new_password", "The passwords do not match."),
    ],
)
def test_the_new_password_follows_the_rules_and_the_link_stays_usable(portal, maria, typed, field, problem):
    ask_for_link(portal)
    response = change(portal, link_in(portal.mail_to(maria["email"])[-1]), *typed)
    assert response.status_code == 200 and field_error(response, field) == problem
    assert f'<a href="#{field}">{problem}</a>' in page_text(response)
    retry = portal.submit("/password/reset", {"new_password": NEW_PASSWORD, "confirm_new_password": NEW_PASSWORD})
    assert retry.location == "/sign-in"


def test_a_password_change_signs_out_everywhere(portal, other_browser, maria):
    other_browser.sign_in_fully(maria)
    ask_for_link(portal)
    change(portal, link_in(portal.mail_to(maria["email"])[-1]))
    assert other_browser.client.get("/home").location == "/sign-in"


def test_a_missing_username_is_named(portal):
    response = portal.submit("/password/forgot", {"username": "  "})
    assert field_error(response, "username") == "Enter your username"
