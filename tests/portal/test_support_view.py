"""The support view (SUP-01): account status (never activated, code expired, locked, active),
resend and unlock, each audited as the staff member, and never any clinical data."""

from __future__ import annotations

import html

import pytest
from partner_support import (
    SCOPE,
    ZONE,
    at,
    audit_rows,
    error_summary,
    has_label,
    page_text,
    staff_browser,
    staff_member,
)
from results_support import file_result

pytestmark = pytest.mark.portal

CLINICAL = ("Glucose", "Metformin 500 mg", "A question about my dose")


@pytest.fixture
def clinic(portal):
    portal.use_clock(SCOPE)
    at(portal, "2026-03-02 09:00")
    return portal.clinic("Desert Clinic", ZONE)


@pytest.fixture
def support(portal, clinic):
    return staff_member(portal, clinic, "support")


@pytest.fixture
def desk(portal, support):
    return staff_browser(portal, support)


def search(browser, **fields):
    values = {"first_name": "", "last_name": "", "date_of_birth": "", "mrn": "", **fields}
    return browser.submit("/staff/support", values)


def status_of(browser, patient):
    page = page_text(browser.client.get(f"/staff/support/patients/{patient['id']}"))
    start = page.index('id="account-status">') + len('id="account-status">')
    return page[start : page.index("<", start)]


def lock(portal, person):
    browser = portal.new_browser()
    browser.use_clock(SCOPE)
    for _ in range(5):
        browser.sign_in(person["username"], "certainly not the password")


def test_the_support_search_page(desk):
    page = page_text(desk.client.get("/staff/support"))
    assert "<h1>Account support</h1>" in page
    for label, name in (
        ("First name", "first_name"),
        ("Last name", "last_name"),
        ("Date of birth", "date_of_birth"),
        ("MRN", "mrn"),
    ):
        assert has_label(page, name, label)
    assert '<button type="submit" class="button">Search</button>' in page
    assert 'method="post" action="/staff/support"' in page
    assert ">Account support</a>" in page  # in the staff navigation


def test_searching_by_mrn_or_by_name_and_date_of_birth(portal, clinic, desk):
    maria = portal.patient(clinic, first_name="Maria", last_name="Lopez", date_of_birth="1985-04-12")
    by_mrn = page_text(search(desk, mrn=maria["mrn"]))
    assert "Maria Lopez" in by_mrn and "Never activated" in by_mrn
    by_name = page_text(search(desk, first_name="maria", last_name="LOPEZ", date_of_birth="1985-04-12"))
    assert f"/staff/support/patients/{maria['id']}" in by_name
    nobody = page_text(search(desk, first_name="Maria", last_name="Lopez", date_of_birth="1985-04-13"))
    assert "No patient matches that search." in nobody
    assert error_summary(search(desk, first_name="Maria")) == ["Enter a name and date of birth, or an MRN"]


def test_patients_of_another_clinic_are_not_found(portal, clinic, desk):
    elsewhere = portal.patient(portal.clinic("North Clinic", "America/Chicago"))
    assert "No patient matches" in page_text(search(desk, mrn=elsewhere["mrn"]))
    assert desk.client.get(f"/staff/support/patients/{elsewhere['id']}").status_code == 404


def test_the_four_account_states(portal, clinic, support):
    never = portal.patient(clinic)
    expired = portal.patient(clinic)
    portal.activation_code(expired)
    locked = portal.enroll_at_desk(clinic=clinic)
    active = portal.enroll_at_desk(clinic=clinic)
    lock(portal, locked)
    at(portal, "2026-03-09 09:01")  # the code's 7 days are over
    desk = staff_browser(portal, support)
    assert status_of(desk, never) == "Never activated"
    assert status_of(desk, expired) == "Code expired"
    assert status_of(desk, locked) == "Locked"
    assert status_of(desk, active) == "Active"


def test_a_code_on_its_last_day_is_not_expired_yet(portal, clinic, support):
    patient = portal.patient(clinic)
    portal.activation_code(patient)  # issued 2026-03-02 09:00, valid for 7 days
    at(portal, "2026-03-09 08:59")
    desk = staff_browser(portal, support)
    assert status_of(desk, patient) == "Never activated"
    at(portal, "2026-03-09 09:01")
    assert status_of(desk, patient) == "Code expired"


def test_resending_a_code_is_audited_as_the_staff_member(portal, clinic, support, app):
    patient = portal.patient(clinic)
    portal.activation_code(patient)
    at(portal, "2026-03-20 09:00")
    desk = staff_browser(portal, support)
    page = page_text(desk.client.get(f"/staff/support/patients/{patient['id']}"))
    assert '<button type="submit" class="button">Resend activation code</button>' in page
    assert "Unlock account" not in page
    response = desk.submit(
        f"/staff/support/patients/{patient['id']}/resend-code", {}, form_page=f"/staff/support/patients/{patient['id']}"
    )
    assert response.status_code == 302
    assert status_of(desk, patient) == "Never activated"  # a fresh code
    assert len(portal.mail_to(patient["email"])) == 1
    actor = f"staff:{support['id']}"
    assert [row["actor"] for row in audit_rows(app, "activation-code-resent")] == [actor]
    [row] = audit_rows(app, "support-activation-code-resent")
    assert row["actor"] == actor and f"by={support['username']}" in row["detail"]


def test_unlocking_is_audited_as_the_staff_member(portal, clinic, desk, support, app):
    person = portal.enroll_at_desk(clinic=clinic)
    lock(portal, person)
    page = page_text(desk.client.get(f"/staff/support/patients/{person['id']}"))
    assert '<button type="submit" class="button">Unlock account</button>' in page
    assert "Resend activation code" not in page
    desk.submit(
        f"/staff/support/patients/{person['id']}/unlock", {}, form_page=f"/staff/support/patients/{person['id']}"
    )
    assert status_of(desk, person) == "Active"
    actor = f"staff:{support['id']}"
    assert [row["actor"] for row in audit_rows(app, "account-unlocked")] == [actor]
    assert [row["actor"] for row in audit_rows(app, "support-account-unlocked")] == [actor]
    assert portal.sign_in(person["username"], person["password"]).status_code == 302


def test_searches_and_views_are_audited(portal, clinic, desk, support, app):
    patient = portal.patient(clinic)
    search(desk, mrn=patient["mrn"])
    desk.client.get(f"/staff/support/patients/{patient['id']}")
    assert len(audit_rows(app, "support-search")) == 1
    assert len(audit_rows(app, "support-account-viewed")) == 2
    assert {row["actor"] for row in audit_rows(app, "support-account-viewed")} == {f"staff:{support['id']}"}


def active_patient_with_a_record(portal, clinic):
    person = portal.enroll_at_desk(clinic=clinic)
    file_result(portal, person)
    portal.admin("POST", f"/patients/{person['id']}/medications", {"name": "Metformin 500 mg"}, status=201)
    return person


def test_no_clinical_data_on_the_support_pages(portal, clinic, desk):
    person = active_patient_with_a_record(portal, clinic)
    pages = [
        page_text(search(desk, mrn=person["mrn"])),
        page_text(desk.client.get(f"/staff/support/patients/{person['id']}")),
    ]
    for page in pages:
        for text in CLINICAL:
            assert text not in html.unescape(page)


def test_only_support_roles_open_the_support_view(portal, clinic):
    nurse = staff_browser(portal, staff_member(portal, clinic, "nurse"))
    assert nurse.client.get("/staff/support").status_code == 404
    assert ">Account support</a>" not in page_text(nurse.client.get("/staff"))
    front_desk = staff_browser(portal, staff_member(portal, clinic, "front-desk"))
    assert front_desk.client.get("/staff/support").status_code == 200
