"""Staff console administration of partner organisations and MOUs (administrator role)."""

from __future__ import annotations

import re

import pytest
from partner_support import (
    SCOPE,
    ZONE,
    at,
    error_summary,
    has_label,
    page_text,
    partner_sign_in,
    partner_user,
    staff_browser,
    staff_member,
)

pytestmark = pytest.mark.portal


@pytest.fixture
def clinic(portal):
    portal.use_clock(SCOPE)
    at(portal, "2026-03-10 09:00")
    return portal.clinic("Desert Clinic", ZONE)


@pytest.fixture
def admin(portal, clinic):
    return staff_browser(portal, staff_member(portal, clinic, "administrator"))


def add_organization(admin, name="Sunrise Home Health", kind="home-health"):
    response = admin.submit("/staff/partners", {"name": name, "kind": kind})
    assert response.status_code == 302, error_summary(response)
    return response.location


def test_the_organizations_page(admin):
    page = page_text(admin.client.get("/staff/partners"))
    assert "<h1>Partner organizations</h1>" in page
    assert has_label(page, "name", "Organization name")
    assert has_label(page, "kind", "Kind")
    assert '<button type="submit" class="button">Add organization</button>' in page
    assert ">Partner organizations</a>" in page  # staff navigation


def test_an_administrator_sets_up_an_organization_mou_and_attribution(portal, clinic, admin):
    organization_page = add_organization(admin)
    page = page_text(admin.client.get(organization_page))
    assert "<h1>Sunrise Home Health</h1>" in page
    for label, name in (("Start date", "starts_on"), ("End date", "ends_on"), ("Username", "admin_username")):
        assert has_label(page, name, label)
    assert '<label for="function-results">Test results</label>' in page
    assert '<legend class="legend">Permitted functions</legend>' in page
    fields = {
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
        "functions": ["results", "medications"],
        "admin_first_name": "Ana",
        "admin_last_name": "Reyes",
        "admin_username": "ana.sunrise",
        "admin_email": "ana@sunrise.example.test",
        "admin_password": "home visits every tuesday",
    }
    response = admin.submit(f"{organization_page}/mous", fields, form_page=organization_page)
    assert response.status_code == 302, error_summary(response)
    mou_page = response.location
    rosa = portal.patient(clinic, first_name="Rosa", last_name="Diaz")
    response = admin.submit(f"{mou_page}/attributions", {"mrn": rosa["mrn"]}, form_page=mou_page)
    assert response.status_code == 302
    page = page_text(admin.client.get(mou_page))
    assert "Rosa Diaz" in page and 'aria-label="Remove Rosa Diaz"' in page
    assert '<button type="submit" class="button">Attribute patient</button>' in page
    # Ana, the site administrator, now sees Rosa
    ana = {"username": "ana.sunrise", "password": "home visits every tuesday"}
    browser = portal.new_browser()
    browser.use_clock(SCOPE)
    assert partner_sign_in(browser, ana).status_code == 302
    assert "Rosa Diaz" in page_text(browser.client.get("/partner"))
    # the administrator shortens the MOU: the last day was yesterday
    response = admin.submit(mou_page, {"starts_on": "2026-03-01", "ends_on": "2026-03-09", "functions": ["results"]})
    assert response.status_code == 302
    assert browser.client.get("/partner").status_code == 403


def test_mou_form_problems_are_shown_per_field(admin):
    organization_page = add_organization(admin)
    response = admin.submit(
        f"{organization_page}/mous", {"starts_on": "2026-03-10", "ends_on": "2026-03-01"}, form_page=organization_page
    )
    assert error_summary(response) == [
        "The end date must be on or after the start date",
        "Choose at least one permitted function",
    ]


def test_attributing_an_unknown_mrn_is_refused(portal, clinic, admin):
    organization_page = add_organization(admin)
    fields = {"starts_on": "2026-03-01", "ends_on": "2026-03-31", "functions": ["results"]}
    mou_page = admin.submit(f"{organization_page}/mous", fields, form_page=organization_page).location
    response = admin.submit(f"{mou_page}/attributions", {"mrn": "NOPE123"}, form_page=mou_page)
    assert error_summary(response) == ["No patient has that MRN at this clinic"]


def test_deactivating_from_the_console(portal, clinic, admin):
    organization_page = add_organization(admin)
    org_id = re.search(r"/staff/partners/(org_[\w-]+)", organization_page).group(1)
    fields = {"starts_on": "2026-03-01", "ends_on": "2026-03-31", "functions": ["results"]}
    admin.submit(f"{organization_page}/mous", fields, form_page=organization_page)
    user = partner_user(portal, {"id": org_id})
    browser = portal.new_browser()
    browser.use_clock(SCOPE)
    assert partner_sign_in(browser, user).status_code == 302
    response = admin.submit(f"{organization_page}/deactivate", {}, form_page=organization_page)
    assert response.status_code == 302
    assert "Deactivated" in page_text(admin.client.get("/staff/partners"))
    assert browser.client.get("/partner").status_code == 403


def test_only_administrators_manage_partners(portal, clinic):
    nurse = staff_browser(portal, staff_member(portal, clinic, "support"))
    assert nurse.client.get("/staff/partners").status_code == 404
