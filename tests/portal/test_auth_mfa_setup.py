"""First sign-in sets up sign-in codes; one-time codes expire and work once (ENR-08, AUTH-01)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from auth_helpers import buttons, field_error, headings, label_for, page_text, statuses

from reference_portal.timestamps import from_iso, to_iso

pytestmark = pytest.mark.portal

WRONG_CODE = "That code is not right or has expired."
SETUP = "/sign-in/set-up-codes"


@pytest.fixture
def maria(portal):
    """Activated her account herself at /activate: her first sign-in sets up sign-in codes."""
    return portal.enroll(username="maria.lopez")


def test_the_first_sign_in_asks_where_to_send_codes_before_any_code(portal, maria):
    after_password = portal.sign_in("maria.lopez", maria["password"])
    assert after_password.location == SETUP
    assert portal.mail_to(maria["email"]) == []  # nothing sent before the address is confirmed

    page = portal.client.get(SETUP)
    assert headings(page) == ["Set up sign-in codes"]
    assert label_for(page, "mfa_email") == "Email address for sign-in codes"
    assert buttons(page)[-1] == "Send a code"
    assert f'value="{maria["email"]}"' in page_text(page)  # offered, not assumed


def test_the_code_sent_to_the_chosen_address_confirms_it_and_signs_in(portal, maria):
    portal.sign_in("maria.lopez", maria["password"])
    sent = portal.submit(SETUP, {"mfa_email": "maria.codes@example.test"})
    assert sent.location == "/sign-in/verify"
    [mail] = portal.mail_to("maria.codes@example.test")
    assert "sign-in code" in mail["subject"].lower()
    assert maria["last_name"] not in mail["body"] and maria["mrn"] not in mail["body"]
    assert "confirm" in page_text(portal.client.get("/sign-in/verify"))

    done = portal.verify(portal.latest_sign_in_code("maria.codes@example.test"))
    assert done.location == "/home"
    home = portal.client.get("/home")
    assert headings(home) == ["Welcome, Maria"]
    assert "Sign-in codes are set up. We will email you a code each time you sign in." in statuses(home)

    status = portal.admin("GET", f"/patients/{maria['id']}/account")
    account = portal.admin("GET", f"/accounts/{status['account']['id']}")
    assert account["sign_in_codes"] == "confirmed"
    assert "sign-in-codes-set-up" in [event["action"] for event in account["security_events"]]


def test_after_set_up_sign_in_goes_straight_to_a_code_at_the_confirmed_address(portal, maria):
    portal.sign_in("maria.lopez", maria["password"])
    portal.submit(SETUP, {"mfa_email": "maria.codes@example.test"})
    portal.verify(portal.latest_sign_in_code("maria.codes@example.test"))

    later = portal.new_browser()
    assert later.sign_in("maria.lopez", maria["password"]).location == "/sign-in/verify"
    assert len(later.mail_to("maria.codes@example.test")) == 2
    assert later.verify(later.latest_sign_in_code("maria.codes@example.test")).location == "/home"


def test_leaving_set_up_unfinished_asks_again_next_time(portal, other_browser, maria):
    portal.sign_in("maria.lopez", maria["password"])
    portal.submit(SETUP, {"mfa_email": maria["email"]})  # the code is never entered
    assert other_browser.sign_in("maria.lopez", maria["password"]).location == SETUP


def test_a_wrong_set_up_code_does_not_confirm_the_address(portal, maria):
    portal.sign_in("maria.lopez", maria["password"])
    portal.submit(SETUP, {"mfa_email": maria["email"]})
    right = portal.latest_sign_in_code(maria["email"])
    assert field_error(portal.verify(f"{(int(right) + 1) % 1_000_000:06d}"), "one_time_code") == WRONG_CODE
    again = portal.new_browser()
    assert again.sign_in("maria.lopez", maria["password"]).location == SETUP


@pytest.mark.parametrize(
    ("email", "problem"),
    [
        ("", "Enter the email address for sign-in codes"),
        ("not-an-email", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_the_address_is_checked_and_the_problem_tied_to_the_field(portal, maria, email, problem):
    portal.sign_in("maria.lopez", maria["password"])
    response = portal.submit(SETUP, {"mfa_email": email})
    assert response.status_code == 200
    assert field_error(response, "mfa_email") == problem
    assert re.search(
        r'id="mfa_email"[^>]*aria-describedby="mfa_email-hint mfa_email-error"[^>]*aria-invalid="true"',
        page_text(response),
    )


def test_set_up_needs_the_password_first(portal):
    assert portal.client.get(SETUP).location == "/sign-in"


def test_staff_enrollment_confirms_the_email_at_the_desk_by_default(portal):
    person = portal.enroll_at_desk(username="desk.default")
    assert portal.sign_in("desk.default", person["password"]).location == "/sign-in/verify"
    assert portal.admin("GET", f"/accounts/{person['account_id']}")["sign_in_codes"] == "confirmed"


def test_staff_enrollment_can_leave_set_up_to_the_patient(portal):
    person = portal.enroll_at_desk(username="desk.later", mfa_email_confirmed=False)
    assert portal.admin("GET", f"/accounts/{person['account_id']}")["sign_in_codes"] == "set-up-required"
    assert portal.sign_in("desk.later", person["password"]).location == SETUP


def test_the_enrollment_flag_must_be_a_boolean(portal):
    patient = portal.patient()
    code = portal.activation_code(patient)
    body = {
        "code": code["code"],
        "date_of_birth": patient["date_of_birth"],
        "username": "flag.text",
        "email": patient["email"],
        "password": "river stones in spring",
        "mfa_email_confirmed": "yes",
    }
    refused = portal.admin("POST", "/enrollments", body, status=400)
    assert refused["problems"] == [
        {"field": "mfa_email_confirmed", "message": "mfa_email_confirmed must be true or false."}
    ]


# --- the one-time code: six digits, ten minutes, once ---------------------------------------
@pytest.mark.parametrize(("extra_seconds", "works"), [(0, True), (1, False)])
def test_a_set_up_code_is_valid_at_ten_minutes_and_not_a_second_later(portal, maria, extra_seconds, works):
    portal.use_clock("setup-code")
    start = portal.move_clock("setup-code", offset_seconds=0, frozen=True)
    portal.sign_in("maria.lopez", maria["password"])
    portal.submit(SETUP, {"mfa_email": maria["email"]})
    code = portal.latest_sign_in_code(maria["email"])
    assert re.fullmatch(r"\d{6}", code)
    portal.move_clock("setup-code", at=to_iso(from_iso(start["now"]) + timedelta(minutes=10, seconds=extra_seconds)))
    response = portal.verify(code)
    if works:
        assert response.location == "/home"
    else:
        assert field_error(response, "one_time_code") == WRONG_CODE


def test_a_used_code_cannot_be_used_again_even_with_the_flow_cookie_replayed(portal, maria):
    portal.sign_in("maria.lopez", maria["password"])
    portal.submit(SETUP, {"mfa_email": maria["email"]})
    code = portal.latest_sign_in_code(maria["email"])
    flow = portal.client.get_cookie("portal_flow").value
    assert portal.verify(code).location == "/home"

    replay = portal.new_browser()
    replay.client.set_cookie("portal_flow", flow)
    assert field_error(replay.verify(code), "one_time_code") == WRONG_CODE


def test_a_code_from_an_earlier_sign_in_does_not_work_for_the_next(portal, maria):
    portal.sign_in_fully(maria)
    used = portal.latest_sign_in_code(maria["email"])
    again = portal.new_browser()
    assert again.sign_in("maria.lopez", maria["password"]).location == "/sign-in/verify"
    fresh = again.latest_sign_in_code(maria["email"])
    if used != fresh:  # one in a million they are the same digits
        assert field_error(again.verify(used), "one_time_code") == WRONG_CODE
    assert again.verify(fresh).location == "/home"
