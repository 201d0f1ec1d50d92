"""The health summary (VDT-01), clinical notes (RES-05, RES-06) and patient-reported readings
(VDT-07), filtered by hand-made Permissions."""

from __future__ import annotations

import re

import pytest
from results_support import ADULT_PROXY_WITH_PART2, PARENT_FULL, PARENT_LIMITED, install_view_override, page_text

pytestmark = pytest.mark.portal


@pytest.fixture
def view_as(app):
    return install_view_override(app)


@pytest.fixture
def leo(portal):
    """A 15-year-old with a filled-in record, signed in on his own account."""
    clinic = portal.clinic("Eastside Clinic", "America/Denver")
    person = portal.enroll_at_desk(clinic=clinic, first_name="Leo", date_of_birth="2010-06-07")
    record = {
        "problems": [
            {"name": "Asthma", "status": "Active", "noted_on": "2019-05-01"},
            {"name": "Depression", "status": "Active", "noted_on": "2025-01-10", "category": "mental-health"},
        ],
        "medications": [{"name": "Albuterol inhaler", "instructions": "2 puffs as needed", "started_on": "2019-05-01"}],
        "allergies": [{"substance": "Penicillin", "reaction": "Hives", "severity": "Moderate"}],
        "immunizations": [
            {"vaccine": "Tdap", "given_on": "2021-08-15"},
            {"vaccine": "Influenza", "given_on": "2025-10-01"},
        ],
        "vitals": [{"type": "Blood pressure", "value": "112/70", "units": "mmHg", "taken_on": "2025-10-01"}],
        "care-team": [{"name": "Dr Ana Reyes", "role": "Primary care provider", "phone": "555-0100"}],
    }
    for section, entries in record.items():
        for entry in entries:
            portal.admin("POST", f"/patients/{person['id']}/{section}", entry, status=201)
    portal.admin(
        "POST",
        f"/patients/{person['id']}/notes",
        {"type": "progress", "title": "Asthma follow-up", "text": "Doing well.", "author": "Dr Ana Reyes"},
        201,
    )
    portal.admin(
        "POST",
        f"/patients/{person['id']}/notes",
        {"type": "substance-use", "title": "Counselling visit", "text": "Plan agreed.", "author": "Sam Lee, LCSW"},
        201,
    )
    portal.admin(
        "POST",
        f"/patients/{person['id']}/notes",
        {"type": "psychotherapy", "title": "Therapy session 4", "text": "Process notes.", "author": "Dr Kim"},
        201,
    )
    portal.sign_in_fully(person)
    return person


def summary(browser) -> str:
    return browser.client.get("/health-summary").get_data(as_text=True)


def headings(html: str) -> list[str]:
    return re.findall(r"<h2 id=\"[^\"]+\">(.*?)</h2>", html)


def test_the_summary_shows_every_section_to_the_patient(portal, leo):
    html = summary(portal)
    assert "<h1>Health summary</h1>" in html
    assert headings(html) == [
        "Health problems",
        "Medications",
        "Allergies",
        "Immunizations",
        "Vitals",
        "Test results",
        "Home readings",
        "Clinical notes",
        "Care team",
        "Your clinic",
    ]
    text = page_text(html)
    for expected in (
        "Asthma",
        "Depression",
        "Albuterol inhaler",
        "Penicillin",
        "Tdap",
        "112/70 mmHg",
        "Dr Ana Reyes",
        "Primary care provider",
        "Eastside Clinic",
        "Monday",
    ):
        assert expected in text
    assert "Oct 1, 2025" in text and '<th scope="col">Vaccine</th>' in html


def test_the_summary_is_audited(portal, leo, app):
    summary(portal)
    from results_support import portal_of

    conn = portal_of(app).database.connect()
    rows = conn.execute("SELECT actor, detail FROM audit_log WHERE action = 'health-summary-viewed'").fetchall()
    assert len(rows) == 1 and rows[0]["detail"].startswith("sections=problems,medications")


def test_a_limited_parent_sees_immunizations_and_allergies_only(portal, other_browser, view_as, leo):
    mother = other_browser.enroll_at_desk(first_name="Maria")
    other_browser.sign_in_fully(mother)
    view_as(mother["username"], leo["id"], PARENT_LIMITED)
    html = summary(other_browser)
    assert headings(html) == ["Allergies", "Immunizations", "Your clinic"]
    text = page_text(html)
    assert "Penicillin" in text and "Tdap" in text
    for hidden in ("Asthma", "Albuterol", "112/70", "Counselling", "Dr Ana Reyes"):
        assert hidden not in text


def test_a_full_parent_does_not_see_sensitive_problems_or_part2_notes(portal, other_browser, view_as, leo):
    mother = other_browser.enroll_at_desk(first_name="Maria")
    other_browser.sign_in_fully(mother)
    view_as(mother["username"], leo["id"], PARENT_FULL)
    text = page_text(summary(other_browser))
    assert "Asthma" in text and "Asthma follow-up" in text
    assert "Depression" not in text and "Counselling visit" not in text


def test_a_part2_note_is_shown_to_the_patient_with_the_redisclosure_notice(portal, leo):
    html = summary(portal)
    note_id = re.search(r'href="/health-summary/notes/([^"]+)">Counselling visit', html).group(1)
    page = portal.client.get(f"/health-summary/notes/{note_id}").get_data(as_text=True)
    assert "<h1>Counselling visit</h1>" in page and "Plan agreed." in page and "42 CFR part 2" in page


def test_a_proxy_with_part2_consent_sees_the_note(portal, other_browser, view_as, leo):
    friend = other_browser.enroll_at_desk(first_name="Sam")
    other_browser.sign_in_fully(friend)
    view_as(friend["username"], leo["id"], ADULT_PROXY_WITH_PART2)
    html = summary(other_browser)
    note_id = re.search(r'href="/health-summary/notes/([^"]+)">Counselling visit', html).group(1)
    assert other_browser.client.get(f"/health-summary/notes/{note_id}").status_code == 200


def test_a_proxy_without_part2_consent_cannot_open_the_note_by_id(portal, other_browser, view_as, leo):
    note_id = re.search(r'href="/health-summary/notes/([^"]+)">Counselling visit', summary(portal)).group(1)
    mother = other_browser.enroll_at_desk(first_name="Maria")
    other_browser.sign_in_fully(mother)
    view_as(mother["username"], leo["id"], PARENT_FULL)
    assert other_browser.client.get(f"/health-summary/notes/{note_id}").status_code == 404


def test_psychotherapy_notes_never_appear(portal, leo):
    psychotherapy = portal.admin(
        "POST",
        f"/patients/{leo['id']}/notes",
        {"type": "psychotherapy", "title": "Session 5", "text": "x", "author": "Dr Kim"},
        status=201,
    )
    html = summary(portal)
    assert "Therapy session" not in html and "Session 5" not in html and "Psychotherapy" not in html
    assert portal.client.get(f"/health-summary/notes/{psychotherapy['id']}").status_code == 404


def test_a_note_needs_a_known_type_title_text_and_author(portal, leo):
    problems = portal.admin("POST", f"/patients/{leo['id']}/notes", {"type": "diary"}, status=400)["problems"]
    assert [problem["field"] for problem in problems] == ["type", "title", "text", "author"]


def test_record_entries_are_checked(portal, leo):
    problems = portal.admin("POST", f"/patients/{leo['id']}/immunizations", {"given_on": "2025-02-30"}, 400)
    assert {problem["field"] for problem in problems["problems"]} == {"vaccine", "given_on"}
    refused = portal.admin("POST", f"/patients/{leo['id']}/allergies", {"substance": "Nuts", "category": "hiv"}, 400)
    assert refused["problems"][0]["field"] == "category"


# --- home readings (VDT-07) -------------------------------------------------------------------
def add_reading(browser, **fields):
    return browser.submit("/health-summary/readings/new", fields)


def test_a_home_reading_is_stored_shown_as_patient_reported_and_seen_by_the_care_team(portal, leo):
    form = portal.client.get("/health-summary/readings/new").get_data(as_text=True)
    assert "<h1>Add a reading</h1>" in form
    for label in ('for="reading_type">Reading type', 'for="value">Value', 'for="taken_on">Date'):
        assert label in form
    assert "Save reading</button>" in form
    response = add_reading(portal, reading_type="blood-pressure", value=" 128 / 84 ", taken_on="2026-01-05")
    assert response.location == "/health-summary#home-readings"
    html = summary(portal)
    assert "Your reading is saved." in html
    row = page_text(html.split('id="home-readings"')[1].split("</table>")[0])
    assert "Blood pressure 128/84 mmHg Jan 5, 2026 Patient-reported" in row
    readings = portal.admin("GET", f"/patients/{leo['id']}/patient-reported")["readings"]
    assert readings == [
        {
            "id": readings[0]["id"],
            "type": "blood-pressure",
            "label": "Blood pressure",
            "value": "128/84",
            "units": "mmHg",
            "taken_on": "2026-01-05",
            "recorded_at": readings[0]["recorded_at"],
            "recorded_by": leo["username"],
            "relationship": "self",
            "source": "Patient-reported",
        }
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"reading_type": "", "value": "150", "taken_on": "2026-01-05"}, "reading_type", "Choose the type of reading"),
        (
            {"reading_type": "blood-pressure", "value": "120", "taken_on": "2026-01-05"},
            "value",
            "Enter blood pressure as two numbers, like 120/80",
        ),
        (
            {"reading_type": "weight", "value": "heavy", "taken_on": "2026-01-05"},
            "value",
            "Enter the value as a number, like 150",
        ),
        (
            {"reading_type": "glucose", "value": "5000", "taken_on": "2026-01-05"},
            "value",
            "Check the value: it should be between 10 and 1000 mg/dL",
        ),
        ({"reading_type": "weight", "value": "150", "taken_on": ""}, "taken_on", "Enter the date of the reading"),
        (
            {"reading_type": "weight", "value": "150", "taken_on": "2026-02-30"},
            "taken_on",
            "Enter the date of the reading as a real date",
        ),
    ],
)
def test_a_reading_with_a_problem_is_refused_with_an_accessible_error(portal, leo, fields, field, message):
    html = add_reading(portal, **fields).get_data(as_text=True)
    assert f'<a href="#{field}">{message}</a>' in html
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in html


def test_a_reading_dated_tomorrow_in_the_clinic_time_zone_is_refused(portal, leo):
    browser = portal.new_browser()
    browser.use_clock("readings")
    browser.move_clock("readings", at="2026-03-02T06:30:00Z", frozen=True)  # still March 1 in Denver
    browser.sign_in_fully(leo)
    refused = add_reading(browser, reading_type="weight", value="150", taken_on="2026-03-02").get_data(as_text=True)
    assert "The date of the reading must be today or in the past" in refused
    assert add_reading(browser, reading_type="weight", value="150", taken_on="2026-03-01").status_code == 302


def test_a_viewer_without_the_function_cannot_add_readings(portal, other_browser, view_as, leo):
    mother = other_browser.enroll_at_desk(first_name="Maria")
    other_browser.sign_in_fully(mother)
    view_as(mother["username"], leo["id"], PARENT_LIMITED)
    assert other_browser.client.get("/health-summary/readings/new").status_code == 404
    assert "Home readings" not in summary(other_browser)
