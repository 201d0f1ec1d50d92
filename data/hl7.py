"""HL7 v2 messages as the lab and the EHR send them: MSH, PID, OBR and OBX builders.

The transport (MLLP, with the scenario's clock segment) is `portal_harness.mllp`; this module
builds the messages a lab or an EHR would send, from the suite's synthetic data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from data.providers import LabResult


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
    lab: str = "Riverbend Reference Lab",
) -> str:
    """An ORU^R01 with one order and one OBX per result (status F final, C corrected, P preliminary)."""
    order = order_id or f"FL-{control_id}"
    obr = f"OBR|1|PL-{control_id}|{order}|PANEL^Laboratory panel^L|||{hl7_time(observed_at)}"
    obr += f"|||||||||1234^Reyes^Ana^^^Dr||||||{hl7_time(observed_at)}|||{status}"
    segments = [msh("ORU^R01^ORU_R01", control_id, observed_at), patient_segment, obr]
    segments += [obx(n, result, observed_at, status=status, lab=lab) for n, result in enumerate(results, start=1)]
    return "\r".join(segments)
