"""Demographics (DEM-01, DEM-02): the patient asks for changes, staff verify them, the audit log
keeps the values before and after; an EHR update shows in the profile and the next notice uses it."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from messaging_support import STAFF_PASSWORD, page_text, staff_browser

from reference_portal.portal import EXTENSION_KEY

pytestmark = pytest.mark.portal

NEW_DETAILS = {
    "phone": "555-0142",
    "email": "maria.new@example.test",
    "line1": "40 Lake Shore Dr",
    "line2": "",
    "city": "Chicago",
    "state": "il",
    "postal_code": "60611",
}


@pytest.fixture
def maria(portal):
    person = portal.enroll_at_desk()
    assert portal.sign_in_fully(person).location == "/home"
    return person


def audit_rows(portal, action: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(portal.app.extensions[EXTENSION_KEY].database.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM audit_log WHERE action = ? ORDER BY id", (action,)).fetchall()
    finally:
        conn.close()


def before_after(detail: str) -> tuple[dict[str, str | None], dict[str, str | None]]:
    match = re.search(r"before=(\{.*?\}) after=(\{.*?\})$", detail)
    assert match, detail
    return json.loads(match.group(1)), json.loads(match.group(2))


def staff_member(portal, patient, role: str = "front-desk") -> dict:
    body = {
        "clinic_id": patient["clinic_id"],
        "first_name": "Dana",
        "last_name": "Price",
        "role": role,
        "username": f"desk-{role}-{patient['mrn']}",
        "password": STAFF_PASSWORD,
    }
    return {**portal.admin("POST", "/staff", body, status=201), "password": STAFF_PASSWORD}


def request_changes(portal, **changes: str):
    return portal.submit("/profile", {**NEW_DETAILS, **changes})


def test_the_profile_shows_the_contact_details_on_record_with_labelled_fields(portal, maria):
    page = page_text(portal.client.get("/profile"))
    assert "<h1>Your profile</h1>" in page
    for label in ("Phone", "Email address", "Street address", "City", "State", "ZIP code"):
        assert f">{label}</label>" in page
    assert maria["email"] in page and "Request changes" in page
    assert audit_rows(portal, "demographics-viewed")


def test_a_change_waits_for_verification_and_the_record_is_unchanged(portal, maria):
    response = request_changes(portal)
    assert response.status_code == 302 and response.location == "/profile"
    page = page_text(portal.client.get("/profile"))
    assert "Waiting for verification" in page and "maria.new@example.test" in page
    record = portal.admin("GET", f"/patients/{maria['id']}/demographics")
    assert record["email"] == maria["email"] and record["phone"] == "555-0100"
    pending = portal.admin("GET", "/demographics-requests")["requests"]
    assert len(pending) == 1 and pending[0]["patient_id"] == maria["id"]
    assert pending[0]["before"]["email"] == maria["email"] and pending[0]["after"]["state"] == "IL"
    before, after = before_after(audit_rows(portal, "demographics-change-requested")[0]["detail"])
    assert before["email"] == maria["email"] and after["email"] == "maria.new@example.test"


def test_staff_approve_in_the_console_and_the_audit_keeps_before_and_after(portal, maria):
    request_changes(portal)
    desk = staff_browser(portal, staff_member(portal, maria))
    queue = page_text(desk.client.get("/staff/demographics"))
    assert "<h1>Demographics changes</h1>" in queue
    assert (
        'aria-label="Approve change for Maria Lopez"' in queue and 'aria-label="Reject change for Maria Lopez"' in queue
    )
    assert "555-0100" in queue and "555-0142" in queue  # before and after
    request_id = portal.admin("GET", "/demographics-requests")["requests"][0]["id"]
    done = desk.submit(f"/staff/demographics/{request_id}/approve", {}, form_page="/staff/demographics")
    assert done.status_code == 302
    record = portal.admin("GET", f"/patients/{maria['id']}/demographics")
    assert record["email"] == "maria.new@example.test" and record["address"]["city"] == "Chicago"
    assert "Waiting for verification" not in page_text(portal.client.get("/profile"))
    approved = audit_rows(portal, "demographics-change-approved")
    assert len(approved) == 1 and approved[0]["actor"].startswith("staff:")
    before, after = before_after(approved[0]["detail"])
    assert before == {
        "phone": "555-0100",
        "email": maria["email"],
        "line1": None,
        "city": None,
        "state": None,
        "postal_code": None,
    }
    assert after["email"] == "maria.new@example.test" and after["postal_code"] == "60611"


def test_a_rejected_change_leaves_the_record_as_it_was(portal, maria):
    request_changes(portal, email="typo@example.test")
    desk = staff_member(portal, maria, role="support")
    request_id = portal.admin("GET", "/demographics-requests")["requests"][0]["id"]
    rejected = portal.admin("POST", f"/demographics-requests/{request_id}/reject", {"staff_username": desk["username"]})
    assert rejected["status"] == "rejected" and rejected["decided_by"] == f"staff:{desk['id']}"
    assert portal.admin("GET", f"/patients/{maria['id']}/demographics")["email"] == maria["email"]
    assert portal.admin("GET", "/demographics-requests")["requests"] == []
    again = portal.admin(
        "POST", f"/demographics-requests/{request_id}/approve", {"staff_username": desk["username"]}, status=409
    )
    assert "already rejected" in again["error"]
    before, after = before_after(audit_rows(portal, "demographics-change-rejected")[0]["detail"])
    assert before["email"] == maria["email"] and after["email"] == "typo@example.test"


def test_approval_through_the_admin_api_names_the_staff_member(portal, maria):
    request_changes(portal)
    desk = staff_member(portal, maria)
    request_id = portal.admin("GET", "/demographics-requests")["requests"][0]["id"]
    portal.admin("POST", f"/demographics-requests/{request_id}/approve", {}, status=400)
    approved = portal.admin(
        "POST", f"/demographics-requests/{request_id}/approve", {"staff_username": desk["username"]}
    )
    assert approved["status"] == "approved" and approved["patient"]["phone"] == "555-0142"


def test_form_problems_are_shown_per_field_and_nothing_is_requested(portal, maria):
    response = request_changes(portal, phone="12", email="not-an-email", postal_code="6061", state="Illinois")
    page = page_text(response)
    assert response.status_code == 200 and "There is a problem" in page
    for field in ("phone", "email", "state", "postal_code"):
        assert f'id="{field}-error"' in page
    unchanged = portal.submit(
        "/profile",
        {
            **NEW_DETAILS,
            "phone": "555-0100",
            "email": maria["email"],
            "line1": "",
            "city": "",
            "state": "",
            "postal_code": "",
        },
    )
    assert "You have not changed any of your details." in page_text(unchanged)
    assert portal.admin("GET", "/demographics-requests")["requests"] == []


def test_staff_of_another_clinic_or_role_cannot_decide(portal, maria):
    request_changes(portal)
    request_id = portal.admin("GET", "/demographics-requests")["requests"][0]["id"]
    other_clinic = portal.clinic("Westside Clinic", "America/Denver")
    stranger = staff_member(portal, {"clinic_id": other_clinic["id"], "mrn": "other"})
    browser = staff_browser(portal, stranger)
    assert "Maria Lopez" not in page_text(browser.client.get("/staff/demographics"))
    refused = browser.submit(f"/staff/demographics/{request_id}/approve", {}, form_page="/staff/demographics")
    assert refused.status_code == 404
    nurse = staff_browser(portal, staff_member(portal, maria, role="nurse"))
    assert nurse.client.get("/staff/demographics").status_code == 404


# --- DEM-02: an update from the EHR --------------------------------------------------------------
def adt_a08(mrn: str, email: str, phone: str = "555-0199") -> str:
    return "\r".join(
        [
            "MSH|^~\\&|EHR|RIVERBEND|PORTAL|RIVERBEND|20260301140500||ADT^A08^ADT_A01|MSG-A08-1|P|2.5.1",
            "EVN|A08|20260301140500",
            f"PID|1||{mrn}^^^X^MR||Lopez^Maria||19850412|F|||9 River Rd^^Springfield^IL^62704||"
            f"{phone}^PRN^PH~^NET^Internet^{email}",
            "PV1|1|O",
        ]
    )


def new_result(portal, patient) -> None:
    body = {"test_name": "Hemoglobin A1c", "value": "5.4", "units": "%", "loinc_code": "4548-4"}
    portal.admin("POST", f"/patients/{patient['id']}/results", body, status=201)


def test_an_ehr_update_shows_in_the_profile_and_the_next_notice_goes_to_the_new_email(portal, maria):
    ack = portal.app.extensions[EXTENSION_KEY].hl7_inbound.handle(adt_a08(maria["mrn"], "maria.ehr@example.test"))
    assert "MSA|AA" in ack
    page = page_text(portal.client.get("/profile"))
    assert "maria.ehr@example.test" in page and "555-0199" in page and "9 River Rd" in page
    updated = audit_rows(portal, "patient-demographics-updated")
    before, after = before_after(updated[-1]["detail"])
    assert before["email"] == maria["email"] and after["email"] == "maria.ehr@example.test"

    new_result(portal, maria)
    assert [mail["subject"] for mail in portal.mail_to("maria.ehr@example.test")] == ["You have new test results"]
    assert not [mail for mail in portal.mail_to(maria["email"]) if "results" in mail["subject"]]


def test_an_approved_change_of_email_is_used_by_the_next_notice(portal, maria):
    request_changes(portal)
    new_result(portal, maria)  # before approval: the address on record
    assert len([m for m in portal.mail_to(maria["email"]) if "results" in m["subject"]]) == 1
    desk = staff_member(portal, maria)
    request_id = portal.admin("GET", "/demographics-requests")["requests"][0]["id"]
    portal.admin("POST", f"/demographics-requests/{request_id}/approve", {"staff_username": desk["username"]})
    new_result(portal, maria)
    assert len(portal.mail_to("maria.new@example.test")) == 1
