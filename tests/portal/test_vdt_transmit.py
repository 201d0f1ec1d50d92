"""Transmit (VDT-05) and the activity log (VDT-06): email needs the "not secure" confirmation, a
Direct address must look like one, both go out through the mail sink with the CCD attached, and
the activity log names who acted (the patient, or the proxy by name) and the addressee."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from results_support import PARENT_FULL, install_view_override
from vdt_support import NS, file_result, fill_record

pytestmark = pytest.mark.portal


@pytest.fixture
def view_as(app):
    return install_view_override(app)


@pytest.fixture
def maria(portal):
    clinic = portal.clinic("Northside Clinic", "America/New_York")
    person = portal.enroll_at_desk(clinic=clinic, first_name="Maria", last_name="Lopez")
    fill_record(portal, person)
    file_result(portal, person)
    portal.sign_in_fully(person)
    return person


def send(portal, **fields):
    return portal.submit("/health-summary/transmit", {"dates": "everything", **fields})


def test_the_transmit_page_has_its_fields_and_the_email_warning(portal, maria):
    page = portal.client.get("/health-summary/transmit").get_data(as_text=True)
    assert "<h1>Send your record</h1>" in page
    for words in (
        "Send to",
        "An email address",
        "A Direct address",
        '<label class="label" for="email">Email address</label>',
        '<label class="label" for="direct">Direct address</label>',
        "Email is not encrypted",
        '<label for="understood">I understand that email is not secure</label>',
        "Which dates?",
        '<button type="submit" class="button">Send record</button>',
    ):
        assert words in page


def test_email_without_the_confirmation_is_refused_and_nothing_is_sent(portal, maria):
    response = send(portal, send_to="email", email="me@example.org")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="understood-error"' in page and "Confirm that you understand that email is not secure" in page
    assert portal.mail_to("me@example.org") == []
    assert portal.admin("GET", f"/patients/{maria['id']}/activity")["activity"] == []


def test_email_with_the_confirmation_sends_the_ccd_through_the_sink(portal, maria):
    response = send(portal, send_to="email", email="me@example.org", understood="yes")
    assert response.status_code == 302 and response.location == "/health-summary/activity"
    (mail,) = portal.mail_to("me@example.org")
    assert "Glucose" not in mail["body"] and "Glucose" not in mail["subject"]
    (attachment,) = mail["attachments"]
    assert attachment["content_type"] == "application/xml"
    assert attachment["filename"].startswith("health-record-") and attachment["filename"].endswith(".xml")
    doc = ET.fromstring(attachment["text"])
    assert doc.find("h:recordTarget/h:patientRole/h:id", NS).get("extension") == maria["mrn"]
    assert "Glucose" in attachment["text"]


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("dr.reyes@direct.eastside.example.org", True),
        ("records@clinic.directtrust.example.net", True),
        ("dr.reyes@eastside.example.org", False),
        ("direct.reyes@eastside.example.org", False),  # "direct" before the @ does not count
        ("not an address", False),
    ],
)
def test_a_direct_address_needs_a_direct_domain(portal, maria, address, accepted):
    response = send(portal, send_to="direct", direct=address)
    if accepted:
        assert response.status_code == 302
        assert len(portal.mail_to(address)) == 1
    else:
        assert 'id="direct-error"' in response.get_data(as_text=True)


def test_a_direct_transmit_records_the_addressee(portal, maria):
    send(portal, send_to="direct", direct="dr.reyes@direct.eastside.example.org", dates="range", date_from="2026-01-01")
    (entry,) = [
        e for e in portal.admin("GET", f"/patients/{maria['id']}/activity")["activity"] if e["action"] == "transmitted"
    ]
    assert entry["addressee"] == "dr.reyes@direct.eastside.example.org"
    assert entry["action_text"] == "Sent record by Direct message"
    assert entry["date_from"] == "2026-01-01"
    audit = portal.admin("GET", f"/audit?patient_id={maria['id']}")["entries"]
    assert any(e["action"] == "record-transmitted" and "dr.reyes@direct" in e["detail"] for e in audit)


def test_no_destination_is_refused(portal, maria):
    assert 'id="send_to-error"' in send(portal).get_data(as_text=True)


def test_the_activity_log_lists_views_downloads_and_transmits(portal, maria):
    portal.client.get("/health-summary")
    portal.submit("/health-summary/download", {"dates": "everything", "format": "human"})
    send(portal, send_to="email", email="me@example.org", understood="yes")
    page = portal.client.get("/health-summary/activity")
    text = page.get_data(as_text=True)
    assert "<h1>Activity log</h1>" in text
    for heading in ("Action", "Date and time", "Who", "Addressee"):
        assert f'<th scope="col">{heading}</th>' in text
    assert "Viewed health summary" in text
    assert "Downloaded record (human-readable)" in text
    assert "Sent record by email" in text and "<td>me@example.org</td>" in text
    assert "<td>Maria Lopez</td>" in text
    assert "no-store" in page.headers["Cache-Control"]


def test_the_activity_log_names_the_proxy(view_as, portal, maria, other_browser):
    rosa = other_browser.enroll_at_desk(first_name="Rosa", last_name="Lopez")
    view_as(rosa["username"], maria["id"], PARENT_FULL)
    other_browser.sign_in_fully(rosa)
    other_browser.submit("/health-summary/download", {"dates": "everything", "format": "ccda"})
    entry = portal.admin("GET", f"/patients/{maria['id']}/activity")["activity"][0]
    assert entry["who"] == "Rosa Lopez (proxy)" and entry["relationship"] == "parent"
    assert "<td>Rosa Lopez (proxy)</td>" in portal.client.get("/health-summary/activity").get_data(as_text=True)


def test_a_date_range_limits_the_health_summary_view(portal, maria):
    page = portal.client.get(
        "/health-summary", query_string={"dates": "range", "date_from": "2021-08-15", "date_to": "2021-08-15"}
    ).get_data(as_text=True)
    assert "Tdap" in page and "Asthma" not in page and "Dr Ana Reyes" in page
    everything = portal.client.get("/health-summary").get_data(as_text=True)
    assert "Asthma" in everything
    entry = portal.admin("GET", f"/patients/{maria['id']}/activity")["activity"][1]
    assert (entry["action"], entry["date_from"], entry["date_to"]) == ("viewed", "2021-08-15", "2021-08-15")
