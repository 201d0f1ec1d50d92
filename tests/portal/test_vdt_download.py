"""Download my record (VDT-03, VDT-04, RES-04): the form, the human-readable file, the date range
on the clinic's calendar (both ends included), and what a proxy may take away."""

from __future__ import annotations

import pytest
from results_support import PARENT_FULL, PARENT_LIMITED, install_view_override
from vdt_support import ccd_of, download, file_result, fill_record, section_text

pytestmark = pytest.mark.portal

ZONE = "America/Los_Angeles"


@pytest.fixture
def view_as(app):
    return install_view_override(app)


@pytest.fixture
def maria(portal):
    clinic = portal.clinic("Westside Clinic", ZONE)
    person = portal.enroll_at_desk(clinic=clinic, first_name="Maria", last_name="Lopez")
    portal.sign_in_fully(person)
    return person


def test_the_download_page_has_the_date_filter_and_the_formats(portal, maria):
    page = portal.client.get("/health-summary/download").get_data(as_text=True)
    assert "<h1>Download your record</h1>" in page
    for words in (
        "Which dates?",
        "Everything",
        "A date range",
        '<label class="label" for="date_from">From</label>',
        '<label class="label" for="date_to">To</label>',
        "Human-readable (PDF-free HTML/text)",
        "Health record for another provider (C-CDA XML)",
        '<button type="submit" class="button">Download</button>',
    ):
        assert words in page


def test_the_human_readable_file_has_the_summarys_sections(portal, maria):
    fill_record(portal, maria)
    file_result(portal, maria)
    response = download(portal, "human")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="health-record-')
    assert "no-store" in response.headers["Cache-Control"]
    text = response.get_data(as_text=True)
    assert f"Medical record number: {maria['mrn']}" in text
    for heading in ("Health problems", "Medications", "Allergies", "Immunizations", "Vitals", "Care team"):
        assert f"\n{heading}\n" in text
    assert "Test results" in text and "Glucose" in text and "70-99 mg/dL" in text and "High" in text


@pytest.mark.parametrize(
    ("reported_local", "included"),
    [
        ("2026-02-28T23:59", False),  # the day before From
        ("2026-03-01T00:00", True),  # the From day, first minute (clinic time)
        ("2026-03-31T23:59", True),  # the To day, last minute
        ("2026-04-01T00:00", False),  # the day after To
    ],
)
def test_a_date_range_includes_both_ends_on_the_clinics_calendar(portal, maria, reported_local, included):
    from proxy_support import utc_text

    file_result(portal, maria, test_name="Ferritin", loinc_code="2276-4", reported_at=utc_text(reported_local, ZONE))
    doc = ccd_of(download(portal, "ccda", date_from="2026-03-01", date_to="2026-03-31"))
    assert ("Ferritin" in section_text(doc, "30954-2")) is included
    text = download(portal, "human", date_from="2026-03-01", date_to="2026-03-31").get_data(as_text=True)
    assert ("Ferritin" in text) is included


def test_a_date_range_limits_the_clinical_record_too(portal, maria):
    fill_record(portal, maria)
    doc = ccd_of(download(portal, "ccda", date_from="2021-08-15", date_to="2021-08-15"))
    assert "Tdap" in section_text(doc, "11369-6")
    assert "Asthma" not in section_text(doc, "11450-4")
    assert "Everything" in download(portal, "human").get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"dates": "range"}, "date_from", "Enter a From date, a To date, or both"),
        ({"dates": "range", "date_from": "2026-02-30"}, "date_from", "Enter the From date as a real date"),
        ({"dates": "range", "date_from": "2026-03-02", "date_to": "2026-03-01"}, "date_to", "on or after"),
        ({"dates": "everything", "format": "pdf"}, "format", "Choose a format"),
    ],
)
def test_form_problems_are_shown_with_their_fields(portal, maria, fields, field, message):
    response = portal.submit("/health-summary/download", {"format": "ccda", **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert f'id="{field}-error"' in page and message in page


def test_a_parent_of_a_teen_downloads_no_sensitive_result(view_as, portal, maria):
    teen = portal.patient(first_name="Lucia", date_of_birth="2011-01-01")
    file_result(portal, teen, test_name="Lipid panel", loinc_code="57698-3", flag="")
    file_result(portal, teen, test_name="HIV 1+2 antibody", loinc_code="75622-1", value="Negative", category="hiv")
    view_as(maria["username"], teen["id"], PARENT_FULL)
    doc = ccd_of(download(portal, "ccda"))
    results = section_text(doc, "30954-2")
    assert "Lipid panel" in results and "HIV" not in results
    assert "HIV" not in download(portal, "human").get_data(as_text=True)


def test_a_parent_with_limited_access_cannot_download(view_as, portal, maria):
    teen = portal.patient(first_name="Lucia", date_of_birth="2011-01-01")
    view_as(maria["username"], teen["id"], PARENT_LIMITED)
    assert portal.client.get("/health-summary/download").status_code == 404


def test_a_download_is_audited_and_in_the_activity_log(portal, maria):
    download(portal, "ccda", date_from="2026-01-01")
    entries = portal.admin("GET", f"/audit?patient_id={maria['id']}")["entries"]
    downloaded = [e for e in entries if e["action"] == "record-downloaded"]
    assert downloaded and downloaded[0]["category"] == "record-export"
    assert downloaded[0]["actor_type"] == "patient" and downloaded[0]["who"] == "Maria Lopez"
    activity = portal.admin("GET", f"/patients/{maria['id']}/activity")["activity"]
    assert activity[0]["action"] == "downloaded"
    assert activity[0]["action_text"] == "Downloaded record (C-CDA XML)"
    assert activity[0]["who"] == "Maria Lopez"
    assert activity[0]["date_from"] == "2026-01-01" and activity[0]["date_to"] is None


def test_the_teen_downloads_her_own_sensitive_result(portal):
    teen = portal.enroll_at_desk(first_name="Lucia", date_of_birth="2011-01-01")
    file_result(portal, teen, test_name="HIV 1+2 antibody", loinc_code="75622-1", value="Negative", category="hiv")
    portal.sign_in_fully(teen)
    assert "HIV 1+2 antibody" in section_text(ccd_of(download(portal, "ccda")), "30954-2")
