"""HL7 v2 ORU^R01 results (INT-01) and SIU^S12 appointments over a real MLLP socket: delivered
values reach the portal under the release rules; an unknown patient or a missing required field
is AE and stores nothing; a notice that cannot be sent never changes the ACK."""

from __future__ import annotations

import socket

import pytest
from results_support import MllpSender, msh, obx, oru, page_text, portal_of, table_rows

from reference_portal.config import MailTransport
from reference_portal.interfaces.mllp import MllpListener, portal_handler
from reference_portal.portal import EXTENSION_KEY

pytestmark = pytest.mark.portal

GLUCOSE = obx(1, "2345-7", "Glucose", "105", units="mg/dL", reference="70-99", flag="H")
HEMOGLOBIN = obx(2, "718-7", "Hemoglobin", "13.9", units="g/dL", reference="12.0-15.5", flag="N")


def start_listener(app) -> tuple[MllpListener, MllpSender]:
    listener = MllpListener(portal_handler(app.extensions[EXTENSION_KEY]), "127.0.0.1", 0)
    listener.start()
    return listener, MllpSender(listener.port)


@pytest.fixture
def mllp(app):
    listener, sender = start_listener(app)
    yield sender
    sender.close()
    listener.stop()


@pytest.fixture
def maria(portal):
    clinic = portal.admin("POST", "/clinics", {"name": "Eastside", "timezone": "America/Chicago", "code": "EAST"}, 201)
    person = portal.enroll_at_desk(clinic=clinic)
    portal.sign_in_fully(person)
    return person


def stored_results(app) -> int:
    conn = portal_of(app).database.connect()
    try:
        return int(conn.execute("SELECT COUNT(*) FROM results").fetchone()[0])
    finally:
        conn.close()


def test_a_result_for_a_known_patient_is_accepted_with_the_delivered_values(portal, maria, mllp):
    ack = mllp.send(oru("LAB0001", maria["mrn"], [GLUCOSE, HEMOGLOBIN]))
    assert (ack["type"], ack["code"], ack["control_id"]) == ("ACK^R01^ACK", "AA", "LAB0001")
    assert ack["text"] == f"2 results filed for patient {maria['mrn']}"
    results = {r["test_name"]: r for r in portal.admin("GET", f"/patients/{maria['id']}/results")["results"]}
    glucose = results["Glucose"]
    assert {
        key: glucose[key]
        for key in (
            "loinc_code",
            "value",
            "units",
            "reference_range",
            "flag",
            "flag_text",
            "status",
            "performing_lab",
            "ordering_provider",
            "collected_at",
            "reported_at",
            "order_id",
        )
    } == {
        "loinc_code": "2345-7",
        "value": "105",
        "units": "mg/dL",
        "reference_range": "70-99",
        "flag": "H",
        "flag_text": "High",
        "status": "final",
        "performing_lab": "Riverbend Reference Lab",
        "ordering_provider": "Dr Ana Reyes",
        "collected_at": "2026-03-01T14:00:00Z",  # OBR-7 08:00 in the clinic's zone (CST)
        "reported_at": "2026-03-01T18:00:00Z",  # OBR-22 12:00 CST
        "order_id": "filler:FL-1",
    }
    assert results["Hemoglobin"]["flag_text"] == "Normal"
    rows = {row["Test"]: row for row in table_rows(portal.client.get("/results").get_data(as_text=True))}
    assert rows["Glucose"]["Result"] == "105 mg/dL" and rows["Glucose"]["Flag"] == "High"
    notices = [mail for mail in portal.mail_to(maria["email"]) if mail["subject"] == "You have new test results"]
    assert len(notices) == 1  # one notice for the message, not one per result


def test_a_result_for_an_unknown_patient_is_an_error_and_stored_nowhere(portal, maria, mllp):
    ack = mllp.send(oru("LAB0002", "NOBODY-1", [GLUCOSE]))
    assert (ack["code"], ack["text"]) == ("AE", "Unknown patient NOBODY-1")
    assert stored_results(portal.app) == 0
    portal.admin("POST", "/patients/lookup", {"mrn": "NOBODY-1"}, status=404)
    conn = portal_of(portal.app).database.connect()
    logged = conn.execute("SELECT control_id, ack_code, raw FROM hl7_messages").fetchall()
    assert [tuple(row) for row in logged] == [("LAB0002", "AE", "")]  # the header is logged, not the content


@pytest.mark.parametrize(
    ("segments", "missing"),
    [
        ([GLUCOSE.replace("2345-7^Glucose^LN", "")], "OBX-3"),
        ([GLUCOSE.replace("|105|", "||")], "OBX-5"),
        ([GLUCOSE, HEMOGLOBIN.replace("|13.9|", "||")], "OBX-5 (observation value) in OBX 2"),
        ([], "OBX-3 (observation identifier) and OBX-5"),
    ],
    ids=["no-obx-3", "no-obx-5", "one-bad-of-two", "no-obx"],
)
def test_a_missing_required_field_is_an_error_and_nothing_is_filed(portal, maria, mllp, segments, missing):
    ack = mllp.send(oru("LAB0003", maria["mrn"], segments))
    assert ack["code"] == "AE" and missing in ack["text"]
    assert stored_results(portal.app) == 0


def test_a_result_without_obr_4_is_an_error(portal, maria, mllp):
    obr = "OBR|1|PL-1|FL-1||||20260301080000"
    ack = mllp.send(oru("LAB0004", maria["mrn"], [GLUCOSE], obr=obr))
    assert ack["code"] == "AE" and "OBR-4" in ack["text"]
    assert stored_results(portal.app) == 0


def test_a_result_without_identifier_is_an_error(portal, maria, mllp):
    message = oru("LAB0005", maria["mrn"], [GLUCOSE]).replace(f"PID|1||{maria['mrn']}^^^RIVERBEND^MR", "PID|1||")
    ack = mllp.send(message)
    assert (ack["code"], ack["text"]) == ("AE", "Required field missing: PID-3 (patient identifier)")


def test_no_performing_lab_or_ordering_provider_is_still_accepted(portal, maria, mllp):
    obr = "OBR|1||FL-2|GLU^Glucose^L|||20260301080000"
    ack = mllp.send(oru("LAB0006", maria["mrn"], [obx(1, "2345-7", "Glucose", "88", lab="")], obr=obr))
    assert ack["code"] == "AA"
    result = portal.admin("GET", f"/patients/{maria['id']}/results")["results"][0]
    assert (result["performing_lab"], result["ordering_provider"]) == (None, None)
    page = page_text(portal.client.get(f"/results/{result['id']}").get_data(as_text=True))
    assert "Performing lab Not recorded" in page


def test_an_older_sender_names_the_lab_in_obx_15(portal, maria, mllp):
    old = "OBX|1|NM|2345-7^Glucose^LN||92|mg/dL|70-99|N|||F|||20260301080000|NL^North Lab"
    ack = mllp.send(oru("LAB0007", maria["mrn"], [old], version="2.3"))
    assert (ack["code"], ack["version"]) == ("AA", "2.3")
    assert portal.admin("GET", f"/patients/{maria['id']}/results")["results"][0]["performing_lab"] == "North Lab"


def test_preliminary_then_final_then_corrected(portal, maria, mllp):
    mllp.send(oru("LAB0010", maria["mrn"], [obx(1, "2345-7", "Glucose", "99", status="P")]))
    assert table_rows(portal.client.get("/results").get_data(as_text=True)) == []
    mllp.send(oru("LAB0011", maria["mrn"], [obx(1, "2345-7", "Glucose", "101", status="F")]))
    assert table_rows(portal.client.get("/results").get_data(as_text=True))[0]["Result"] == "101"
    mllp.send(oru("LAB0012", maria["mrn"], [obx(1, "2345-7", "Glucose", "111", status="C")]))
    rows = table_rows(portal.client.get("/results").get_data(as_text=True))
    assert len(rows) == 1 and rows[0]["Result"] == "111" and "Corrected on Mar 1, 2026" in rows[0]["Status"]


def test_an_unsupported_result_status_is_an_error(portal, maria, mllp):
    ack = mllp.send(oru("LAB0013", maria["mrn"], [obx(1, "2345-7", "Glucose", "99", status="X")]))
    assert ack["code"] == "AE" and "OBX-11" in ack["text"]


def test_coded_and_structured_values_read_as_words(portal, maria, mllp):
    coded = obx(1, "43304-5", "Chlamydia NAA", "260373001^Detected^SCT", flag="A", value_type="CWE")
    structured = obx(2, "2160-0", "Creatinine", "<^0.3", units="mg/dL", value_type="SN")
    assert mllp.send(oru("LAB0014", maria["mrn"], [coded, structured]))["code"] == "AA"
    results = {r["test_name"]: r for r in portal.admin("GET", f"/patients/{maria['id']}/results")["results"]}
    assert results["Chlamydia NAA"]["value"] == "Detected" and results["Chlamydia NAA"]["category"] == "sti"
    assert results["Creatinine"]["value"] == "<0.3"


def test_the_zck_segment_puts_the_message_on_the_scenario_clock(portal, maria, mllp):
    portal.move_clock("lab-scenario", at="2026-03-02T15:00:00Z", frozen=True)
    portal.admin("PUT", f"/patients/{maria['id']}/results-preference", {"wait_for_clinician": True})
    ack = mllp.send(oru("LAB0020", maria["mrn"], [GLUCOSE], scope="lab-scenario"))
    assert ack["code"] == "AA"
    portal.use_clock("lab-scenario")  # staff look on the scenario's clock too
    result = portal.admin("GET", f"/patients/{maria['id']}/results")["results"][0]
    assert result["release"]["state"] == "awaiting-review"
    assert result["release"]["wait_ends_at"] == "2026-03-09T15:00:00Z"


def test_a_notice_that_cannot_be_sent_does_not_change_the_ack(make_app, driver_for, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app = make_app(mail_transport=MailTransport.SMTP, smtp_port=closed_port)
    portal = driver_for(app)
    patient = portal.patient()
    code = portal.activation_code(patient)
    portal.admin(
        "POST",
        "/enrollments",
        {
            "code": code["code"],
            "date_of_birth": patient["date_of_birth"],
            "username": "no.mail",
            "email": patient["email"],
            "password": "river stones in spring",
        },
        status=201,
    )
    listener, sender = start_listener(app)
    try:
        ack = sender.send(oru("LAB0030", patient["mrn"], [GLUCOSE]))
    finally:
        sender.close()
        listener.stop()
    assert ack["code"] == "AA"
    assert "Could not send the new-results notification" in caplog.text
    assert len(portal.admin("GET", f"/patients/{patient['id']}/results")["results"]) == 1


# --- SIU^S12 ---------------------------------------------------------------------------------
def siu(control_id: str, mrn: str, start: str = "20260310143000", location: str = "EAST") -> str:
    return "\r".join(
        [
            msh("SIU^S12^SIU_S12", control_id, sender="SCHED|RIVERBEND"),
            f"SCH|APT-{control_id}|F-{control_id}|||||||30|MIN|^^30^{start}",
            f"PID|1||{mrn}^^^RIVERBEND^MR||Lopez^Maria||19850412|F",
            "RGS|1",
            f"AIL|1||^^^{location}",
            "AIP|1||5678^Reyes^Ana^^^Dr",
        ]
    )


def test_a_booking_is_accepted_and_shown_on_home(portal, maria, mllp):
    portal.move_clock("siu", at="2026-03-02T15:00:00Z", frozen=True)
    portal.use_clock("siu")
    ack = mllp.send(siu("SCH0001", maria["mrn"]) + "\rZCK|siu")
    assert (ack["type"], ack["code"]) == ("ACK^S12^ACK", "AA")
    [appointment] = portal.admin("GET", f"/patients/{maria['id']}/appointments")["appointments"]
    assert appointment | {"id": None} == {
        "id": None,
        "patient_id": maria["id"],
        "clinic_id": maria["clinic_id"],
        "starts_at": "2026-03-10T19:30:00Z",  # 2:30 PM CDT (after the DST change on March 8)
        "minutes": 30,
        "provider": "Dr Ana Reyes",
        "appointment_id": "F-SCH0001",
    }
    home = page_text(portal.client.get("/home").get_data(as_text=True))
    assert "Upcoming appointments" in home and "Mar 10, 2026, 2:30 PM" in home and "Dr Ana Reyes" in home


def test_no_appointments_no_section(portal, maria):
    assert "Upcoming appointments" not in portal.client.get("/home").get_data(as_text=True)


def test_a_booking_for_an_unknown_patient_or_without_a_start_is_an_error(portal, maria, mllp):
    assert mllp.send(siu("SCH0002", "NOBODY-2"))["code"] == "AE"
    ack = mllp.send(siu("SCH0003", maria["mrn"], start=""))
    assert ack["code"] == "AE" and "appointment start" in ack["text"]
    assert portal.admin("GET", f"/patients/{maria['id']}/appointments")["appointments"] == []
