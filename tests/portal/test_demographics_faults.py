"""Each demographics fault changes the behaviour its scenario checks; without it the behaviour is right."""

from __future__ import annotations

import pytest
from test_demographics_profile import NEW_DETAILS, adt_a08, audit_rows, before_after, new_result

from reference_portal.portal import EXTENSION_KEY

pytestmark = pytest.mark.portal

FAULTS = (
    "demographics-change-applied-without-verification",
    "audit-misses-demographics-before-value",
    "notification-uses-stale-email",
    "spanish-notifications-sent-in-english",
    "duplicate-enrollment-not-detected",
)


@pytest.fixture(params=[False, True], ids=["correct", "faulty"])
def faulty(request) -> bool:
    return bool(request.param)


def start(portal_with_faults, fault: str, faulty: bool):
    portal = portal_with_faults(fault) if faulty else portal_with_faults()
    maria = portal.enroll_at_desk()
    portal.sign_in_fully(maria)
    return portal, maria


def test_the_faults_are_listed_under_demographics():
    from reference_portal.faults import list_faults

    listed = {fault.name: fault for fault in list_faults()}
    for name in FAULTS:
        assert listed[name].area == "DEM" and listed[name].caught_by[0].startswith("DEM-")


def test_change_applied_without_verification(portal_with_faults, faulty):
    portal, maria = start(portal_with_faults, FAULTS[0], faulty)
    portal.submit("/profile", NEW_DETAILS)
    on_record = portal.admin("GET", f"/patients/{maria['id']}/demographics")["email"]
    waiting = "Waiting for verification" in portal.client.get("/profile").get_data(as_text=True)
    assert (on_record, waiting) == (("maria.new@example.test", False) if faulty else (maria["email"], True))


def test_audit_misses_the_before_value(portal_with_faults, faulty):
    portal, maria = start(portal_with_faults, FAULTS[1], faulty)
    portal.submit("/profile", NEW_DETAILS)
    detail = audit_rows(portal, "demographics-change-requested")[0]["detail"]
    if faulty:
        assert "before=" not in detail and "maria.new@example.test" in detail
    else:
        assert before_after(detail)[0]["email"] == maria["email"]


def test_notification_uses_the_stale_email(portal_with_faults, faulty):
    portal, maria = start(portal_with_faults, FAULTS[2], faulty)
    portal.app.extensions[EXTENSION_KEY].hl7_inbound.handle(adt_a08(maria["mrn"], "maria.ehr@example.test"))
    new_result(portal, maria)
    assert bool(portal.mail_to("maria.ehr@example.test")) is not faulty


def test_spanish_notifications_sent_in_english(portal_with_faults, faulty):
    portal, maria = start(portal_with_faults, FAULTS[3], faulty)
    portal.submit("/language", {"language": "es", "next": "/home"}, form_page="/home")
    new_result(portal, maria)
    subject = portal.mail_to(maria["email"])[-1]["subject"]
    assert subject == ("You have new test results" if faulty else "Tiene resultados de pruebas nuevos")


def test_duplicate_enrollment_not_detected(portal_with_faults, faulty):
    portal, maria = start(portal_with_faults, FAULTS[4], faulty)
    browser = portal.new_browser()
    form = {
        "first_name": "Maria",
        "last_name": "Lopez",
        "date_of_birth": maria["date_of_birth"],
        "email": "other@example.test",
        "username": "maria.again",
        "password": "river stones in spring",
        "confirm_password": "river stones in spring",
    }
    response = browser.submit("/sign-up", form)
    assert response.location == ("/sign-in" if faulty else "/sign-up/on-hold")
    assert len(portal.admin("GET", "/duplicate-candidates")["candidates"]) == (0 if faulty else 1)
