"""Enrollment with an activation code (ENR-01..04, ENR-07): both sides of every threshold."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from reference_portal.timestamps import from_iso, to_iso

pytestmark = pytest.mark.portal

NOT_RIGHT = "The activation code or date of birth is not right"
VOID = "This activation code can no longer be used. Ask your clinic for a new one."
EXPIRED = "This activation code has expired."
USED = "This activation code has already been used."


def page_text(response) -> str:
    return response.get_data(as_text=True)


def field_error(response, field: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page_text(response))
    return match.group(1) if match else None


@pytest.fixture
def registered(portal):
    patient = portal.patient()
    return patient, portal.activation_code(patient)


def test_a_patient_activates_with_code_and_date_of_birth_and_signs_in_next(portal, registered):
    patient, code = registered
    step_one = portal.activate(code["code"], patient["date_of_birth"])
    assert step_one.status_code == 302 and step_one.location == "/activate/account"

    form = page_text(portal.client.get("/activate/account"))
    assert "<h1>Create your account</h1>" in form
    assert f'value="{patient["email"]}"' in form  # prefilled from the EHR record
    assert "At least 8 characters. A long passphrase is best." in form

    done = portal.create_account("maria.lopez")
    assert done.status_code == 302 and done.location == "/sign-in"
    sign_in = page_text(portal.client.get("/sign-in"))
    assert re.search(r'role="status">\s*<p>Your account is ready. Sign in to continue.</p>', sign_in)


def test_the_code_is_accepted_in_lower_case_without_dashes_or_with_spaces(portal, registered):
    patient, code = registered
    typed = " ".join(code["code"].replace("-", "").lower())
    assert portal.activate(typed, patient["date_of_birth"]).location == "/activate/account"


def test_the_code_never_appears_in_a_url(portal, registered):
    patient, code = registered
    bare = code["code"].replace("-", "")
    responses = [portal.activate(code["code"], patient["date_of_birth"]), portal.create_account("no.leaks")]
    for response in responses:
        assert bare not in response.location and code["code"] not in response.location
    assert code["code"] not in page_text(portal.client.get("/activate/account"))


def test_a_wrong_date_of_birth_is_refused_and_tied_to_the_field(portal, registered):
    _, code = registered
    response = portal.activate(code["code"], "1985-04-13")
    html = page_text(response)
    assert response.status_code == 200
    assert 'role="alert" aria-labelledby="error-summary-title"' in html
    assert '<h2 id="error-summary-title" class="error-summary-title">There is a problem</h2>' in html
    assert f'<a href="#activation_code">{NOT_RIGHT}</a>' in html
    assert field_error(response, "activation_code") == NOT_RIGHT
    assert re.search(
        r'id="activation_code"[^>]*aria-describedby="activation_code-hint activation_code-error"'
        r'[^>]*aria-invalid="true"',
        html,
    )


def test_an_unknown_code_gets_the_same_answer_as_a_wrong_date_of_birth(portal):
    assert field_error(portal.activate("ABCDE-FGHJK", "1985-04-12"), "activation_code") == NOT_RIGHT


def test_missing_answers_are_named(portal):
    response = portal.activate("", "")
    assert field_error(response, "activation_code") == "Enter your activation code"
    assert field_error(response, "date_of_birth") == "Enter your date of birth"


def test_four_wrong_answers_leave_the_code_usable(portal, registered):
    patient, code = registered
    for _ in range(4):
        assert field_error(portal.activate(code["code"], "2000-01-01"), "activation_code") == NOT_RIGHT
    assert portal.activate(code["code"], patient["date_of_birth"]).location == "/activate/account"


def test_the_fifth_wrong_answer_voids_the_code(portal, registered):
    patient, code = registered
    for _ in range(4):
        portal.activate(code["code"], "2000-01-01")
    assert field_error(portal.activate(code["code"], "2000-01-01"), "activation_code") == VOID
    assert field_error(portal.activate(code["code"], patient["date_of_birth"]), "activation_code") == VOID


def test_the_code_works_until_the_last_moment_of_its_seven_days(portal):
    portal.use_clock("enr-expiry")
    start = portal.move_clock("enr-expiry", offset_seconds=0, frozen=True)
    patient = portal.patient()
    code = portal.activation_code(patient)
    assert code["issued_at"] == start["now"]

    portal.move_clock("enr-expiry", at=code["expires_at"])  # the last valid instant
    assert portal.activate(code["code"], patient["date_of_birth"]).location == "/activate/account"


def test_one_second_after_seven_days_the_code_has_expired(portal):
    portal.use_clock("enr-expired")
    portal.move_clock("enr-expired", offset_seconds=0, frozen=True)
    patient = portal.patient()
    code = portal.activation_code(patient)

    portal.move_clock("enr-expired", at=to_iso(from_iso(code["expires_at"]) + timedelta(seconds=1)))
    response = portal.activate(code["code"], patient["date_of_birth"])
    assert field_error(response, "activation_code") == EXPIRED
    assert re.search(r'<a href="/activate/request-new-code">Request a new code</a>', page_text(response))
    assert "<h1>Request a new activation code</h1>" in page_text(portal.client.get("/activate/request-new-code"))


def test_a_code_works_once(portal, other_browser, registered):
    patient, code = registered
    portal.activate(code["code"], patient["date_of_birth"])
    assert portal.create_account("first.user").status_code == 302
    response = other_browser.activate(code["code"], patient["date_of_birth"])
    assert field_error(response, "activation_code") == USED


def test_a_new_code_voids_the_previous_unused_one(portal, registered):
    patient, old = registered
    new = portal.activation_code(patient)
    assert field_error(portal.activate(old["code"], patient["date_of_birth"]), "activation_code") == VOID
    assert portal.activate(new["code"], patient["date_of_birth"]).location == "/activate/account"


def test_create_account_needs_a_verified_code_first(portal):
    assert portal.client.get("/activate/account").location == "/activate"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("seven77", "Your password must be at least 8 characters."),
        ("password1", "That password is too common. Choose a different one."),
        ("Password1", "That password is too common. Choose a different one."),
        ("qwerty123", "That password is too common. Choose a different one."),
        ("", "Enter a password"),
    ],
)
def test_short_and_common_passwords_are_refused(portal, registered, password, problem):
    patient, code = registered
    portal.activate(code["code"], patient["date_of_birth"])
    response = portal.create_account("maria.l", password)
    assert response.status_code == 200
    assert field_error(response, "password") == problem


@pytest.mark.parametrize("password", ["eight888", "correct horse battery staple", "w" * 128])
def test_eight_characters_or_a_long_passphrase_without_symbols_is_accepted(portal, registered, password):
    patient, code = registered
    portal.activate(code["code"], patient["date_of_birth"])
    assert portal.create_account("maria.l", password).location == "/sign-in"


def test_the_confirmation_must_match(portal, registered):
    patient, code = registered
    portal.activate(code["code"], patient["date_of_birth"])
    response = portal.create_account("maria.l", "river stones in spring", confirm="river stones in summer")
    assert field_error(response, "confirm_password") == "The passwords do not match."


def test_usernames_are_unique_regardless_of_case(portal):
    portal.enroll(username="Maria.Lopez")
    patient = portal.patient()
    code = portal.activation_code(patient)
    portal.activate(code["code"], patient["date_of_birth"])
    response = portal.create_account("maria.lopez")
    assert field_error(response, "username") == "That username is already taken. Choose another."
