"""HL7 v2 over MLLP (INT-02, INT-03): a real socket to a running listener; an ACK for every frame,
by the acknowledgement rules, and the listener keeps serving whatever arrives."""

from __future__ import annotations

import socket
import time

import pytest
from results_support import MllpSender, msh, parse_ack

from reference_portal.interfaces.mllp import END_BLOCK, MllpListener, frame, portal_handler
from reference_portal.portal import EXTENSION_KEY

pytestmark = pytest.mark.portal


def adt(trigger: str, control_id: str, pid: str, pv1: str = "PV1|1|O", version: str = "2.5.1") -> str:
    header = msh(f"ADT^{trigger}^ADT_A01", control_id, version, sender="EHR|RIVERBEND")
    return "\r".join([header, "EVN|" + trigger + "|20260301140500", pid, pv1])


@pytest.fixture
def listener(app):
    running = MllpListener(portal_handler(app.extensions[EXTENSION_KEY]), "127.0.0.1", 0)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def mllp(listener):
    sender = MllpSender(listener.port)
    yield sender
    sender.close()


def test_a_registration_is_accepted_and_creates_the_patient(portal, mllp):
    clinic = portal.admin("POST", "/clinics", {"name": "Eastside", "timezone": "America/Denver", "code": "EAST"}, 201)
    pid = (
        "PID|1||HL7-0001^^^EAST^MR||Okafor^Grace^A||19720309|F|||12 Elm St^^Springfield^IL^62704||"
        "555-0199^PRN^PH~^NET^Internet^grace@example.test"
    )
    ack = mllp.send(adt("A04", "MSG0001", pid))
    assert ack == {
        "type": "ACK^A04^ACK",
        "code": "AA",
        "control_id": "MSG0001",
        "text": "Patient HL7-0001 registered",
        "version": "2.5.1",
        "receiver": "EHR|RIVERBEND",
    }
    patient = portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0001"})
    assert (patient["first_name"], patient["last_name"], patient["date_of_birth"]) == ("Grace", "Okafor", "1972-03-09")
    assert patient["clinic_id"] == clinic["id"]
    assert patient["email"] == "grace@example.test" and patient["phone"] == "555-0199"
    assert patient["address"]["city"] == "Springfield"


@pytest.mark.parametrize(
    ("pid", "pv1"),
    [
        ("PID|1||HL7-0002^^^NOWHERE^MR||Diaz^Leo||20100607|M", "PV1|1|O|NOWHERE"),
        ("PID|1||HL7-0002^^^NOWHERE^MR||Diaz^Leo||20100607|M", "PV1|1|O|^^^ELSEWHERE"),
    ],
)
def test_an_unknown_site_lands_in_the_default_clinic_and_is_still_accepted(portal, mllp, pid, pv1, caplog):
    ack = mllp.send(adt("A04", "MSG0002", pid, pv1))
    assert ack["code"] == "AA"
    patient = portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0002"})
    assert portal.admin("GET", f"/clinics/{patient['clinic_id']}")["code"] == "RIVERBEND"
    assert "names no known clinic" in caplog.text


def test_an_update_changes_the_demographics(portal, mllp):
    mllp.send(adt("A04", "MSG0003", "PID|1||HL7-0003^^^X^MR||Nguyen^Lan||19900101|F"))
    ack = mllp.send(adt("A08", "MSG0004", "PID|1||HL7-0003^^^X^MR||Nguyen^Lan||19900101|F|||||555-0123"))
    assert (ack["type"], ack["code"]) == ("ACK^A08^ACK", "AA")
    assert portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0003"})["phone"] == "555-0123"


def test_an_update_for_an_unknown_patient_is_an_application_error(portal, mllp):
    ack = mllp.send(adt("A08", "MSG0005", "PID|1||NOBODY^^^X^MR||Who^Ever||19900101|F"))
    assert (ack["code"], ack["text"]) == ("AE", "Unknown patient NOBODY")
    portal.admin("POST", "/patients/lookup", {"mrn": "NOBODY"}, status=404)


def test_an_update_without_an_identifier_is_an_application_error(mllp):
    ack = mllp.send(adt("A08", "MSG0009", "PID|1||||Who^Ever||19900101|F"))
    assert (ack["code"], ack["text"]) == ("AE", "Required field missing: PID-3 (patient identifier)")


def test_a_registration_missing_required_fields_is_an_application_error(portal, mllp):
    ack = mllp.send(adt("A04", "MSG0006", "PID|1||HL7-0006^^^X^MR||Solo"))
    assert ack["code"] == "AE" and "PID-5" in ack["text"] and "PID-7" in ack["text"]
    portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0006"}, status=404)


def test_an_unsupported_message_type_is_rejected(mllp):
    document = msh("MDM^T02^MDM_T02", "MSG0007") + "\rPID|1||X"
    ack = mllp.send(document)
    assert (ack["type"], ack["code"], ack["control_id"]) == ("ACK^T02^ACK", "AR", "MSG0007")
    assert ack["text"] == "Unsupported message type MDM\\S\\T02"  # the ^ escaped, as HL7 requires


@pytest.mark.parametrize("version", ["2.3", "2.3.1", "2.4", "2.5", "2.5.1"])
def test_every_supported_version_is_accepted(portal, mllp, version):
    ack = mllp.send(
        adt("A04", f"V{version}", f"PID|1||V{version.replace('.', '')}^^^X^MR||Ray^Sam||19800101|M", version=version)
    )
    assert (ack["code"], ack["version"]) == ("AA", version)


@pytest.mark.parametrize("version", ["2.2", "2.6", "3.0"])
def test_an_unsupported_version_is_rejected_and_changes_nothing(portal, mllp, version):
    ack = mllp.send(adt("A04", "OLD1", f"PID|1||V-{version}^^^X^MR||Ray^Sam||19800101|M", version=version))
    assert ack["code"] == "AR" and f"Unsupported HL7 version {version}" in ack["text"]
    portal.admin("POST", "/patients/lookup", {"mrn": f"V-{version}"}, status=404)


@pytest.mark.parametrize(
    "garbage",
    ["this is not HL7 at all", "PID|1||HL7-0010^^^X^MR||Kim^Jae||19880808|M", "", "MSH"],
    ids=["text", "no-msh", "empty", "bare-msh"],
)
def test_a_message_that_cannot_be_read_is_rejected_with_a_generated_header(portal, mllp, garbage):
    ack = mllp.send(garbage)
    assert (ack["type"], ack["code"], ack["control_id"]) == ("ACK", "AR", "")
    assert ack["text"] == "Message could not be parsed as HL7 v2"
    ack = mllp.send(adt("A04", "MSG0008", "PID|1||HL7-0008^^^X^MR||Kim^Jae||19880808|M"))
    assert ack["code"] == "AA"


@pytest.mark.parametrize("ending", ["", "\r", "\r\n"], ids=["no-final-cr", "final-cr", "crlf"])
def test_segments_end_with_cr_with_or_without_a_final_one(portal, mllp, ending):
    message = adt("A04", "CR01", "PID|1||HL7-CR^^^X^MR||Cruz^Ana||19700101|F")
    if ending == "\r\n":
        message = message.replace("\r", "\r\n")
    ack = mllp.send(message + ending)
    assert ack["code"] == "AA"
    assert portal.admin("POST", "/patients/lookup", {"mrn": "HL7-CR"})["first_name"] == "Ana"


def test_many_frames_on_one_connection_and_a_silent_connection_are_fine(portal, mllp, listener):
    socket.create_connection(("127.0.0.1", listener.port), timeout=5).close()  # says nothing
    messages = [adt("A04", f"MSG1{n:03d}", f"PID|1||HL7-1{n:03d}^^^X^MR||Ray^Sam||19800101|M") for n in range(3)]
    mllp.socket.sendall(b"".join(frame(message) for message in messages))  # three frames in one write
    reply = b""
    while reply.count(END_BLOCK) < 3:
        reply += mllp.socket.recv(65536)
    acks = [parse_ack(part + END_BLOCK) for part in reply.split(END_BLOCK)[:-1]]
    assert [(ack["code"], ack["control_id"]) for ack in acks] == [
        ("AA", "MSG1000"),
        ("AA", "MSG1001"),
        ("AA", "MSG1002"),
    ]
    assert portal.admin("POST", "/patients/lookup", {"mrn": "HL7-1002"})["first_name"] == "Sam"


def test_a_frame_split_across_writes_is_put_back_together(portal, mllp):
    data = frame(adt("A04", "SPLIT1", "PID|1||HL7-SPLIT^^^X^MR||Ortiz^Eva||19750505|F"))
    for piece in (data[:5], data[5:40], data[40:-1], data[-1:]):
        mllp.socket.sendall(piece)
        time.sleep(0.02)
    assert mllp.read_ack()["code"] == "AA"


def test_a_frame_ended_without_the_final_cr_is_still_answered(portal, mllp):
    message = adt("A04", "FS1", "PID|1||HL7-FS^^^X^MR||Ito^Ken||19650101|M")
    mllp.socket.sendall(b"\x0b" + message.encode() + b"\x1c")
    assert mllp.read_ack()["code"] == "AA"
    assert mllp.send(adt("A04", "FS2", "PID|1||HL7-FS2^^^X^MR||Ito^Aki||19660101|F"))["code"] == "AA"


def test_a_latin1_message_is_read(portal, mllp):
    message = adt("A04", "LAT1", "PID|1||HL7-LAT^^^X^MR||Muñoz^José||19600101|M")
    ack = mllp.send(b"\x0b" + message.encode("latin-1") + b"\x1c\r")
    assert ack["code"] == "AA"
    assert portal.admin("POST", "/patients/lookup", {"mrn": "HL7-LAT"})["last_name"] == "Muñoz"


def test_an_empty_connection_is_ignored_and_the_listener_keeps_serving(portal, listener):
    for _ in range(3):
        socket.create_connection(("127.0.0.1", listener.port), timeout=5).close()
    sender = MllpSender(listener.port)
    try:
        assert sender.send(adt("A04", "AFTER1", "PID|1||HL7-AFTER^^^X^MR||Park^Min||19900101|F"))["code"] == "AA"
    finally:
        sender.close()
