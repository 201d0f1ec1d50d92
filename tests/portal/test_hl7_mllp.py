"""HL7 v2 over MLLP (INT-02, INT-03): registrations and updates in, an ACK out for every frame."""

from __future__ import annotations

import socket

import pytest

from reference_portal.interfaces.mllp import END_BLOCK, MllpListener, frame, portal_handler
from reference_portal.portal import EXTENSION_KEY

pytestmark = pytest.mark.portal


def adt(trigger: str, control_id: str, pid: str, pv1: str = "PV1|1|O") -> str:
    msh = f"MSH|^~\\&|EHR|RIVERBEND|PORTAL|RIVERBEND|20260301140500||ADT^{trigger}^ADT_A01|{control_id}|P|2.5.1"
    return "\r".join([msh, "EVN|" + trigger + "|20260301140500", pid, pv1])


class MllpSender:
    """One persistent MLLP connection, as an interface engine keeps it."""

    def __init__(self, port: int) -> None:
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=5)

    def send(self, message: str | bytes) -> dict[str, str]:
        self.socket.sendall(frame(message) if isinstance(message, str) else message)
        reply = b""
        while not reply.endswith(END_BLOCK):
            chunk = self.socket.recv(65536)
            assert chunk, "the listener closed the connection"
            reply += chunk
        segments = reply.strip(b"\x0b\x1c\r").decode().split("\r")
        msh, msa = (segment.split("|") for segment in segments)
        return {"type": msh[8], "code": msa[1], "control_id": msa[2], "text": msa[3] if len(msa) > 3 else ""}

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def mllp(app):
    listener = MllpListener(portal_handler(app.extensions[EXTENSION_KEY]), "127.0.0.1", 0)
    listener.start()
    sender = MllpSender(listener.port)
    yield sender
    sender.close()
    listener.stop()


def test_a_registration_is_accepted_and_creates_the_patient(portal, mllp):
    clinic = portal.admin("POST", "/clinics", {"name": "Eastside", "timezone": "America/Denver", "code": "EAST"}, 201)
    pid = (
        "PID|1||HL7-0001^^^EAST^MR||Okafor^Grace^A||19720309|F|||12 Elm St^^Springfield^IL^62704||"
        "555-0199^PRN^PH~^NET^Internet^grace@example.test"
    )
    ack = mllp.send(adt("A04", "MSG0001", pid))
    assert ack == {"type": "ACK^A04^ACK", "code": "AA", "control_id": "MSG0001", "text": "Patient HL7-0001 registered"}

    patient = portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0001"})
    assert (patient["first_name"], patient["last_name"], patient["date_of_birth"]) == ("Grace", "Okafor", "1972-03-09")
    assert patient["clinic_id"] == clinic["id"]
    assert patient["email"] == "grace@example.test" and patient["phone"] == "555-0199"
    assert patient["address"]["city"] == "Springfield"


def test_an_unknown_site_lands_in_the_default_clinic_and_is_still_accepted(portal, mllp):
    ack = mllp.send(adt("A04", "MSG0002", "PID|1||HL7-0002^^^NOWHERE^MR||Diaz^Leo||20100607|M", "PV1|1|O|NOWHERE"))
    assert ack["code"] == "AA"
    patient = portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0002"})
    assert portal.admin("GET", f"/clinics/{patient['clinic_id']}")["code"] == "RIVERBEND"


def test_an_update_changes_the_demographics(portal, mllp):
    mllp.send(adt("A04", "MSG0003", "PID|1||HL7-0003^^^X^MR||Nguyen^Lan||19900101|F"))
    ack = mllp.send(adt("A08", "MSG0004", "PID|1||HL7-0003^^^X^MR||Nguyen^Lan||19900101|F|||||555-0123"))
    assert (ack["type"], ack["code"]) == ("ACK^A08^ACK", "AA")
    assert portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0003"})["phone"] == "555-0123"


def test_an_update_for_an_unknown_patient_is_an_application_error(mllp):
    ack = mllp.send(adt("A08", "MSG0005", "PID|1||NOBODY^^^X^MR||Who^Ever||19900101|F"))
    assert (ack["code"], ack["text"]) == ("AE", "Unknown patient NOBODY")


def test_a_registration_missing_required_fields_is_an_application_error(portal, mllp):
    ack = mllp.send(adt("A04", "MSG0006", "PID|1||HL7-0006^^^X^MR||Solo"))
    assert ack["code"] == "AE" and "PID-5" in ack["text"] and "PID-7" in ack["text"]
    assert portal.admin("POST", "/patients/lookup", {"mrn": "HL7-0006"}, status=404)


def test_an_unsupported_message_is_rejected(mllp):
    oru = "MSH|^~\\&|LAB|RIVERBEND|PORTAL|RIVERBEND|20260301||ORU^R01^ORU_R01|MSG0007|P|2.5.1\rPID|1||X"
    ack = mllp.send(oru)
    assert (ack["type"], ack["code"], ack["control_id"]) == ("ACK^R01^ACK", "AR", "MSG0007")


def test_garbage_is_rejected_with_a_generated_header_and_the_listener_keeps_serving(portal, mllp):
    ack = mllp.send("this is not HL7 at all")
    assert (ack["type"], ack["code"], ack["control_id"]) == ("ACK", "AR", "")
    ack = mllp.send(adt("A04", "MSG0008", "PID|1||HL7-0008^^^X^MR||Kim^Jae||19880808|M"))
    assert ack["code"] == "AA"


def test_many_frames_on_one_connection_and_a_silent_connection_are_fine(portal, mllp, app):
    socket.create_connection(("127.0.0.1", mllp.socket.getpeername()[1]), timeout=5).close()  # says nothing
    messages = [adt("A04", f"MSG1{n:03d}", f"PID|1||HL7-1{n:03d}^^^X^MR||Ray^Sam||19800101|M") for n in range(3)]
    mllp.socket.sendall(b"".join(frame(message) for message in messages))  # three frames in one write
    reply = b""
    while reply.count(END_BLOCK) < 3:
        reply += mllp.socket.recv(65536)
    assert reply.count(b"MSA|AA|") == 3
    assert portal.admin("POST", "/patients/lookup", {"mrn": "HL7-1002"})["first_name"] == "Sam"
