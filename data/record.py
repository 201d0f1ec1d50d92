"""A patient's health record as the EHR and the lab file it (admin API, HL7), for the VDT scenarios.

Given steps call these to build the record a scenario checks; each function returns what it
filed, so Then steps compare the portal with what the scenario itself put in, never with what
the portal says about itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from data.ccd import Ccd
from data.hl7 import DEFAULT_LAB, oru, pid
from data.lab_catalogue import ROUTINE
from data.people import Clinic, People, Person
from data.personas import persona
from data.providers import LabResult
from data.results import file_result
from portal_harness.mailboxes import Mailbox
from portal_harness.portal_api import PortalApi

PROBLEMS = (
    "Essential hypertension", "Asthma", "Migraine without aura", "Seasonal allergic rhinitis",
    "Hypothyroidism", "Gastroesophageal reflux disease", "Iron deficiency anemia", "Low back pain",
)  # fmt: skip
MEDICATIONS = (
    ("Lisinopril 10 mg tablet", "1 tablet by mouth once daily"),
    ("Albuterol inhaler", "2 puffs every 4 hours as needed"),
    ("Levothyroxine 50 mcg tablet", "1 tablet by mouth every morning"),
    ("Omeprazole 20 mg capsule", "1 capsule by mouth before breakfast"),
)
ALLERGIES = (("Penicillin", "Hives"), ("Sulfa drugs", "Rash"), ("Peanuts", "Swelling"), ("Latex", "Itching"))
VACCINES = ("Tdap", "Influenza, seasonal", "Hepatitis B", "Pneumococcal conjugate", "Zoster recombinant")
CARE_ROLES = ("Primary care provider", "Nurse care manager", "Cardiologist", "Clinical pharmacist")
RESULTS_LAB = DEFAULT_LAB


@dataclass(frozen=True)
class HealthRecord:
    """What the care team filed, by section: the words each entry is known by on the summary."""

    problems: list[str]
    medications: list[str]
    allergies: list[str]
    immunizations: list[str]
    vitals: list[str]
    care_team: list[str]
    results: list[str]

    def by_section(self) -> dict[str, list[str]]:
        return {
            "problems": self.problems,
            "medications": self.medications,
            "allergies": self.allergies,
            "immunizations": self.immunizations,
            "vitals": self.vitals,
            "care team": self.care_team,
            "results": self.results,
        }


@dataclass(frozen=True)
class ClinicContact:
    name: str
    phone: str
    opens: str  # "08:00", weekdays
    closes: str


@dataclass(frozen=True)
class FiledResult:
    """A lab result as the lab reported it: the test, its value, and when it was reported."""

    result: LabResult
    lab: str
    reported_at: datetime
    corrected: bool = False
    superseded_value: str = ""


@dataclass(frozen=True)
class DatedRecord:
    """Entries on the days around a date range: inside (first and last day) and just outside."""

    date_from: date
    date_to: date
    inside: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def _post(api: PortalApi, person: Person, section: str, entry: dict[str, str]) -> None:
    api.request("POST", f"/api/admin/patients/{_patient_id(person)}/{section}", entry)


def _patient_id(person: Person) -> str:
    if person.patient_id is None:
        raise ValueError(f"{person.name} is not a registered patient yet: register them first.")
    return person.patient_id


def fill_health_record(people: People, person: Person) -> HealthRecord:
    """A problem, medication, allergy, immunization, vital sign, care-team member and lab result."""
    api, fake = people.scenario.api, people.fake
    today = api.clock_now().date()
    problem = fake.random_element(PROBLEMS)
    medication, instructions = fake.random_element(MEDICATIONS)
    substance, reaction = fake.random_element(ALLERGIES)
    vaccine = fake.random_element(VACCINES)
    clinician = f"Dr {fake.first_name()} {fake.last_name()}"
    weight = f"{fake.random_int(110, 220)}"
    past = (today - timedelta(days=fake.random_int(30, 300))).isoformat()
    _post(api, person, "problems", {"name": problem, "status": "Active", "noted_on": past})
    _post(api, person, "medications", {"name": medication, "instructions": instructions, "started_on": past})
    _post(api, person, "allergies", {"substance": substance, "reaction": reaction, "severity": "Moderate"})
    _post(api, person, "immunizations", {"vaccine": vaccine, "given_on": past})
    _post(api, person, "vitals", {"type": "Weight", "value": weight, "units": "lb", "taken_on": past})
    _post(
        api, person, "care-team", {"name": clinician, "role": fake.random_element(CARE_ROLES), "phone": fake.us_phone()}
    )
    result = fake.lab_result("routine")
    file_result(api, person, result, reported_at=datetime.combine(today - timedelta(days=2), time(15), UTC))
    return HealthRecord(
        problems=[problem],
        medications=[medication],
        allergies=[substance],
        immunizations=[vaccine],
        vitals=["Weight"],
        care_team=[clinician],
        results=[result.test.name],
    )


def publish_clinic_contact(people: People, clinic: Clinic) -> ClinicContact:
    """The clinic's phone number and weekday opening hours, set as the portal manager does."""
    api, fake = people.scenario.api, people.fake
    phone = fake.us_phone()
    opens, closes = f"0{fake.random_int(7, 9)}:00", f"{fake.random_int(16, 18)}:00"
    api.request("PUT", f"/api/admin/clinics/{clinic.id}/contact", {"phone": phone})
    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday")
    api.request("PUT", f"/api/admin/clinics/{clinic.id}/hours", {day: [[opens, closes]] for day in weekdays})
    return ClinicContact(clinic.name, phone, opens, closes)


def report_corrected_result(people: People, person: Person) -> FiledResult:
    """Over HL7: a high result (OBX-11 "F"), then the lab's correction of it (OBX-11 "C"), yesterday."""
    scenario, fake = people.scenario, people.fake
    zone = ZoneInfo(_clinic_of(person).timezone)
    yesterday = scenario.api.clock_now().astimezone(zone).date() - timedelta(days=1)
    first_report = datetime.combine(yesterday, time(9, 30), zone)
    correction = datetime.combine(yesterday, time(14, 45), zone)
    original = fake.lab_result("routine", abnormal=True)
    corrected = LabResult(original.test, _higher(original.value), "H")
    patient = pid(person.mrn, person.last_name, person.first_name, person.date_of_birth, persona(person.name).sex)
    order = f"ORD{fake.numerify('#######')}"
    control = fake.numerify("VDT02#####")
    reports = ((f"{control}F", original, "F", first_report), (f"{control}C", corrected, "C", correction))
    for control_id, value, status, moment in reports:
        message = oru(control_id, patient, [value], moment, status=status, order_id=order, lab=RESULTS_LAB)
        ack = scenario.hl7.send(message)
        if ack.code != "AA":
            raise AssertionError(f"The portal refused the lab's ORU ({status}): {ack.code} {ack.text}")
    return FiledResult(corrected, RESULTS_LAB, correction, corrected=True, superseded_value=original.value)


def _higher(value: str) -> str:
    return f"{float(value) * 1.1:.1f}"


def _clinic_of(person: Person) -> Clinic:
    if person.clinic is None:
        raise ValueError(f"{person.name} is not a registered patient yet: register them first.")
    return person.clinic


def file_entries_around_range(people: People, person: Person) -> DatedRecord:
    """Problems noted, and results reported, on the range's first and last days and the days just outside.

    Results sit at the edges of the clinic's days (00:30 and 23:30 local time), where the UTC date
    differs from the clinic's date: the range is the clinic's days.
    """
    api = people.scenario.api
    zone = ZoneInfo(_clinic_of(person).timezone)
    today = api.clock_now().astimezone(zone).date()
    date_from, date_to = today - timedelta(days=40), today - timedelta(days=12)
    problems = list(PROBLEMS[:4])
    # four tests none of whose names is part of another's (a page showing one must not seem to show another)
    tests = [test for test in ROUTINE if test.loinc in ("2345-7", "2823-3", "2160-0", "3016-3")]
    noted = (date_from - timedelta(days=1), date_from, date_to, date_to + timedelta(days=1))
    reported = (
        datetime.combine(date_from - timedelta(days=1), time(23, 30), zone),
        datetime.combine(date_from, time(0, 30), zone),
        datetime.combine(date_to, time(23, 30), zone),
        datetime.combine(date_to + timedelta(days=1), time(0, 30), zone),
    )
    for name, day in zip(problems, noted, strict=True):
        _post(api, person, "problems", {"name": name, "status": "Active", "noted_on": day.isoformat()})
    for test, moment in zip(tests, reported, strict=True):
        assert test.low is not None and test.high is not None
        value = LabResult(test, f"{(test.low + test.high) / 2:.1f}", "N")
        file_result(api, person, value, reported_at=moment)
    inside = [problems[1], problems[2], tests[1].name, tests[2].name]
    outside = [problems[0], problems[3], tests[0].name, tests[3].name]
    return DatedRecord(date_from, date_to, inside, outside)


def patient_reported_readings(api: PortalApi, person: Person) -> list[dict[str, Any]]:
    """What the care team's EHR reads: the patient's home readings, with who recorded them."""
    return list(api.request("GET", f"/api/admin/patients/{_patient_id(person)}/patient-reported")["readings"])


def record_emails(mailbox: Mailbox, address: str) -> list[Ccd]:
    """The C-CDA documents attached to the emails an address received, oldest first."""
    documents = []
    for message in mailbox.messages_to(address):
        for attachment in message.get("attachments", []):
            if attachment.get("content_type", "").endswith("xml") and attachment.get("text"):
                documents.append(Ccd(attachment["text"]))
    return documents
