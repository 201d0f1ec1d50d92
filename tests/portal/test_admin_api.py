"""The admin API: bearer token, opaque ids, clinics, patients, activation codes, account status."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from reference_portal.timestamps import from_iso

pytestmark = pytest.mark.portal

OPAQUE_ID = re.compile(r"[a-z]{3}_[A-Za-z0-9_-]{16}")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="}])
def test_every_admin_call_needs_the_token(portal, headers):
    response = portal.client.post("/api/admin/clinics", json={"name": "X", "timezone": "UTC"}, headers=headers)
    assert response.status_code == 401
    assert "admin token" in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_outside_test_mode_without_a_configured_token_the_admin_api_is_closed(make_app):
    client = make_app(test_mode=False).test_client()
    response = client.post("/api/admin/clinics", json={}, headers={"Authorization": "Bearer test-admin-token"})
    assert response.status_code == 401


def test_clinics_may_share_a_name_and_get_unique_codes(portal):
    first, second = portal.clinic("Eastside Clinic"), portal.clinic("Eastside Clinic")
    assert first["name"] == second["name"] == "Eastside Clinic"
    assert first["code"] != second["code"]
    assert OPAQUE_ID.fullmatch(first["id"]) and first["id"] != second["id"]
    assert first["timezone"] == "America/Chicago"


def test_a_given_clinic_code_is_kept_and_must_be_unique(portal):
    body = {"name": "Northside", "timezone": "America/New_York", "code": "north"}
    assert portal.admin("POST", "/clinics", body, status=201)["code"] == "NORTH"
    assert "already exists" in portal.admin("POST", "/clinics", body, status=409)["error"]


def test_a_clinic_needs_a_real_time_zone(portal):
    problem = portal.admin("POST", "/clinics", {"name": "Nowhere", "timezone": "Mars/Olympus"}, status=400)
    assert problem["problems"][0]["field"] == "timezone"


def test_registering_a_patient_returns_the_record_with_an_opaque_id(portal):
    patient = portal.patient(first_name="Ana", address={"line1": "1 River Rd", "city": "Springfield"})
    assert OPAQUE_ID.fullmatch(patient["id"])
    assert patient["first_name"] == "Ana" and patient["address"]["city"] == "Springfield"
    assert portal.admin("GET", f"/patients/{patient['id']}") == patient
    assert portal.admin("POST", "/patients/lookup", {"mrn": patient["mrn"]}) == patient


def test_an_mrn_is_registered_once(portal):
    clinic = portal.clinic()
    patient = portal.patient(clinic)
    duplicate = {**patient, "clinic_id": clinic["id"]}
    duplicate.pop("id")
    response = portal.admin("POST", "/patients", duplicate, status=409)
    assert response["error"] == f"A patient with MRN {patient['mrn']} is already registered."


def test_a_patient_record_is_checked_field_by_field(portal):
    clinic = portal.clinic()
    body = {"clinic_id": clinic["id"], "mrn": "M-1", "first_name": "", "date_of_birth": "1990-02-30", "sex": "X"}
    fields = {problem["field"] for problem in portal.admin("POST", "/patients", body, status=400)["problems"]}
    assert fields == {"first_name", "last_name", "date_of_birth", "sex"}


def test_an_activation_code_is_ten_unambiguous_characters_valid_for_seven_days(portal):
    patient = portal.patient()
    code = portal.activation_code(patient)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}", code["code"])
    assert code["clinic_id"] == patient["clinic_id"] and code["patient_id"] == patient["id"]
    assert from_iso(code["expires_at"]) - from_iso(code["issued_at"]) == timedelta(days=7)


def test_the_code_records_the_site_that_issued_it(portal):
    patient = portal.patient()
    other_site = portal.clinic("Westside Clinic")
    code = portal.admin("POST", "/activation-codes", {"patient_id": patient["id"], "clinic_id": other_site["id"]}, 201)
    status = portal.admin("GET", f"/patients/{patient['id']}/account")
    assert status["latest_code"]["clinic_id"] == code["clinic_id"] == other_site["id"]


def test_account_status_follows_the_patient_from_code_to_lock(portal):
    patient = portal.patient()
    status = lambda: portal.admin("GET", f"/patients/{patient['id']}/account")  # noqa: E731
    assert status()["status"] == "never-activated" and status()["latest_code"] is None

    portal.use_clock("status")
    code = portal.activation_code(patient)
    assert status()["status"] == "never-activated"
    portal.move_clock("status", offset_seconds=8 * 86400)
    assert status()["status"] == "code-expired"
    portal.move_clock("status", offset_seconds=0)

    assert portal.activate(code["code"], patient["date_of_birth"]).status_code == 302
    assert portal.create_account("maria.status").status_code == 302
    assert status()["status"] == "active" and status()["account"]["username"] == "maria.status"
    for _ in range(5):
        portal.sign_in("maria.status", "not the password")
    assert status()["status"] == "locked"


def test_a_patient_with_an_account_gets_no_new_code(portal):
    person = portal.enroll()
    body = {"patient_id": person["id"], "clinic_id": person["clinic_id"]}
    assert "already has a portal account" in portal.admin("POST", "/activation-codes", body, status=409)["error"]


def test_unknown_ids_are_404(portal):
    assert portal.admin("GET", "/patients/pat_doesnotexist0000", status=404)["error"]
