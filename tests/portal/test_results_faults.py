"""The results and interface faults: each changes the behaviour its scenario checks, and without
it that behaviour is right."""

from __future__ import annotations

import re

import pytest
from results_support import (
    PARENT_FULL,
    MllpSender,
    file_result,
    install_view_override,
    obx,
    oru,
    page_text,
    portal_of,
    table_rows,
)

from reference_portal.faults import list_faults
from reference_portal.interfaces.mllp import MllpListener, portal_handler

pytestmark = pytest.mark.portal

OURS = {
    "oru-unknown-patient-accepted": ("INT", ("INT-01",)),
    "result-email-names-test": ("RES", ("RES-07",)),
    "hold-ignored": ("RES", ("RES-03",)),
    "wait-for-clinician-ignored": ("RES", ("RES-02",)),
    "psychotherapy-notes-shown": ("RES", ("RES-06",)),
    "sensitive-results-counted-for-proxy": ("RES", ("RES-04",)),
    "abnormal-flag-colour-only": ("VDT", ("VDT-02",)),
    "corrected-result-not-marked": ("VDT", ("VDT-02",)),
}


@pytest.fixture(params=[False, True], ids=["without-fault", "with-fault"])
def faulty(request):
    return request.param


def start(portal_with_faults, faulty: bool, name: str):
    portal = portal_with_faults(name) if faulty else portal_with_faults()
    person = portal.enroll_at_desk()
    portal.sign_in_fully(person)
    return portal, person


def test_the_catalogue_lists_the_results_faults():
    faults = {fault.name: fault for fault in list_faults()}
    for name, (area, caught_by) in OURS.items():
        assert (faults[name].area, faults[name].caught_by, faults[name].kind) == (area, caught_by, "behaviour")
        assert faults[name].description


def test_oru_unknown_patient_accepted(portal_with_faults, faulty):
    portal = portal_with_faults("oru-unknown-patient-accepted") if faulty else portal_with_faults()
    app = portal.app
    listener = MllpListener(portal_handler(portal_of(app)), "127.0.0.1", 0)
    listener.start()
    sender = MllpSender(listener.port)
    try:
        ack = sender.send(oru("F-ORU-1", "NOBODY-9", [obx(1, "2345-7", "Glucose", "105")]))
        adt = sender.send(oru("F-ORU-2", "NOBODY-9", []).replace("ORU^R01^ORU_R01", "ADT^A08^ADT_A01"))
    finally:
        sender.close()
        listener.stop()
    assert ack["code"] == ("AA" if faulty else "AE")
    assert adt["code"] == "AE"  # only results are affected
    conn = portal_of(app).database.connect()
    assert conn.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 0  # dropped either way


def test_result_email_names_test(portal_with_faults, faulty):
    portal, person = start(portal_with_faults, faulty, "result-email-names-test")
    file_result(portal, person, test_name="HIV 1+2 Ag/Ab", loinc_code="56888-1", value="Negative")
    notice = [mail for mail in portal.mail_to(person["email"]) if "result" in mail["subject"].lower()][-1]
    assert ("HIV" in notice["subject"] + notice["body"]) is faulty


def test_hold_ignored(portal_with_faults, faulty):
    portal, person = start(portal_with_faults, faulty, "hold-ignored")
    result = file_result(portal, person)
    portal.admin("POST", f"/results/{result['id']}/hold", {"reason": "Discuss first", "reviewer": "Dr B"})
    shown = [row["Test"] for row in table_rows(portal.client.get("/results").get_data(as_text=True))]
    assert shown == (["Glucose"] if faulty else [])


def test_wait_for_clinician_ignored(portal_with_faults, faulty):
    portal, person = start(portal_with_faults, faulty, "wait-for-clinician-ignored")
    portal.submit("/results/preferences", {"release_preference": "after-review"})
    file_result(portal, person)
    shown = [row["Test"] for row in table_rows(portal.client.get("/results").get_data(as_text=True))]
    assert shown == (["Glucose"] if faulty else [])


def test_psychotherapy_notes_shown(portal_with_faults, faulty):
    portal, person = start(portal_with_faults, faulty, "psychotherapy-notes-shown")
    body = {"type": "psychotherapy", "title": "Therapy session 4", "text": "Process notes", "author": "Dr Kim"}
    portal.admin("POST", f"/patients/{person['id']}/notes", body, status=201)
    assert ("Therapy session 4" in portal.client.get("/health-summary").get_data(as_text=True)) is faulty


def test_sensitive_results_counted_for_proxy(portal_with_faults, faulty):
    portal = portal_with_faults("sensitive-results-counted-for-proxy") if faulty else portal_with_faults()
    view_as = install_view_override(portal.app)
    teen = portal.enroll_at_desk(first_name="Leo", date_of_birth="2010-06-07")
    mother = portal.enroll_at_desk(first_name="Maria")
    portal.sign_in_fully(mother)
    view_as(mother["username"], teen["id"], PARENT_FULL)
    file_result(portal, teen, test_name="Hemoglobin", loinc_code="718-7")
    file_result(portal, teen, test_name="HIV 1+2 Ag/Ab", loinc_code="56888-1", value="Negative")
    home = page_text(portal.client.get("/home").get_data(as_text=True))
    assert ("2 new test results" in home) is faulty
    assert ("1 new test result" in home) is not faulty
    # the list itself still leaves the sensitive result out: only the count leaks
    assert [row["Test"] for row in table_rows(portal.client.get("/results").get_data(as_text=True))] == ["Hemoglobin"]


def test_abnormal_flag_colour_only(portal_with_faults, faulty):
    portal, person = start(portal_with_faults, faulty, "abnormal-flag-colour-only")
    file_result(portal, person, flag="H")
    html = portal.client.get("/results").get_data(as_text=True)
    assert 'class="flag flag-high"' in html  # the colour is there either way
    assert table_rows(html)[0]["Flag"] == ("" if faulty else "High")


def test_corrected_result_not_marked(portal_with_faults, faulty):
    portal, person = start(portal_with_faults, faulty, "corrected-result-not-marked")
    file_result(portal, person, order_id="ORD-1", value="105")
    corrected = file_result(portal, person, order_id="ORD-1", value="95", status="corrected")
    html = portal.client.get(f"/results/{corrected['id']}").get_data(as_text=True)
    status = re.search(r"<dt>Status</dt>\s*<dd>(.*?)</dd>", html).group(1)
    assert status.startswith("Final" if faulty else "Corrected on ")
    assert ("<strong>Corrected</strong>" in html) is not faulty
