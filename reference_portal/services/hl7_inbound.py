"""Inbound HL7 v2 messages: registrations and demographic updates from the EHR (for now).

One message in, one acknowledgement out: AA accepted, AE accepted but could not be applied
(a required field missing, an unknown patient), AR rejected (unsupported or unparseable).
Add a message type by adding a handler to `Hl7InboundService._handlers`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import hl7

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.services.clinics import Clinic, ClinicService
from reference_portal.services.errors import RefusedError
from reference_portal.services.patients import SEX_CODES, Address, Demographics, Patient, PatientService
from reference_portal.timestamps import to_iso

log = logging.getLogger(__name__)

SOURCE = "hl7"
HL7_NULL = '""'  # "present and blank": clear the value


class AckCode(StrEnum):
    ACCEPT = "AA"
    ERROR = "AE"
    REJECT = "AR"


@dataclass(frozen=True)
class Outcome:
    code: AckCode
    text: str


class Hl7InboundService:
    def __init__(self, database: Database, clock: Clock, clinics: ClinicService, patients: PatientService) -> None:
        self._database = database
        self._clock = clock
        self._clinics = clinics
        self._patients = patients
        self._handlers: dict[tuple[str, str], Callable[[hl7.Message], Outcome]] = {
            ("ADT", "A04"): self._register_patient,
            ("ADT", "A08"): self._update_patient,
        }

    def handle(self, raw: str) -> str:
        """Process one message (without MLLP framing); returns the ACK, segments ending in CR."""
        text = raw.replace("\r\n", "\r").replace("\n", "\r").strip("\r")
        try:
            message = hl7.parse(text)
            message.segment("MSH")
        except Exception:  # the hl7 library raises many kinds for garbage
            outcome = Outcome(AckCode.REJECT, "Message could not be parsed as HL7 v2")
            self._log(text, "?", "", outcome)
            return _ack(None, outcome, self._timestamp())
        kind = (_get(message, "MSH.F9.R1.C1"), _get(message, "MSH.F9.R1.C2"))
        handler = self._handlers.get(kind)
        if handler is None:
            outcome = Outcome(AckCode.REJECT, f"Unsupported message type {kind[0]}^{kind[1]}")
        else:
            try:
                with self._database.transaction():  # all of a message, or none of it
                    outcome = handler(message)
            except RefusedError as refused:
                outcome = Outcome(AckCode.ERROR, str(refused))
            except Exception:
                log.exception("HL7 %s^%s could not be processed", *kind)
                outcome = Outcome(AckCode.ERROR, "Internal error while processing the message")
        self._log(text, "^".join(kind), _get(message, "MSH.F10"), outcome)
        return _ack(message, outcome, self._timestamp())

    # --- handlers --------------------------------------------------------------------------
    def _register_patient(self, message: hl7.Message) -> Outcome:
        mrn, demographics = _required_pid(message)
        clinic = self._clinic_named_in(message)
        if clinic is None:
            clinic = self._clinics.default()
            log.warning("ADT^A04 for MRN %s names no known clinic; registered at %s", mrn, clinic.code)
        existing = self._patients.find_by_mrn(mrn)
        if existing is not None:  # a resent registration: apply it as an update
            self._patients.update(existing, _merged(existing, message), source=SOURCE, clinic=clinic)
            return Outcome(AckCode.ACCEPT, f"Patient {mrn} already registered; demographics updated")
        self._patients.register(clinic, mrn, demographics, source=SOURCE)
        return Outcome(AckCode.ACCEPT, f"Patient {mrn} registered")

    def _update_patient(self, message: hl7.Message) -> Outcome:
        mrn = _mrn(message)
        if not mrn:
            return Outcome(AckCode.ERROR, "PID-3 (patient identifier) is required")
        patient = self._patients.find_by_mrn(mrn)
        if patient is None:
            return Outcome(AckCode.ERROR, f"Unknown patient {mrn}")
        self._patients.update(patient, _merged(patient, message), source=SOURCE, clinic=self._clinic_named_in(message))
        return Outcome(AckCode.ACCEPT, f"Patient {mrn} updated")

    # --- helpers ---------------------------------------------------------------------------
    def _clinic_named_in(self, message: hl7.Message) -> Clinic | None:
        """PV1-3 facility, PV1-3 point of care, then PID-3 assigning authority: the first known code."""
        for key in ("PV1.F3.R1.C4", "PV1.F3.R1.C1", "PID.F3.R1.C4"):
            code = _get(message, key)
            clinic = self._clinics.find_by_code(code) if code else None
            if clinic is not None:
                return clinic
        return None

    def _timestamp(self) -> str:
        return self._clock.now().strftime("%Y%m%d%H%M%S")

    def _log(self, raw: str, kind: str, control_id: str, outcome: Outcome) -> None:
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO hl7_messages (received_at, message_type, control_id, ack_code, ack_text, raw)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (to_iso(self._clock.now()), kind, control_id, outcome.code.value, outcome.text, raw),
            )


# --- reading PID ---------------------------------------------------------------------------
def _get(message: hl7.Message, key: str) -> str:
    """A field's text, or '' when the segment or field is absent."""
    try:
        value = message[key]
    except (KeyError, IndexError):
        return ""
    return str(message.unescape(str(value))).strip() if value else ""


def _count(message: hl7.Message, segment_field: str) -> int:
    count = 0
    while count < 20:
        try:
            message[f"{segment_field}.R{count + 1}"]
        except (KeyError, IndexError):
            break
        count += 1
    return count


def _mrn(message: hl7.Message) -> str:
    """PID-3: the repetition typed MR, else the first."""
    for repetition in range(1, _count(message, "PID.F3") + 1):
        if _get(message, f"PID.F3.R{repetition}.C5").upper() == "MR":
            return _get(message, f"PID.F3.R{repetition}.C1")
    return _get(message, "PID.F3.R1.C1")


def _required_pid(message: hl7.Message) -> tuple[str, Demographics]:
    mrn = _mrn(message)
    family, given = _get(message, "PID.F5.R1.C1"), _get(message, "PID.F5.R1.C2")
    birth = _hl7_date(_get(message, "PID.F7.R1.C1"))
    missing = [
        name
        for name, present in (
            ("PID-3 (patient identifier)", mrn),
            ("PID-5 (patient name)", family and given),
            ("PID-7 (date of birth)", birth),
        )
        if not present
    ]
    if missing or birth is None:
        raise RefusedError.because("Required field missing or invalid: " + ", ".join(missing))
    sex = SEX_CODES.get(_get(message, "PID.F8").upper(), "U")
    email, phone = _contacts(message)
    contact = {"email": _blank_to_none(email), "phone": _blank_to_none(phone)}
    return mrn, Demographics(given, family, birth, sex, address=_address(message), **contact)


def _merged(patient: Patient, message: hl7.Message) -> Demographics:
    """Fields present in the message replace the record; absent ones stay; HL7 null clears."""
    current = patient.demographics
    email, phone = _contacts(message)
    birth = _hl7_date(_get(message, "PID.F7.R1.C1"))
    sex = SEX_CODES.get(_get(message, "PID.F8").upper())
    address = _address(message)
    return replace(
        current,
        first_name=_get(message, "PID.F5.R1.C2") or current.first_name,
        last_name=_get(message, "PID.F5.R1.C1") or current.last_name,
        date_of_birth=birth or current.date_of_birth,
        sex=sex or current.sex,
        email=_blank_to_none(email) if email else current.email,
        phone=_blank_to_none(phone) if phone else current.phone,
        address=address if address != Address() else current.address,
    )


def _contacts(message: hl7.Message) -> tuple[str, str]:
    """PID-13: an Internet/NET repetition carries the email (component 4); the first other is the phone."""
    email = phone = ""
    for repetition in range(1, _count(message, "PID.F13") + 1):
        prefix = f"PID.F13.R{repetition}"
        if _get(message, f"{prefix}.C2").upper() == "NET" or _get(message, f"{prefix}.C3").upper() == "INTERNET":
            email = email or _get(message, f"{prefix}.C4")
        else:
            phone = phone or _get(message, f"{prefix}.C1")
    return email, phone


def _address(message: hl7.Message) -> Address:
    parts = [_blank_to_none(_get(message, f"PID.F11.R1.C{component}")) for component in range(1, 6)]
    return Address(*parts)


def _hl7_date(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) >= 8 else None
    except ValueError:
        return None


def _blank_to_none(text: str) -> str | None:
    return None if not text or text == HL7_NULL else text


# --- acknowledgements ----------------------------------------------------------------------
def _ack(message: hl7.Message | None, outcome: Outcome, timestamp: str) -> str:
    """An original-mode ACK; for an unparseable message, one with a generated header."""
    control_id = f"ACK{secrets.token_hex(8).upper()}"
    if message is None:
        receiver = ("", "")
        trigger, original_id, version = "", "", "2.5.1"
    else:
        receiver = (_get(message, "MSH.F3"), _get(message, "MSH.F4"))
        trigger = _get(message, "MSH.F9.R1.C2")
        original_id = _get(message, "MSH.F10")
        version = _get(message, "MSH.F12") or "2.5.1"
    message_type = f"ACK^{trigger}^ACK" if trigger else "ACK"
    msh = [
        "MSH",
        "^~\\&",
        "RIVERBEND",
        "PORTAL",
        *map(_escape, receiver),
        timestamp,
        "",
        message_type,
        control_id,
        "P",
        _escape(version),
    ]
    msa = ["MSA", outcome.code.value, _escape(original_id), _escape(outcome.text)]
    return "|".join(msh) + "\r" + "|".join(msa) + "\r"


def _escape(text: str) -> str:
    """HL7 escape sequences for the delimiters (the escape character first)."""
    for char, sequence in (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("&", "\\T\\"), ("~", "\\R\\")):
        text = text.replace(char, sequence)
    return text
