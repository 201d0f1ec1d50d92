"""The audit log (AUD-01): every access to PHI is recorded with who, patient, category, action and
time, for patients, proxies and staff; staff supervisors read it in the console; nothing can
change or remove an entry, not a route and not the database."""

from __future__ import annotations

import sqlite3

import pytest
from messaging_support import STAFF_PASSWORD, staff_browser
from results_support import PARENT_FULL, install_view_override, portal_of
from vdt_support import file_result, fill_record

pytestmark = pytest.mark.portal


@pytest.fixture
def view_as(app):
    return install_view_override(app)


@pytest.fixture
def maria(portal):
    clinic = portal.clinic("Eastside Clinic", "America/Chicago")
    person = portal.enroll_at_desk(clinic=clinic, first_name="Maria", last_name="Lopez")
    fill_record(portal, person)
    file_result(portal, person)
    portal.sign_in_fully(person)
    return person


def staff_member(portal, clinic_id: str, role: str, first_name: str = "Sam") -> dict:
    body = {
        "clinic_id": clinic_id,
        "first_name": first_name,
        "last_name": "Ortiz",
        "role": role,
        "username": f"{role}-{first_name}".lower(),
        "password": STAFF_PASSWORD,
    }
    return {**portal.admin("POST", "/staff", body, status=201), "password": STAFF_PASSWORD}


def entries(portal, patient) -> list[dict]:
    return portal.admin("GET", f"/audit?patient_id={patient['id']}")["entries"]


def test_a_patients_views_are_recorded_with_who_patient_category_action_and_time(portal, maria):
    portal.client.get("/health-summary")
    portal.client.get("/results")
    found = {e["action"]: e for e in entries(portal, maria)}
    summary = found["health-summary-viewed"]
    assert summary["actor_type"] == "patient" and summary["who"] == "Maria Lopez"
    assert summary["patient_id"] == maria["id"]
    assert summary["category"] == "clinical-record"
    assert summary["occurred_at"].endswith("Z") or "+00:00" in summary["occurred_at"]
    assert found["results-viewed"]["category"] == "results"


def test_a_proxys_access_is_recorded_as_the_proxy(view_as, portal, maria, other_browser):
    rosa = other_browser.enroll_at_desk(first_name="Rosa", last_name="Lopez")
    view_as(rosa["username"], maria["id"], PARENT_FULL)
    other_browser.sign_in_fully(rosa)
    other_browser.client.get("/health-summary")
    viewed = [e for e in entries(portal, maria) if e["action"] == "health-summary-viewed"]
    assert viewed[0]["actor_type"] == "proxy" and viewed[0]["who"] == "Rosa Lopez"


def test_staff_access_is_recorded_as_the_staff_member(portal, maria):
    supervisor = staff_member(portal, maria["clinic_id"], "supervisor", "Ada")
    browser = staff_browser(portal, supervisor)
    page = browser.submit("/staff/audit/patient", {"mrn": maria["mrn"]}, form_page="/staff/audit")
    assert page.status_code == 302 and maria["mrn"] not in page.location
    listed = browser.client.get(page.location).get_data(as_text=True)
    assert "Maria Lopez (MRN" in listed
    viewed = [e for e in entries(portal, maria) if e["action"] == "audit-log-viewed"]
    assert viewed and viewed[0]["actor_type"] == "staff" and viewed[0]["who"].startswith("Ada Ortiz")


def test_the_staff_audit_page_lists_entries_and_filters_by_actor_type(portal, maria):
    portal.client.get("/health-summary")
    admin = staff_member(portal, maria["clinic_id"], "administrator", "Ines")
    browser = staff_browser(portal, admin)
    page = browser.client.get("/staff/audit").get_data(as_text=True)
    assert "<h1>Audit log</h1>" in page
    for heading in ("Who", "Patient", "Category", "Action", "Time"):
        assert f'<th scope="col">{heading}</th>' in page
    assert 'for="mrn">Patient MRN</label>' in page
    assert 'for="actor">Actor type</label>' in page
    assert "health-summary-viewed" in page and "Audit log</a>" in page
    staff_only = browser.client.get("/staff/audit?actor=staff").get_data(as_text=True)
    assert "health-summary-viewed" not in staff_only


def test_an_unknown_mrn_is_an_error_on_the_field(portal, maria):
    browser = staff_browser(portal, staff_member(portal, maria["clinic_id"], "supervisor"))
    response = browser.submit("/staff/audit/patient", {"mrn": "NOPE-1"}, form_page="/staff/audit")
    assert response.status_code == 200 and 'id="mrn-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["nurse", "support", "front-desk"])
def test_other_staff_roles_cannot_open_the_audit_log(portal, maria, role):
    browser = staff_browser(portal, staff_member(portal, maria["clinic_id"], role))
    assert browser.client.get("/staff/audit").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/staff/audit", "/api/admin/audit"])
def test_no_route_changes_the_audit_log(portal, maria, method, path):
    browser = staff_browser(portal, staff_member(portal, maria["clinic_id"], "administrator", "Kai"))
    before = len(entries(portal, maria))
    response = browser.client.open(path, method=method, headers={"Authorization": portal_admin_header(portal)})
    assert response.status_code in (400, 403, 404, 405)
    assert len(entries(portal, maria)) >= before


def portal_admin_header(portal) -> str:
    from conftest import ADMIN_HEADERS

    return ADMIN_HEADERS["Authorization"]


def test_the_database_refuses_to_change_or_remove_an_entry(app, portal, maria):
    conn = sqlite3.connect(portal_of(app).config.db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'someone-else'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
    finally:
        conn.close()
    assert entries(portal, maria)


def test_the_admin_api_filters_by_since_and_actor_type(portal, maria):
    portal.client.get("/health-summary")
    everything = entries(portal, maria)
    newest = everything[0]["occurred_at"]
    since = portal.admin("GET", f"/audit?patient_id={maria['id']}&since={newest}")["entries"]
    assert since and all(e["occurred_at"] >= newest for e in since)
    unencoded = newest.replace("Z", "+00:00")  # "+" arrives as a space when not encoded
    assert portal.admin("GET", f"/audit?patient_id={maria['id']}&since={unencoded}")["entries"] == since
    assert portal.admin("GET", f"/audit?patient_id={maria['id']}&since=2999-01-01T00:00:00Z")["entries"] == []
    patients = portal.admin("GET", "/audit?actor_type=patient")["entries"]
    assert patients and {e["actor_type"] for e in patients} == {"patient"}
    portal.admin("GET", "/audit?actor_type=robot", status=400)


def test_audit_logging_has_no_setting_in_settings():
    from reference_portal.settings import Settings

    assert not [name for name in vars(Settings()) if "audit" in name]


def test_audit_routes_only_read(app):
    """Every audit route answers GET/HEAD only, except the MRN search, which reads too."""
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            methods = set(rule.methods or ()) - {"HEAD", "OPTIONS"}
            assert methods == ({"POST"} if rule.rule == "/staff/audit/patient" else {"GET"}), rule.rule
