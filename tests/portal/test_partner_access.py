"""Partner institutions under an MOU (PRX-09, PRX-10): attributed patients only, permitted
functions only, access ends after the MOU's last day (clinic time) or on deactivation."""

from __future__ import annotations

import html

import pytest
from partner_support import (
    ZONE,
    at,
    attribute,
    audit_rows,
    error_summary,
    has_label,
    mou,
    organization,
    page_text,
    partner_sign_in,
    partner_user,
    patient_key,
)
from results_support import file_result

pytestmark = pytest.mark.portal

ACCESS_ENDED = "Your organisation's access has ended. Contact the portal team."


@pytest.fixture
def world(portal):
    portal.use_clock("partners")
    at(portal, "2026-03-10 09:00")
    clinic = portal.clinic("Desert Clinic", ZONE)
    org = organization(portal, clinic)
    agreement = mou(portal, org)
    attributed = portal.patient(clinic, first_name="Rosa", last_name="Diaz", date_of_birth="1940-02-03")
    other = portal.patient(clinic, first_name="Hal", last_name="Burke", date_of_birth="1938-07-09")
    attribute(portal, agreement, attributed)
    user = partner_user(portal, org)
    browser = portal.new_browser()
    browser.use_clock("partners")
    return {
        "clinic": clinic,
        "org": org,
        "mou": agreement,
        "attributed": attributed,
        "other": other,
        "user": user,
        "browser": browser,
    }


def signed_in(world):
    response = partner_sign_in(world["browser"], world["user"])
    assert response.status_code == 302 and response.location == "/partner", page_text(response)
    return world["browser"]


def test_the_partner_sign_in_page(portal):
    page = page_text(portal.client.get("/partner/sign-in"))
    assert "<h1>Partner sign-in</h1>" in page
    assert has_label(page, "username", "Username")
    assert has_label(page, "password", "Password")
    assert '<button type="submit" class="button">Sign in</button>' in page
    assert 'aria-label="Main"' not in page


def test_a_partner_user_sees_only_attributed_patients(world):
    browser = signed_in(world)
    response = browser.client.get("/partner")
    page = page_text(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "<h1>Your patients</h1>" in page
    for column in ("Patient", "Date of birth", "Functions"):
        assert f'<th scope="col">{column}</th>' in page
    assert "Rosa Diaz" in page and "Hal Burke" not in page
    assert "Test results, Medications, Appointments" in page


def test_opening_a_non_attributed_patient_by_id_is_not_found_and_audited(world, app):
    browser = signed_in(world)
    assert browser.client.get(f"/partner/patients/{world['attributed']['id']}").status_code == 200
    assert browser.client.get(f"/partner/patients/{world['other']['id']}").status_code == 404
    assert browser.client.get("/partner/patients/pat_doesnotexist").status_code == 404
    refused = [row for row in audit_rows(app, "partner-access-refused") if "not-attributed" in row["detail"]]
    assert [row["patient_id"] for row in refused] == [patient_key(app, world["other"]["id"]), None]
    assert audit_rows(app, "partner-patient-opened")[0]["patient_id"] == patient_key(app, world["attributed"]["id"])


def test_a_removed_attribution_ends_access_to_that_patient(world, portal):
    browser = signed_in(world)
    portal.admin("DELETE", f"/mous/{world['mou']['id']}/attributions/{world['attributed']['id']}")
    assert browser.client.get(f"/partner/patients/{world['attributed']['id']}").status_code == 404
    assert "Rosa Diaz" not in page_text(browser.client.get("/partner"))


def test_the_patient_page_shows_only_the_permitted_functions(world, portal):
    rosa = world["attributed"]
    file_result(portal, rosa)
    file_result(
        portal, rosa, test_name="HIV-1 RNA", loinc_code="20447-9", value="Not detected", units=None, category="hiv"
    )
    portal.admin(
        "POST",
        f"/patients/{rosa['id']}/medications",
        {"name": "Metformin 500 mg", "instructions": "Twice daily"},
        status=201,
    )
    portal.admin(
        "POST", f"/patients/{rosa['id']}/allergies", {"substance": "Penicillin", "reaction": "Rash"}, status=201
    )
    page = html.unescape(page_text(signed_in(world).client.get(f"/partner/patients/{rosa['id']}")))
    assert "<h1>Rosa Diaz</h1>" in page
    assert "Glucose" in page and "Metformin 500 mg" in page
    assert "HIV-1 RNA" not in page  # sensitive: the MOU names no sensitive category
    assert "Penicillin" not in page and "Allergies" not in page  # not a permitted function
    assert '<h2 id="section-appointments">Appointments</h2>' in page


def test_a_sensitive_category_is_shown_only_when_the_mou_names_it(world, portal):
    rosa = world["attributed"]
    file_result(
        portal, rosa, test_name="HIV-1 RNA", loinc_code="20447-9", value="Not detected", units=None, category="hiv"
    )
    body = {
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
        "functions": ["results"],
        "sensitive_categories": ["hiv"],
    }
    portal.admin("PUT", f"/mous/{world['mou']['id']}", body)
    assert "HIV-1 RNA" in page_text(signed_in(world).client.get(f"/partner/patients/{rosa['id']}"))


# --- the MOU's last day (PRX-10), in the clinic's time zone (Phoenix, UTC-7) ----------------------
def test_the_last_day_of_the_mou_is_still_valid_late_in_the_clinic_evening(world, portal):
    at(portal, "2026-03-31 23:30")  # already 1 April in UTC
    assert partner_sign_in(world["browser"], world["user"]).status_code == 302


def test_the_day_after_the_mou_ends_the_partner_cannot_sign_in(world, portal, app):
    at(portal, "2026-04-01 00:00")
    response = partner_sign_in(world["browser"], world["user"])
    assert response.status_code == 200
    assert error_summary(response) == [ACCESS_ENDED]
    assert any("no-mou-in-force" in row["detail"] for row in audit_rows(app, "partner-access-refused"))


def test_before_the_mou_starts_the_partner_cannot_sign_in(world, portal):
    at(portal, "2026-02-28 23:59")
    assert partner_sign_in(world["browser"], world["user"]).status_code == 200
    at(portal, "2026-03-01 00:00")
    assert partner_sign_in(world["browser"], world["user"]).status_code == 302


def test_a_session_open_when_the_mou_ends_is_refused_on_its_next_request(world, portal):
    at(portal, "2026-03-31 23:50")
    browser = signed_in(world)
    at(portal, "2026-04-01 00:01")
    response = browser.client.get(f"/partner/patients/{world['attributed']['id']}")
    assert response.status_code == 403
    assert ACCESS_ENDED in html.unescape(page_text(response))
    assert browser.client.get("/partner").status_code == 302  # the session is over


def test_deactivation_ends_an_open_session_and_sign_in(world, portal):
    browser = signed_in(world)
    portal.admin("POST", f"/partner-organizations/{world['org']['id']}/deactivate")
    response = browser.client.get("/partner")
    assert response.status_code == 403 and "Access ended" in page_text(response)
    again = partner_sign_in(world["browser"], world["user"])
    assert error_summary(again) == [ACCESS_ENDED]


def test_partner_sign_in_uses_the_patients_lockout(world, portal):
    wrong = {**world["user"], "password": "not the password at all"}
    for _ in range(portal.app.extensions["riverbend_portal"].settings.lockout_threshold):
        partner_sign_in(world["browser"], wrong)
    response = partner_sign_in(world["browser"], world["user"])
    assert "Your account is locked" in page_text(response)


def test_a_patient_account_cannot_sign_in_as_a_partner(portal):
    person = portal.enroll_at_desk()
    response = portal.submit("/partner/sign-in", {"username": person["username"], "password": person["password"]})
    assert response.status_code == 200 and "Your username or password is incorrect." in page_text(response)


def test_the_admin_api_shapes(world, portal):
    org = portal.admin("GET", f"/partner-organizations/{world['org']['id']}")
    assert org["active"] is True and org["current_mou_id"] == world["mou"]["id"] and org["kind"] == "home-health"
    agreement = portal.admin("GET", f"/mous/{world['mou']['id']}")
    assert agreement["functions"] == ["medications", "results", "scheduling"] and agreement["in_force"] is True
    assert agreement["patient_ids"] == [world["attributed"]["id"]]
    bad = {
        "organization_id": world["org"]["id"],
        "starts_on": "2026-03-10",
        "ends_on": "2026-03-01",
        "functions": ["messaging"],
    }
    problems = portal.admin("POST", "/mous", bad, status=400)["problems"]
    assert {problem["field"] for problem in problems} == {"ends_on", "functions"}


def test_an_mou_with_a_site_administrator_creates_a_partner_user(world, portal):
    created = mou(portal, world["org"], "2026-04-01", "2026-12-31", administrator="ana.admin")
    assert created["site_administrator"]["username"] == "ana.admin"
    assert created["site_administrator"]["organization_id"] == world["org"]["id"]


def test_a_partner_user_cannot_sign_in_on_the_patients_page(world, app):
    browser = world["browser"]
    user = world["user"]
    response = browser.submit("/sign-in", {"username": user["username"], "password": user["password"]})
    assert response.status_code == 200
    assert "This is a partner account: sign in on the partner sign-in page." in error_summary(response)
    assert "portal_session" not in (response.headers.get("Set-Cookie") or "")
    refused = audit_rows(app, "sign-in-refused")
    assert any(row["detail"] == "not-a-patient-portal-account" for row in refused)
