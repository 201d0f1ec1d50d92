"""HL7 v2 messages as the lab and the EHR send them: MSH, PID, OBR and OBX builders.

The transport (MLLP, with the scenario's clock segment) is `portal_harness.mllp`; this module
builds the messages a lab or an EHR would send, from the suite's synthetic data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from data.providers import LabResult

DEFAULT_LAB = "Riverbend Reference Lab"


def hl7_time(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S+0000")
    return moment.strftime("%Y%m%d")


def msh(kind: str, control_id: str, sent_at: datetime, sender: str = "LAB|NORTHLAB") -> str:
    return f"MSH|^~\\&|{sender}|PORTAL|RIVERBEND|{hl7_time(sent_at)}||{kind}|{control_id}|P|2.5.1"


def pid(mrn: str, last_name: str, first_name: str, date_of_birth: date, sex: str) -> str:
    return f"PID|1||{mrn}^^^RIVERBEND^MR||{last_name}^{first_name}||{hl7_time(date_of_birth)}|{sex}"


def obx(number: int, result: LabResult, observed_at: datetime, *, status: str = "F", lab: str = "") -> str:
    test = result.test
    value_type = "ST" if test.qualitative else "NM"
    fields = ["OBX", str(number), value_type, f"{test.loinc}^{test.name}^LN", "", result.value, test.units]
    fields += [test.reference_range, result.flag, "", "", status, "", "", hl7_time(observed_at)]
    fields += [""] * 8 + [lab]
    return "|".join(fields)


def oru(
    control_id: str,
    patient_segment: str,
    results: list[LabResult],
    observed_at: datetime,
    *,
    status: str = "F",
    order_id: str | None = None,
    lab: str = DEFAULT_LAB,
) -> str:
    """An ORU^R01 with one order and one OBX per result (status F final, C corrected, P preliminary)."""
    order = order_id or f"FL-{control_id}"
    obr = f"OBR|1|PL-{control_id}|{order}|PANEL^Laboratory panel^L|||{hl7_time(observed_at)}"
    obr += f"|||||||||1234^Reyes^Ana^^^Dr||||||{hl7_time(observed_at)}|||{status}"
    segments = [msh("ORU^R01^ORU_R01", control_id, observed_at), patient_segment, obr]
    segments += [obx(n, result, observed_at, status=status, lab=lab) for n, result in enumerate(results, start=1)]
    return "\r".join(segments)


# --- ADT: registrations and demographics updates from the EHR --------------------------------
EHR_SENDER = "EHR|RIVERBEND"


def pid_with_contacts(
    mrn: str,
    last_name: str,
    first_name: str,
    date_of_birth: date | None,
    sex: str,
    *,
    address: tuple[str, str, str, str] | None = None,
    phone: str = "",
    email: str = "",
) -> str:
    """PID with PID-11 address (street, city, state, ZIP) and PID-13 phone and email; empty parts are absent."""
    street_address = "^".join((address[0], "", address[1], address[2], address[3])) if address else ""
    contacts = [phone] if phone else []
    if email:
        contacts.append(f"^NET^Internet^{email}")
    birth = hl7_time(date_of_birth) if date_of_birth else ""
    name = f"{last_name}^{first_name}" if last_name or first_name else ""
    fields = ["PID", "1", "", f"{mrn}^^^RIVERBEND^MR", "", name, "", birth, sex, "", "", street_address]
    fields += ["", "~".join(contacts)]
    return "|".join(fields)


def pv1(clinic_code: str) -> str:
    """PV1 with PV1-3 naming the clinic as the point of care (and facility)."""
    return f"PV1|1|O|{clinic_code}^^^{clinic_code}"


def adt(trigger: str, control_id: str, patient_segment: str, sent_at: datetime, clinic_code: str = "") -> str:
    """ADT^A04 (register a patient) or ADT^A08 (update their demographics) from the EHR."""
    segments = [msh(f"ADT^{trigger}^ADT_A01", control_id, sent_at, sender=EHR_SENDER), "EVN|" + trigger]
    segments.append(patient_segment)
    if clinic_code:
        segments.append(pv1(clinic_code))
    return "\r".join(segments)


# --- malformed messages, as a broken interface engine sends them ------------------------------
def not_hl7(text: str) -> str:
    """Text that is no HL7 v2 message at all (no MSH segment)."""
    return text


def in_version(message: str, version: str) -> str:
    """The message with another HL7 version in MSH-12."""
    header, _, rest = message.partition("\r")
    return "|".join([*header.split("|")[:11], version]) + "\r" + rest


def without_value_in_last_observation(message: str) -> str:
    """The message with OBX-5 (the observation value) emptied in its last OBX."""
    segments = message.split("\r")
    last = max(n for n, segment in enumerate(segments) if segment.startswith("OBX|"))
    fields = segments[last].split("|")
    fields[5] = ""
    segments[last] = "|".join(fields)
    return "\r".join(segments)
