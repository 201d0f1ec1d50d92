"""Interface faults (INT): the HL7 v2 inbound interface."""

from __future__ import annotations

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.hl7_inbound import AckCode, Outcome


def _oru_unknown_patient_accepted(portal: Portal) -> None:
    """The upgraded interface acknowledges every lab result AA and drops those it cannot file."""
    original = portal.hl7_inbound.unknown_patient

    def accept_and_drop(kind: tuple[str, str], mrn: str) -> Outcome:
        if kind[0] == "ORU":
            return Outcome(AckCode.ACCEPT, "Results accepted")
        return original(kind, mrn)

    replace_method(portal.hl7_inbound, "unknown_patient", accept_and_drop)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="oru-unknown-patient-accepted",
        area="INT",
        description="An ORU result for an unknown patient is acknowledged AA (and silently dropped).",
        caught_by=("INT-01",),
        apply=_oru_unknown_patient_accepted,
    ),
)
