"""Signing up online: an unverified account that sees no clinical data until staff verify who
it is (ENR-05), and the password rules on every form that sets one (ENR-07)."""

from __future__ import annotations

import re

import pytest
from auth_helpers import buttons, field_error, headings, label_for, page_text, statuses

pytestmark = pytest.mark.portal

PENDING = "We are checking who you are."
PASSPHRASE = "the quiet river runs past the old mill where we used to fish on sunday mornings"


def sign_up_fields(**overrides: str) -> dict[str, str]:
    fields = {
        "first_name": "Rosa",
        "last_name": "Diaz",
        "date_of_birth": "1990-06-15",
        "email": "rosa@example.test",
        "username": "rosa.diaz",
        "password": "river stones in spring",
        "confirm_password": "river stones in spring",
    }
    return {**fields, **overrides}


@pytest.fixture
def rosa(portal):
    """Signed up online and signed in (first sign-in: sign-in codes set up on the way)."""
    fields = sign_up_fields()
    response = portal.submit("/sign-up", fields)
    assert response.location == "/sign-in", page_text(response)
    person = {"username": fields["username"], "password": fields["password"], "email": fields["email"]}
    assert portal.sign_in_fully(person).location == "/home"
    return person


def account_id_of(portal, username: str) -> str:
    [waiting] = [
        item for item in portal.admin("GET", "/identity-verifications")["accounts"] if item["username"] == username
    ]
    return str(waiting["account_id"])


def test_the_sign_up_page_asks_who_you_are_and_how_you_will_sign_in(portal):
    page = portal.client.get("/sign-up")
    assert headings(page) == ["Sign up"]
    for field, label in (
        ("first_name", "First name"),
        ("last_name", "Last name"),
        ("date_of_birth", "Date of birth"),
        ("email", "Email address"),
        ("username", "Username"),
        ("password", "Password"),
        ("confirm_password", "Confirm password"),
    ):
        assert label_for(page, field) == label
    assert buttons(page) == ["Create account"]


def test_signing_up_creates_an_account_that_can_sign_in(portal):
    response = portal.submit("/sign-up", sign_up_fields())
    assert response.location == "/sign-in"
    assert any(status.startswith("Your account is created.") for status in statuses(portal.client.get("/sign-in")))


def test_the_unverified_account_sees_a_notice_and_no_clinical_data(portal, rosa):
    home = portal.client.get("/home")
    assert headings(home) == ["Welcome, Rosa"]
    assert any(status.startswith(PENDING) for status in statuses(home))
    assert "See your lab work" not in page_text(home)
    for path, heading in (
        ("/messages", "Messages"),
        ("/results", "Test results"),
        ("/health-summary", "Health summary"),
    ):
        page = portal.client.get(path)
        assert page.status_code == 200
        assert headings(page) == [heading]
        assert any(status.startswith(PENDING) for status in statuses(page)), path
        assert page.headers["Cache-Control"] == "no-store"


def test_staff_see_the_waiting_account_with_the_likely_record(portal, rosa):
    clinic = portal.clinic()
    record = portal.patient(clinic, first_name="Rosa", last_name="Diaz", date_of_birth="1990-06-15")
    portal.patient(clinic, first_name="Rosa", last_name="Diaz", date_of_birth="1990-06-16")  # not her
    [waiting] = portal.admin("GET", "/identity-verifications")["accounts"]
    assert waiting["username"] == "rosa.diaz"
    assert (waiting["first_name"], waiting["last_name"], waiting["date_of_birth"]) == ("Rosa", "Diaz", "1990-06-15")
    assert waiting["possible_matches"] == [record["id"]]
    account = portal.admin("GET", f"/accounts/{waiting['account_id']}")
    assert account["identity"] == "pending" and account["patient_id"] is None


def test_once_staff_verify_identity_the_record_opens_in_the_same_session(portal, rosa):
    record = portal.patient(first_name="Rosa", last_name="Diaz", date_of_birth="1990-06-15")
    account_id = account_id_of(portal, "rosa.diaz")
    verified = portal.admin("POST", f"/accounts/{account_id}/verify-identity", {"patient_id": record["id"]})
    assert verified["identity"] == "verified" and verified["patient_id"] == record["id"]
    assert "identity-verified" in [event["action"] for event in verified["security_events"]]
    assert portal.admin("GET", "/identity-verifications")["accounts"] == []

    home = portal.client.get("/home")
    assert not any(status.startswith(PENDING) for status in statuses(home))
    assert "See your lab work" in page_text(home)
    assert not any(status.startswith(PENDING) for status in statuses(portal.client.get("/results")))


def test_verification_refuses_a_record_with_another_date_of_birth(portal, rosa):
    other = portal.patient(first_name="Rosa", last_name="Diaz", date_of_birth="1991-06-15")
    refused = portal.admin(
        "POST", f"/accounts/{account_id_of(portal, 'rosa.diaz')}/verify-identity", {"patient_id": other["id"]}, 400
    )
    assert refused["problems"][0]["field"] == "patient_id"


def test_verification_refuses_a_record_that_already_has_an_account(portal, rosa):
    taken = portal.enroll_at_desk(first_name="Rosa", last_name="Diaz", date_of_birth="1990-06-15")
    account_id = account_id_of(portal, "rosa.diaz")
    refused = portal.admin("POST", f"/accounts/{account_id}/verify-identity", {"patient_id": taken["id"]}, 409)
    assert "already has a portal account" in refused["error"]


def test_a_verified_account_is_not_verified_twice(portal, rosa):
    record = portal.patient(first_name="Rosa", last_name="Diaz", date_of_birth="1990-06-15")
    account_id = account_id_of(portal, "rosa.diaz")
    portal.admin("POST", f"/accounts/{account_id}/verify-identity", {"patient_id": record["id"]})
    portal.admin("POST", f"/accounts/{account_id}/verify-identity", {"patient_id": record["id"]}, 409)


def test_verification_voids_an_activation_code_still_in_the_post(portal, rosa):
    record = portal.patient(first_name="Rosa", last_name="Diaz", date_of_birth="1990-06-15")
    code = portal.activation_code(record)
    portal.admin(
        "POST", f"/accounts/{account_id_of(portal, 'rosa.diaz')}/verify-identity", {"patient_id": record["id"]}
    )
    second = portal.new_browser()
    assert field_error(second.activate(code["code"], "1990-06-15"), "activation_code") == (
        "This activation code can no longer be used. Ask your clinic for a new one."
    )


def test_every_missing_answer_is_named_in_page_order(portal):
    response = portal.submit("/sign-up", dict.fromkeys(sign_up_fields(), ""))
    assert response.status_code == 200
    summary = re.findall(r'<li><a href="#(\w+)">', page_text(response))
    assert summary == ["first_name", "last_name", "date_of_birth", "email", "username", "password", "confirm_password"]
    assert field_error(response, "first_name") == "Enter your first name"
    assert field_error(response, "date_of_birth") == "Enter your date of birth"


@pytest.mark.parametrize(
    ("birth", "problem"),
    [
        ("1990-02-30", "Enter your date of birth as a real date"),
        ("2999-01-01", "Your date of birth must be in the past"),
    ],
)
def test_the_date_of_birth_must_be_real_and_past(portal, birth, problem):
    assert field_error(portal.submit("/sign-up", sign_up_fields(date_of_birth=birth)), "date_of_birth") == problem


def test_a_date_of_birth_of_today_is_accepted(portal):
    portal.use_clock("born-today")
    now = portal.move_clock("born-today", at="2026-03-10T12:00:00Z", frozen=True)
    assert now["now"].startswith("2026-03-10")
    assert portal.submit("/sign-up", sign_up_fields(date_of_birth="2026-03-10")).location == "/sign-in"
    assert field_error(
        portal.submit("/sign-up", sign_up_fields(date_of_birth="2026-03-11", username="x.y")), "date_of_birth"
    )


def test_the_username_must_be_free(portal):
    portal.enroll_at_desk(username="rosa.diaz")
    response = portal.submit("/sign-up", sign_up_fields(username="ROSA.DIAZ"))
    assert field_error(response, "username") == "That username is already taken. Choose another."


# --- ENR-07: password rules, with the refusal tied to the field ------------------------------
@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("seven77", "Your password must be at least 8 characters."),
        ("password123", "That password is too common. Choose a different one."),
        ("rosa.diaz", "Your password must not be your username."),
    ],
)
def test_short_common_or_username_passwords_are_refused_on_the_field(portal, password, problem):
    response = portal.submit("/sign-up", sign_up_fields(password=password, confirm_password=password))
    html = page_text(response)
    assert field_error(response, "password") == problem
    assert f'<a href="#password">{problem}</a>' in html
    assert re.search(r'id="password"[^>]*aria-describedby="password-hint password-error"[^>]*aria-invalid="true"', html)
    assert re.search(r'<input[^>]*id="password"[^>]*>', html).group(0).count("value=") == 0  # never sent back


@pytest.mark.parametrize("password", ["eight888", PASSPHRASE, "x" * 128])
def test_eight_characters_or_a_long_passphrase_with_spaces_and_no_symbols_is_accepted(portal, password):
    assert len(PASSPHRASE) >= 64 and re.fullmatch(r"[a-z ]+", PASSPHRASE)
    response = portal.submit("/sign-up", sign_up_fields(password=password, confirm_password=password))
    assert response.location == "/sign-in", field_error(response, "password")
    assert portal.sign_in("rosa.diaz", password).location == "/sign-in/set-up-codes"


def test_a_passphrase_also_works_when_activating_with_a_code(portal):
    person = portal.enroll(username="long.phrase", password=PASSPHRASE)
    assert portal.sign_in_fully(person).location == "/home"


def test_one_character_over_the_maximum_is_refused(portal):
    too_long = "x" * 129
    response = portal.submit("/sign-up", sign_up_fields(password=too_long, confirm_password=too_long))
    assert field_error(response, "password") == "Your password must be 128 characters or fewer."
