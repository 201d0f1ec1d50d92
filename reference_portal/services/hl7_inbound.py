"""Inbound HL7 v2 messages from the EHR, the lab and the scheduling system.

Handled: ADT^A04 (register a patient), ADT^A08 (update demographics), ORU^R01 (lab results,
filed under the release rules), SIU^S12 (book an appointment). Versions 2.3 to 2.5.1
(`Settings.hl7_supported_versions`) from any sending application or facility, to any receiver.

One message in, one original-mode acknowledgement out:
- AR (rejected): no MSH, a message that cannot be parsed (the ACK then carries a generated MSH),
  an unsupported message type or version;
- AE (error): a required field is missing, or an A08, ORU or SIU names an unknown patient;
- AA (accepted) otherwise. A missing performing lab or ordering provider is still AA; a location
  or assigning authority that names no known clinic files at the default clinic (logged).
After AR or AE nothing has changed: a message is applied whole or not at all. Notifications are
sent after the message is stored, and one that cannot be sent never changes the ACK.

Scenario clock: a message may carry a `ZCK|<scope>` segment (a local Z-segment); the message is
then processed on that clock scope, exactly like an HTTP request with the `X-Portal-Clock`
header, so release timing of a delivered result follows the scenario's time. Without it the
message sees real time.

Add a message type by adding a handler to `Hl7InboundService._handlers`.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import hl7

from reference_portal.clock import MAX_SCOPE_LENGTH, Clock
from reference_portal.database import Database
from reference_portal.services.appointments import AppointmentService
from reference_portal.services.clinics import Clinic, ClinicService
from reference_portal.services.errors import RefusedError
from reference_portal.services.patients import SEX_CODES, Address, Demographics, Patient, PatientService
from reference_portal.services.results import NewResult, Result, ResultService, ResultStatus
from reference_portal.settings import Settings
from reference_portal.timestamps import to_iso

log = logging.getLogger(__name__)

SOURCE = "hl7"
HL7_NULL = '""'  # "present and blank": clear the value
CLOCK_SEGMENT = "ZCK"
DEFAULT_VERSION = "2.5.1"

# OBX-11 / OBR-25 result status (HL7 table 0085) -> how the portal files it.
RESULT_STATUSES = {
    "F": ResultStatus.FINAL,
    "C": ResultStatus.CORRECTED,
    "P": ResultStatus.PRELIMINARY,
    "R": ResultStatus.PRELIMINARY,  # entered, not verified
    "S": ResultStatus.PRELIMINARY,  # partial
    "I": ResultStatus.PRELIMINARY,  # specimen in lab
    "A": ResultStatus.PRELIMINARY,  # OBR-25: some, not all, results available
}
CODED_VALUE_TYPES = frozenset({"CE", "CWE", "CNE", "CF"})
_HL7_TIME = re.compile(r"(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?")


class AckCode(StrEnum):
    ACCEPT = "AA"
    ERROR = "AE"
    REJECT = "AR"


@dataclass(frozen=True)
class Outcome:
    code: AckCode
    text: str
    # Work to do once the message is stored (notices): its failure never changes the ACK.
    after: tuple[Callable[[], None], ...] = ()
    # False: the interface log keeps the message's header and outcome, not its content (PHI of
    # someone who is not a patient here is stored nowhere).
    keep_content: bool = True


class Hl7InboundService:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        clinics: ClinicService,
        patients: PatientService,
        *,
        settings: Settings,
        results: ResultService,
        appointments: AppointmentService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._clinics = clinics
        self._patients = patients
        self._settings = settings
        self._results = results
        self._appointments = appointments
        self._handlers: dict[tuple[str, str], Callable[[hl7.Message], Outcome]] = {
            ("ADT", "A04"): self._register_patient,
            ("ADT", "A08"): self._update_patient,
            ("ORU", "R01"): self._file_results,
            ("SIU", "S12"): self._book_appointment,
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
        self._clock.enter_scope(_clock_scope(message))
        try:
            kind = (_get(message, "MSH.F9.R1.C1").upper(), _get(message, "MSH.F9.R1.C2").upper())
            outcome = self._process(message, kind)
            for follow_up in outcome.after:
                try:
                    follow_up()
                except Exception:
                    log.exception("Follow-up of HL7 %s^%s failed; the acknowledgement stands", *kind)
            self._log(text, "^".join(kind), _get(message, "MSH.F10"), outcome)
            return _ack(message, outcome, self._timestamp())
        finally:
            self._clock.enter_scope(None)

    def _process(self, message: hl7.Message, kind: tuple[str, str]) -> Outcome:
        version = _get(message, "MSH.F12.R1.C1")
        if version and version not in self._settings.hl7_supported_versions:
            supported = ", ".join(self._settings.hl7_supported_versions)
            return Outcome(AckCode.REJECT, f"Unsupported HL7 version {version}: this interface accepts {supported}")
        handler = self._handlers.get(kind)
        if handler is None:
            return Outcome(AckCode.REJECT, f"Unsupported message type {kind[0]}^{kind[1]}")
        try:
            with self._database.transaction():  # all of a message, or none of it
                outcome = handler(message)
                if outcome.code is not AckCode.ACCEPT:
                    raise _MessageNotAppliedError(outcome)
            return outcome
        except _MessageNotAppliedError as undo:
            return undo.outcome
        except RefusedError as refused:
            return Outcome(AckCode.ERROR, str(refused))
        except Exception:
            log.exception("HL7 %s^%s could not be processed", *kind)
            return Outcome(AckCode.ERROR, "Internal error while processing the message")

    def rejection(self, text: str) -> str:
        """An AR acknowledgement with a generated header, for a message nobody could read."""
        return _ack(None, Outcome(AckCode.REJECT, text), self._timestamp())

    def unknown_patient(self, kind: tuple[str, str], mrn: str) -> Outcome:
        """An A08, ORU or SIU for a patient the portal does not know: nothing is stored (INT-01)."""
        return Outcome(AckCode.ERROR, f"Unknown patient {mrn}", keep_content=False)

    # --- ADT ---------------------------------------------------------------------------------
    def _register_patient(self, message: hl7.Message) -> Outcome:
        mrn, demographics = _required_pid(message)
        clinic = self._clinic_named_in(message, ("PV1.F3.R1.C4", "PV1.F3.R1.C1", "PID.F3.R1.C4"))
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
            return Outcome(AckCode.ERROR, "Required field missing: PID-3 (patient identifier)")
        patient = self._patients.find_by_mrn(mrn)
        if patient is None:
            return self.unknown_patient(("ADT", "A08"), mrn)
        clinic = self._clinic_named_in(message, ("PV1.F3.R1.C4", "PV1.F3.R1.C1", "PID.F3.R1.C4"))
        if clinic is None and (_get(message, "PV1.F3.R1.C4") or _get(message, "PV1.F3.R1.C1")):
            log.warning("ADT^A08 for MRN %s names no known clinic; the patient stays at their clinic", mrn)
        self._patients.update(patient, _merged(patient, message), source=SOURCE, clinic=clinic)
        return Outcome(AckCode.ACCEPT, f"Patient {mrn} updated")

    # --- ORU: lab results --------------------------------------------------------------------
    def _file_results(self, message: hl7.Message) -> Outcome:
        mrn = _mrn(message)
        if not mrn:
            return Outcome(AckCode.ERROR, "Required field missing: PID-3 (patient identifier)")
        patient = self._patients.find_by_mrn(mrn)
        if patient is None:
            return self.unknown_patient(("ORU", "R01"), mrn)
        zone = self._clinics.by_id(patient.clinic_id).zone
        observations = _observations(message, zone)
        filed: list[Result] = [self._results.file(patient, item, source=SOURCE) for item in observations]
        count = len(filed)
        text = f"{count} result{'s' if count != 1 else ''} filed for patient {mrn}"
        return Outcome(AckCode.ACCEPT, text, after=(lambda: self._results.announce(filed),))

    # --- SIU: appointments -------------------------------------------------------------------
    def _book_appointment(self, message: hl7.Message) -> Outcome:
        mrn = _mrn(message)
        if not mrn:
            return Outcome(AckCode.ERROR, "Required field missing: PID-3 (patient identifier)")
        patient = self._patients.find_by_mrn(mrn)
        if patient is None:
            return self.unknown_patient(("SIU", "S12"), mrn)
        clinic = self._clinic_named_in(
            message, ("AIL.F3.R1.C4", "AIL.F3.R1.C1", "PV1.F3.R1.C4", "PV1.F3.R1.C1")
        ) or self._clinics.by_id(patient.clinic_id)
        start_text = _first(message, "SCH.F11.R1.C4", "TQ1.F7.R1.C1", "AIS.F4.R1.C1", "AIL.F6.R1.C1", "AIP.F6.R1.C1")
        starts_at = _hl7_instant(start_text, clinic.zone)
        if starts_at is None:
            raise RefusedError.because(
                "Required field missing or invalid: appointment start (SCH-11.4, TQ1-7 or AIS-4)"
            )
        external = _first(message, "SCH.F2.R1.C1", "SCH.F1.R1.C1")
        appointment = self._appointments.book(
            patient,
            clinic,
            starts_at,
            minutes=_minutes(_first(message, "SCH.F9", "AIS.F7.R1.C1")),
            provider=_person(message, "AIP.F3") or _person(message, "PV1.F7") or None,
            external_id=external or None,
            source=SOURCE,
        )
        return Outcome(AckCode.ACCEPT, f"Appointment {appointment.public_id} booked for patient {mrn}")

    # --- helpers ---------------------------------------------------------------------------
    def _clinic_named_in(self, message: hl7.Message, keys: tuple[str, ...]) -> Clinic | None:
        """The first of these fields (facility, point of care, assigning authority) naming a known clinic."""
        for key in keys:
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
                (
                    to_iso(self._clock.now()),
                    kind,
                    control_id,
                    outcome.code.value,
                    outcome.text,
                    raw if outcome.keep_content else "",
                ),
            )


class _MessageNotAppliedError(Exception):
    """Roll the message's transaction back: it is answered AE/AR and must change nothing."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.text)
        self.outcome = outcome


# --- reading fields ------------------------------------------------------------------------
def _get(message: hl7.Message, key: str) -> str:
    """A field's text, or '' when the segment or field is absent."""
    try:
        value = message[key]
    except (KeyError, IndexError):
        return ""
    return str(message.unescape(str(value))).strip() if value else ""


def _first(message: hl7.Message, *keys: str) -> str:
    for key in keys:
        if value := _get(message, key):
            return value
    return ""


def _count(message: hl7.Message, segment_field: str) -> int:
    count = 0
    while count < 20:
        try:
            message[f"{segment_field}.R{count + 1}"]
        except (KeyError, IndexError):
            break
        count += 1
    return count


def _clock_scope(message: hl7.Message) -> str | None:
    scope = _get(message, f"{CLOCK_SEGMENT}.F1")
    return scope[:MAX_SCOPE_LENGTH] if scope else None


def _person(message: hl7.Message, key: str) -> str:
    """An XCN as a name: prefix, given, family (or the id when there is no name)."""
    parts = [_get(message, f"{key}.R1.C{component}") for component in (6, 3, 2)]
    name = " ".join(part for part in parts if part)
    return name or _get(message, f"{key}.R1.C1")


def _minutes(text: str) -> int | None:
    try:
        minutes = int(float(text))
    except ValueError:
        return None
    return minutes if 0 < minutes <= 24 * 60 else None


# --- reading PID ---------------------------------------------------------------------------
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


def _hl7_instant(text: str, zone: ZoneInfo) -> datetime | None:
    """An HL7 TS/DTM; without an offset it is the sender's local time, taken as the clinic's zone."""
    match = _HL7_TIME.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        local = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if offset:
        sign = 1 if offset[0] == "+" else -1
        minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
        return local.replace(tzinfo=UTC) - timedelta(minutes=minutes)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _blank_to_none(text: str) -> str | None:
    return None if not text or text == HL7_NULL else text


# --- reading OBR/OBX -----------------------------------------------------------------------
def _observations(message: hl7.Message, zone: ZoneInfo) -> list[NewResult]:
    """Every OBX with the OBR it belongs to; every required field is checked before anything is filed."""
    observations: list[NewResult] = []
    missing: list[str] = []
    obr = obx = 0
    current_obr = 0
    for segment in message:
        name = str(segment[0]).strip().upper()
        if name == "OBR":
            obr += 1
            current_obr = obr
            if not (_get(message, f"OBR{obr}.F4.R1.C1") or _get(message, f"OBR{obr}.F4.R1.C2")):
                missing.append(f"OBR-4 (universal service identifier) in OBR {obr}")
        elif name == "OBX":
            obx += 1
            if not current_obr:
                missing.append(f"OBR before OBX {obx}")
                continue
            item, problems = _observation(message, current_obr, obx, zone)
            missing += problems
            if item is not None:
                observations.append(item)
    if not obr:
        missing.append("OBR-4 (universal service identifier)")
    elif not obx:
        missing.append("OBX-3 (observation identifier) and OBX-5 (observation value)")
    if missing:
        raise RefusedError.because("Required field missing or invalid: " + ", ".join(missing))
    return observations


def _observation(message: hl7.Message, obr: int, obx: int, zone: ZoneInfo) -> tuple[NewResult | None, list[str]]:
    request, observation = f"OBR{obr}", f"OBX{obx}"
    code = _get(message, f"{observation}.F3.R1.C1")
    text = _get(message, f"{observation}.F3.R1.C2")
    value = _value(message, observation)
    problems = []
    if not (code or text):
        problems.append(f"OBX-3 (observation identifier) in OBX {obx}")
    if not value:
        problems.append(f"OBX-5 (observation value) in OBX {obx}")
    status_code = _first(message, f"{observation}.F11", f"{request}.F25") or "F"
    status = RESULT_STATUSES.get(status_code.upper())
    if status is None:
        problems.append(f"OBX-11 result status {status_code!r} in OBX {obx} (F, C or P expected)")
    if problems or status is None:
        return None, problems
    order_code = _get(message, f"{request}.F4.R1.C1")
    order_name = _get(message, f"{request}.F4.R1.C2")
    filler, placer = _get(message, f"{request}.F3.R1.C1"), _get(message, f"{request}.F2.R1.C1")
    reported = _hl7_instant(_get(message, f"{request}.F22.R1.C1"), zone)
    collected = _hl7_instant(_first(message, f"{request}.F7.R1.C1", f"{observation}.F14.R1.C1"), zone)
    return (
        NewResult(
            test_name=text or _get(message, f"{observation}.F3.R1.C5") or order_name or code,
            code=code or text,
            value=value,
            loinc_code=_loinc(message, observation),
            units=_get(message, f"{observation}.F6.R1.C1") or _get(message, f"{observation}.F6.R1.C2") or None,
            reference_range=_get(message, f"{observation}.F7") or None,
            abnormal_flag=_get(message, f"{observation}.F8.R1.C1") or None,
            performing_lab=_first(
                message, f"{observation}.F23.R1.C1", f"{observation}.F15.R1.C2", f"{observation}.F15.R1.C1"
            )
            or None,
            ordering_provider=_person(message, f"{request}.F16") or None,
            status=status,
            collected_at=collected,
            reported_at=reported,
            order_key=f"filler:{filler}" if filler else (f"placer:{placer}" if placer else None),
            order_code=order_code or None,
            order_name=order_name or None,
        ),
        [],
    )


def _loinc(message: hl7.Message, observation: str) -> str | None:
    """OBX-3's identifier when its coding system is LOINC (LN), or its alternate identifier when that is."""
    if _get(message, f"{observation}.F3.R1.C3").upper() == "LN":
        return _get(message, f"{observation}.F3.R1.C1") or None
    if _get(message, f"{observation}.F3.R1.C6").upper() == "LN":
        return _get(message, f"{observation}.F3.R1.C4") or None
    return None


def _value(message: hl7.Message, observation: str) -> str:
    """OBX-5 as a person reads it: a coded value's text, a structured numeric joined up, text lines kept."""
    value_type = _get(message, f"{observation}.F2").upper()
    lines = []
    for repetition in range(1, _count(message, f"{observation}.F5") + 1):
        key = f"{observation}.F5.R{repetition}"
        if value_type in CODED_VALUE_TYPES:
            lines.append(_get(message, f"{key}.C2") or _get(message, f"{key}.C1"))
        elif value_type == "SN":
            lines.append("".join(_get(message, f"{key}.C{component}") for component in range(1, 5)))
        else:
            lines.append(" ".join(part for part in _components(message, key) if part))
    return "\n".join(line for line in lines if line).strip()


def _components(message: hl7.Message, key: str) -> list[str]:
    parts = []
    for component in range(1, 11):
        try:
            message[f"{key}.C{component}"]
        except (KeyError, IndexError):
            break
        parts.append(_get(message, f"{key}.C{component}"))
    return parts or [_get(message, key)]


# --- acknowledgements ----------------------------------------------------------------------
def _ack(message: hl7.Message | None, outcome: Outcome, timestamp: str) -> str:
    """An original-mode ACK; for an unparseable message, one with a generated header."""
    control_id = f"ACK{secrets.token_hex(8).upper()}"
    if message is None:
        receiver = ("", "")
        trigger, original_id, version = "", "", DEFAULT_VERSION
    else:
        receiver = (_get(message, "MSH.F3"), _get(message, "MSH.F4"))
        trigger = _get(message, "MSH.F9.R1.C2")
        original_id = _get(message, "MSH.F10")
        version = _get(message, "MSH.F12.R1.C1") or DEFAULT_VERSION
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
