"""Each VDT/RES/AUD fault changes the behaviour its scenario checks; without it the behaviour is right."""

from __future__ import annotations

import pytest
from results_support import PARENT_FULL, install_view_override
from vdt_support import ccd_of, download, file_result, fill_record, section

pytestmark = pytest.mark.portal


def signed_in(driver, **fields):
    person = driver.enroll_at_desk(**fields)
    fill_record(driver, person)
    file_result(driver, person, reported_at="2026-01-10T18:00:00Z")
    driver.sign_in_fully(person)
    return person


@pytest.mark.parametrize("fault", [(), ("ccd-missing-results-section",)])
def test_ccd_missing_results_section(portal_with_faults, fault):
    driver = portal_with_faults(*fault)
    signed_in(driver)
    doc = ccd_of(download(driver, "ccda"))
    assert (section(doc, "30954-2") is None) is bool(fault)
    assert section(doc, "11450-4") is not None


@pytest.mark.parametrize("fault", [(), ("ccd-includes-psychotherapy-notes",)])
def test_ccd_includes_psychotherapy_notes(portal_with_faults, fault):
    driver = portal_with_faults(*fault)
    person = signed_in(driver)
    body = {"type": "psychotherapy", "title": "Therapy session 4", "text": "Process notes.", "author": "Dr Kim"}
    driver.admin("POST", f"/patients/{person['id']}/notes", body, 201)
    assert ("Therapy session 4" in download(driver, "ccda").get_data(as_text=True)) is bool(fault)
    # the portal's own pages are not touched by this fault
    assert "Therapy session 4" not in driver.client.get("/health-summary").get_data(as_text=True)


@pytest.mark.parametrize("fault", [(), ("download-ignores-date-range",)])
def test_download_ignores_date_range(portal_with_faults, fault):
    driver = portal_with_faults(*fault)
    signed_in(driver)
    text = download(driver, "human", date_from="2026-02-01", date_to="2026-02-28").get_data(as_text=True)
    assert ("Glucose" in text) is bool(fault)


@pytest.mark.parametrize("fault", [(), ("transmit-skips-email-warning",)])
def test_transmit_skips_email_warning(portal_with_faults, fault):
    driver = portal_with_faults(*fault)
    signed_in(driver)
    fields = {"send_to": "email", "email": "me@example.org", "dates": "everything"}
    response = driver.submit("/health-summary/transmit", fields)
    assert (response.status_code == 302) is bool(fault)
    assert len(driver.mail_to("me@example.org")) == (1 if fault else 0)


@pytest.mark.parametrize("fault", [(), ("activity-log-omits-proxy-name",)])
def test_activity_log_omits_proxy_name(portal_with_faults, fault):
    driver = portal_with_faults(*fault)
    view_as = install_view_override(driver.app)
    maria = signed_in(driver, first_name="Maria", last_name="Lopez")
    rosa_browser = driver.new_browser()
    rosa = rosa_browser.enroll_at_desk(first_name="Rosa", last_name="Lopez")
    view_as(rosa["username"], maria["id"], PARENT_FULL)
    rosa_browser.sign_in_fully(rosa)
    rosa_browser.submit("/health-summary/download", {"dates": "everything", "format": "ccda"})
    page = driver.client.get("/health-summary/activity").get_data(as_text=True)
    assert ("Rosa Lopez (proxy)" in page) is not bool(fault)


@pytest.mark.parametrize("fault", [(), ("download-includes-teen-sensitive-results",)])
def test_download_includes_teen_sensitive_results(portal_with_faults, fault):
    driver = portal_with_faults(*fault)
    view_as = install_view_override(driver.app)
    parent = driver.enroll_at_desk(first_name="Maria")
    teen = driver.patient(first_name="Lucia", date_of_birth="2011-01-01")
    file_result(driver, teen, test_name="HIV 1+2 antibody", loinc_code="75622-1", value="Negative", category="hiv")
    view_as(parent["username"], teen["id"], PARENT_FULL)
    driver.sign_in_fully(parent)
    assert ("HIV 1+2 antibody" in download(driver, "ccda").get_data(as_text=True)) is bool(fault)
    # the results list is the results area's and stays right
    assert "HIV 1+2 antibody" not in driver.client.get("/results").get_data(as_text=True)


@pytest.mark.parametrize("fault", [(), ("audit-log-off",)])
def test_audit_log_off(portal_with_faults, fault):
    driver = portal_with_faults(*fault)
    person = signed_in(driver)
    driver.client.get("/health-summary")
    download(driver, "human")
    actions = {e["action"] for e in driver.admin("GET", f"/audit?patient_id={person['id']}")["entries"]}
    assert ({"health-summary-viewed", "record-downloaded"} <= actions) is not bool(fault)
    if fault:
        assert actions == set()
