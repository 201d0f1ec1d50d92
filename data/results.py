"""Lab results as a lab files them (HL7 ORU over MLLP) and what clinicians do with them (admin API).

Given steps call these functions: results arrive the way a lab sends them, holds, releases,
notes and proxy grants are made the way the EHR and staff make them, never by clicking.
The `LabFeed` remembers what the lab sent in the scenario, so Then steps compare what a person
sees with what was delivered, never with what the portal says it stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from data import hl7
from data.people import People, Person
from data.personas import persona
from data.providers import IDENTIFIER_DIGITS, LabResult
from portal_harness.mailboxes import Mailbox
from portal_harness.mllp import Ack
from portal_harness.portal_api import PortalApi

SENSITIVE_CATEGORIES = ("hiv", "sti", "pregnancy")
NEW_RESULTS_SUBJECT = "You have new test results"


def file_result(api: PortalApi, person: Person, result: LabResult, *, reported_at: datetime | None = None) -> str:
    """A final result filed the way the EHR's result feed does, through the admin API; its id.

    For results that are context, not the subject (HL7 is the lab's way: `LabFeed`).
    """
    if person.patient_id is None:
        raise ValueError(f"{person.name} is not a registered patient yet: register them in a Given first.")
    test = result.test
    body = {
        "test_name": test.name,
        "loinc_code": test.loinc,
        "value": result.value,
        "units": test.units,
        "reference_range": test.reference_range,
        "flag": result.flag,
        "performing_lab": hl7.DEFAULT_LAB,
    }
    if reported_at is not None:
        body["reported_at"] = reported_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(api.request("POST", f"/api/admin/patients/{person.patient_id}/results", body)["id"])


def advance_clock_days(api: PortalApi, days: float) -> None:
    api.move_clock(advance_seconds=round(days * 86400))


@dataclass
class Delivery:
    """One ORU^R01 the lab sent, and the interface's acknowledgement."""

    control_id: str
    mrn: str
    results: list[LabResult]
    status: str
    ack: Ack


@dataclass
class LabFeed:
    """The scenario's lab: sends results over HL7 and remembers every delivery."""

    people: People
    deliveries: list[Delivery] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"LabFeed({len(self.deliveries)} deliveries)"

    def next_control_id(self) -> str:
        return f"LAB{self.people.fake.numerify('#' * IDENTIFIER_DIGITS)}{self.people.scenario.run_tag.upper()}"

    def result(self, category: str = "routine", abnormal: bool = False) -> LabResult:
        return self.people.fake.lab_result(category, abnormal)  # type: ignore[no-any-return]

    def oru_for(self, person: Person, results: list[LabResult], *, status: str = "F", mrn: str | None = None) -> str:
        """The ORU^R01 the lab would send for the person (under their MRN unless another is given)."""
        who = persona(person.name)
        patient = hl7.pid(mrn or person.mrn, person.last_name, person.first_name, person.date_of_birth, who.sex)
        return hl7.oru(self.next_control_id(), patient, results, self.people.scenario.api.clock_now(), status=status)

    def send(self, person: Person, results: list[LabResult], *, status: str = "F", mrn: str | None = None) -> Delivery:
        message = self.oru_for(person, results, status=status, mrn=mrn)
        return self.send_message(message, mrn or person.mrn, results, status)

    def send_message(self, message: str, mrn: str, results: list[LabResult], status: str = "F") -> Delivery:
        header = message.split("\r", 1)[0].split("|")
        control_id = header[9] if header[0] == "MSH" and len(header) > 9 else ""
        ack = self.people.scenario.hl7.send(message)
        delivery = Delivery(control_id, mrn, results, status, ack)
        self.deliveries.append(delivery)
        return delivery

    def delivered_to(self, person: Person) -> list[Delivery]:
        """Deliveries the interface accepted for the person."""
        return [d for d in self.deliveries if d.mrn == person.mrn and d.ack.code == "AA"]

    def results_for(self, person: Person) -> list[LabResult]:
        return [result for delivery in self.delivered_to(person) for result in delivery.results]

    @property
    def last(self) -> Delivery:
        if not self.deliveries:
            raise LookupError("The lab has sent nothing yet in this scenario: a step sending results must come first.")
        return self.deliveries[-1]


# --- what clinicians do with a result (the admin API) -----------------------------------------
def results_of(api: PortalApi, person: Person) -> list[dict[str, Any]]:
    """Every result the portal filed for the person, as staff see them (for finding ids only)."""
    return list(api.request("GET", f"/api/admin/patients/{patient_id(person)}/results")["results"])


def result_id_of(api: PortalApi, person: Person, test_name: str) -> str:
    for result in results_of(api, person):
        if result["test_name"] == test_name:
            return str(result["id"])
    raise LookupError(f"No {test_name} result was filed for {person.name}: the lab's message did not arrive.")


def hold_result(api: PortalApi, result_id: str, reason: str, reviewer: str) -> None:
    api.request("POST", f"/api/admin/results/{result_id}/hold", {"reason": reason, "reviewer": reviewer})


def lift_hold(api: PortalApi, result_id: str, staff_name: str) -> None:
    api.request("POST", f"/api/admin/results/{result_id}/lift-hold", {"staff_name": staff_name})


def release_result(api: PortalApi, result_id: str, staff_name: str) -> None:
    api.request("POST", f"/api/admin/results/{result_id}/release", {"staff_name": staff_name})


def run_release_job(api: PortalApi, person: Person) -> None:
    """What the portal's scheduler runs (waits that ended are recorded, notices sent), for this patient only.

    On a shared portal the scenario's moved clock must not release other people's results.
    """
    api.request("POST", "/api/admin/results/release-due", {"patient_id": patient_id(person)})


def choose_to_wait_for_clinician(api: PortalApi, person: Person, wait: bool = True) -> None:
    api.request("PUT", f"/api/admin/patients/{patient_id(person)}/results-preference", {"wait_for_clinician": wait})


@dataclass(frozen=True)
class ClinicalNote:
    note_type: str  # progress | substance-use | psychotherapy
    title: str
    text: str
    author: str


def write_note(api: PortalApi, person: Person, note: ClinicalNote) -> None:
    body = {"type": note.note_type, "title": note.title, "text": note.text, "author": note.author}
    api.request("POST", f"/api/admin/patients/{patient_id(person)}/notes", body)


# --- clinics and patients the EHR registered ------------------------------------------------
def clinic_code(api: PortalApi, clinic_id: str) -> str:
    return str(api.request("GET", f"/api/admin/clinics/{clinic_id}")["code"])


def patient_id(person: Person) -> str:
    if person.patient_id is None:
        raise LookupError(f"{person.name} is not a registered patient yet: register them first.")
    return person.patient_id


def find_patient_id(api: PortalApi, mrn: str) -> str:
    """The opaque id of the patient with that MRN (an MRN goes in a body, never a URL)."""
    return str(api.request("POST", "/api/admin/patients/lookup", {"mrn": mrn})["id"])


def new_result_emails(mailbox: Mailbox, person: Person) -> list[dict[str, Any]]:
    """The notices about results in the person's mailbox (whatever their wording), oldest first."""
    return [mail for mail in mailbox.messages_to(person.email) if _speaks_of_results(mail)]


def _speaks_of_results(mail: dict[str, Any]) -> bool:
    return "result" in f"{mail.get('subject', '')} {mail.get('body', '')}".lower()
