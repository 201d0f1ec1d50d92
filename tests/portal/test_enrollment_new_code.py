"""An expired or voided code: a clear refusal, a request for a new one that reaches the front desk,
and staff resending a fresh code (ENR-02); wrong answers up to the void (ENR-04)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from auth_helpers import buttons, field_error, headings, label_for, links, statuses

from reference_portal.timestamps import from_iso, to_iso

pytestmark = pytest.mark.portal

EXPIRED = "This activation code has expired."
VOID = "This activation code can no longer be used. Ask your clinic for a new one."
NOT_RIGHT = "The activation code or date of birth is not right"
REQUEST = "/activate/request-new-code"


def request_fields(patient, **overrides: str) -> dict[str, str]:
    fields = {
        "first_name": patient["first_name"],
        "last_name": patient["last_name"],
        "date_of_birth": patient["date_of_birth"],
        "email": "typed.on.the.form@example.test",
    }
    return {**fields, **overrides}


@pytest.fixture
def expired(portal):
    """Maria's code, one second past its seven days, at a clinic in Honolulu."""
    portal.use_clock("expired")
    portal.move_clock("expired", offset_seconds=0, frozen=True)
    clinic = portal.clinic("Kapiolani Clinic", "Pacific/Honolulu")
    patient = portal.patient(clinic)
    code = portal.activation_code(patient)
    portal.move_clock("expired", at=to_iso(from_iso(code["expires_at"]) + timedelta(seconds=1)))
    return patient, code


def test_an_expired_code_is_refused_with_a_way_to_ask_for_a_new_one(portal, expired):
    patient, code = expired
    response = portal.activate(code["code"], patient["date_of_birth"])
    assert field_error(response, "activation_code") == EXPIRED
    assert links(response)["Request a new code"] == REQUEST
    assert headings(response) == ["Activate your account"]


def test_a_voided_code_also_offers_a_new_one(portal):
    patient = portal.patient()
    code = portal.activation_code(patient)
    for _ in range(5):
        response = portal.activate(code["code"], "2001-01-01")
    assert field_error(response, "activation_code") == VOID
    assert links(response)["Request a new code"] == REQUEST


def test_a_wrong_date_of_birth_does_not_offer_a_new_code(portal):
    patient = portal.patient()
    code = portal.activation_code(patient)
    response = portal.activate(code["code"], "2001-01-01")
    assert field_error(response, "activation_code") == NOT_RIGHT
    assert "Request a new code" not in links(response)


def test_the_request_page_asks_for_name_date_of_birth_and_email(portal):
    page = portal.client.get(REQUEST)
    assert headings(page) == ["Request a new activation code"]
    assert [label_for(page, name) for name in ("first_name", "last_name", "date_of_birth", "email")] == [
        "First name",
        "Last name",
        "Date of birth",
        "Email address",
    ]
    assert buttons(page) == ["Request a new code"]


def test_a_request_reaches_the_front_desk_of_the_patients_clinic(portal, expired):
    patient, _ = expired
    sent = portal.submit(REQUEST, request_fields(patient, first_name=" maria ", last_name="LOPEZ"))
    assert sent.location == "/activate/request-new-code/sent"
    confirmation = portal.client.get(sent.location)
    assert headings(confirmation) == ["We have your request"]
    assert any(status.startswith("Thank you. We have sent your request") for status in statuses(confirmation))

    [request] = portal.admin("GET", "/activation-code-requests")["requests"]
    assert request["patient_id"] == patient["id"] and request["clinic_id"] == patient["clinic_id"]
    assert (request["first_name"], request["last_name"]) == ("maria", "LOPEZ")
    assert request["date_of_birth"] == patient["date_of_birth"]
    assert request["email"] == "typed.on.the.form@example.test"
    assert request["requested_at"].endswith("Z")


def test_a_request_matching_nobody_gets_the_same_answer_and_waits_unmatched(portal, other_browser, expired):
    patient, _ = expired
    known = portal.submit(REQUEST, request_fields(patient))
    unknown = other_browser.submit(REQUEST, request_fields(patient, first_name="Nobody"))
    assert known.location == unknown.location
    assert statuses(portal.client.get(known.location)) == statuses(other_browser.client.get(unknown.location))
    matched = {
        item["first_name"]: item["patient_id"] for item in portal.admin("GET", "/activation-code-requests")["requests"]
    }
    assert matched == {"Maria": patient["id"], "Nobody": None}


def test_an_incomplete_request_names_each_missing_answer(portal):
    response = portal.submit(REQUEST, {"first_name": "", "last_name": "", "date_of_birth": "", "email": "nope"})
    assert response.status_code == 200
    assert field_error(response, "first_name") == "Enter your first name"
    assert field_error(response, "last_name") == "Enter your last name"
    assert field_error(response, "date_of_birth") == "Enter your date of birth"
    assert field_error(response, "email") == "Enter an email address in the correct format, like name@example.com"
    assert portal.admin("GET", "/activation-code-requests")["requests"] == []


def test_staff_resend_a_fresh_code_that_works_and_void_the_old_one(portal, expired):
    patient, old = expired
    portal.submit(REQUEST, request_fields(patient))
    resent = portal.admin("POST", "/activation-codes/resend", {"patient_id": patient["id"]}, status=201)
    assert resent["patient_id"] == patient["id"] and resent["clinic_id"] == patient["clinic_id"]
    assert resent["notice_sent"] is True and resent["resolved_requests"] == 1
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", resent["code"])
    assert from_iso(resent["expires_at"]) - from_iso(resent["issued_at"]) == timedelta(days=7)
    assert portal.admin("GET", "/activation-code-requests")["requests"] == []

    # The notice goes to the address in the record, never to the one typed on the public form.
    assert portal.mail_to("typed.on.the.form@example.test") == []
    [notice] = portal.mail_to(patient["email"])
    assert notice["subject"] == "Your new Riverbend activation code"
    assert resent["code"] in notice["body"]
    for phi in (patient["first_name"], patient["last_name"], patient["mrn"], patient["date_of_birth"], "Kapiolani"):
        assert phi not in notice["body"] and phi not in notice["subject"]

    status = portal.admin("GET", f"/patients/{patient['id']}/account")
    assert status["latest_code"]["id"] == resent["id"] and status["latest_code"]["state"] == "pending"
    assert field_error(portal.new_browser().activate(old["code"], patient["date_of_birth"]), "activation_code") == VOID
    assert portal.activate(resent["code"], patient["date_of_birth"]).location == "/activate/account"


def test_resending_closes_an_unmatched_request_staff_matched_by_hand(portal, expired):
    patient, _ = expired
    portal.submit(REQUEST, request_fields(patient, last_name="Lopez-Garcia"))
    [request] = portal.admin("GET", "/activation-code-requests")["requests"]
    assert request["patient_id"] is None
    body = {"patient_id": patient["id"], "request_id": request["id"]}
    assert portal.admin("POST", "/activation-codes/resend", body, status=201)["resolved_requests"] == 1
    assert portal.admin("GET", "/activation-code-requests")["requests"] == []


def test_a_record_without_email_gets_a_code_for_staff_to_hand_over(portal):
    patient = portal.patient(email=None)
    resent = portal.admin("POST", "/activation-codes/resend", {"patient_id": patient["id"]}, status=201)
    assert resent["notice_sent"] is False and resent["code"]


def test_no_resend_for_a_patient_who_already_has_an_account(portal):
    person = portal.enroll_at_desk()
    refused = portal.admin("POST", "/activation-codes/resend", {"patient_id": person["id"]}, status=409)
    assert "already has a portal account" in refused["error"]


def test_resend_needs_a_known_patient(portal):
    refused = portal.admin("POST", "/activation-codes/resend", {"patient_id": "pat_unknown000000"}, status=400)
    assert refused["problems"] == [{"field": "patient_id", "message": "No patient with id pat_unknown000000."}]


# --- ENR-04: the fifth wrong answer voids the code; the fourth does not -----------------------
def test_the_fourth_wrong_answer_leaves_one_try_and_the_fifth_voids_the_code(portal):
    patient = portal.patient()
    code = portal.activation_code(patient)
    status = lambda: portal.admin("GET", f"/patients/{patient['id']}/account")["latest_code"]  # noqa: E731
    for _ in range(4):
        assert field_error(portal.activate(code["code"], "2001-01-01"), "activation_code") == NOT_RIGHT
    assert status()["state"] == "pending" and status()["wrong_answers"] == 4
    assert field_error(portal.activate(code["code"], "2001-01-01"), "activation_code") == VOID
    assert status()["state"] == "void" and status()["wrong_answers"] == 5
    assert field_error(portal.activate(code["code"], patient["date_of_birth"]), "activation_code") == VOID
