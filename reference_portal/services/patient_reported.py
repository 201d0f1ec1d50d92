"""Home readings a patient (or someone acting for them) types in: blood pressure, weight,
blood glucose (VDT-07). They are stored apart from clinic-measured vitals, always shown as
"Patient-reported", and the care team reads them through the admin API.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import ClinicService
from reference_portal.services.errors import Problem, RefusedError
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Function, Permissions
from reference_portal.services.validation import parse_iso_date
from reference_portal.timestamps import from_iso, to_iso

_BLOOD_PRESSURE = re.compile(r"\s*(\d{2,3})\s*/\s*(\d{2,3})\s*")


class ReadingType(StrEnum):
    BLOOD_PRESSURE = "blood-pressure"
    WEIGHT = "weight"
    GLUCOSE = "glucose"


@dataclass(frozen=True)
class ReadingSpec:
    label: str
    units: str
    example: str
    low: Decimal
    high: Decimal


READING_SPECS: dict[ReadingType, ReadingSpec] = {
    ReadingType.BLOOD_PRESSURE: ReadingSpec("Blood pressure", "mmHg", "120/80", Decimal(30), Decimal(300)),
    ReadingType.WEIGHT: ReadingSpec("Weight", "lb", "150", Decimal(1), Decimal(1000)),
    ReadingType.GLUCOSE: ReadingSpec("Blood glucose", "mg/dL", "100", Decimal(10), Decimal(1000)),
}

PATIENT_REPORTED = "Patient-reported"


@dataclass(frozen=True)
class ReadingForm:
    """What was typed on "Add a reading"."""

    reading_type: str
    value: str
    taken_on: str


@dataclass(frozen=True)
class Reading:
    public_id: str
    patient_id: int
    reading_type: ReadingType
    value: str
    units: str
    taken_on: date
    recorded_at: datetime
    recorded_by: str  # the account's username
    relationship: str

    @property
    def label(self) -> str:
        return READING_SPECS[self.reading_type].label

    @property
    def source(self) -> str:
        return PATIENT_REPORTED

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Reading:
        return cls(
            row["public_id"],
            row["patient_id"],
            ReadingType(row["reading_type"]),
            row["value"],
            row["units"],
            date.fromisoformat(row["taken_on"]),
            from_iso(row["recorded_at"]),
            row["username"],
            row["relationship"],
        )


class PatientReportedService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog, clinics: ClinicService) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._clinics = clinics

    def record(self, account: Account, subject: Patient, permissions: Permissions, form: ReadingForm) -> Reading:
        if not permissions.allows(Function.PATIENT_REPORTED):
            raise RefusedError.because("You cannot add readings to this record.", "reading_type")
        today = self._clock.now().astimezone(self._clinics.by_id(subject.clinic_id).zone).date()
        kind, value, taken_on = _checked(form, today, subject.demographics.date_of_birth)
        public_id = new_public_id("rdg")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO patient_reported_readings (public_id, patient_id, reading_type, value, units, taken_on,"
                " recorded_at, account_id, relationship) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    subject.id,
                    kind.value,
                    value,
                    READING_SPECS[kind].units,
                    taken_on.isoformat(),
                    to_iso(self._clock.now()),
                    account.id,
                    permissions.relationship.value,
                ),
            )
            self._audit.record(
                account.actor,
                "patient-reported-reading-added",
                patient_id=subject.id,
                detail=f"{public_id} type={kind.value} as {permissions.relationship}",
            )
        return self._readings(subject, "AND r.public_id = ?", (public_id,))[0]

    def visible_to(self, subject: Patient, permissions: Permissions) -> list[Reading]:
        if not permissions.allows(Function.PATIENT_REPORTED):
            return []
        return self._readings(subject)

    def for_care_team(self, patient: Patient, *, actor: str) -> list[Reading]:
        readings = self._readings(patient)
        self._audit.record(actor, "patient-reported-viewed", patient_id=patient.id, detail=f"readings={len(readings)}")
        return readings

    def _readings(self, patient: Patient, extra: str = "", arguments: tuple[object, ...] = ()) -> list[Reading]:
        rows = (
            self._database.connection()
            .execute(
                "SELECT r.*, a.username FROM patient_reported_readings r JOIN accounts a ON a.id = r.account_id"
                f" WHERE r.patient_id = ? {extra} ORDER BY r.taken_on DESC, r.id DESC",
                (patient.id, *arguments),
            )
            .fetchall()
        )
        return [Reading.from_row(row) for row in rows]


def _checked(form: ReadingForm, today: date, born: date) -> tuple[ReadingType, str, date]:
    problems: list[Problem] = []
    try:
        kind: ReadingType | None = ReadingType(form.reading_type)
    except ValueError:
        kind = None
        problems.append(Problem(messages.READING_TYPE_MISSING, "reading_type"))
    value = form.value.strip()
    if not value:
        problems.append(Problem(messages.READING_VALUE_MISSING, "value"))
    elif kind is not None:
        checked = _checked_value(kind, value)
        if isinstance(checked, Problem):
            problems.append(checked)
        else:
            value = checked
    taken_on = parse_iso_date(form.taken_on) if form.taken_on.strip() else None
    if not form.taken_on.strip():
        problems.append(Problem(messages.READING_DATE_MISSING, "taken_on"))
    elif taken_on is None or taken_on < born:
        problems.append(Problem(messages.READING_DATE_INVALID, "taken_on"))
    elif taken_on > today:
        problems.append(Problem(messages.READING_DATE_IN_FUTURE, "taken_on"))
    if problems or kind is None or taken_on is None:
        raise RefusedError(*problems)
    return kind, value, taken_on


def _checked_value(kind: ReadingType, text: str) -> str | Problem:
    """The value in a standard form ("120/80", "165.5"), or the problem with it."""
    spec = READING_SPECS[kind]
    out_of_range = Problem(
        messages.READING_OUT_OF_RANGE.format(low=spec.low, high=spec.high, units=spec.units), "value"
    )
    if kind is ReadingType.BLOOD_PRESSURE:
        match = _BLOOD_PRESSURE.fullmatch(text)
        if match is None:
            return Problem(messages.READING_BLOOD_PRESSURE_INVALID, "value")
        systolic, diastolic = int(match.group(1)), int(match.group(2))
        if not (spec.low <= diastolic < systolic <= spec.high):
            return out_of_range
        return f"{systolic}/{diastolic}"
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return Problem(messages.READING_NUMBER_INVALID.format(example=spec.example), "value")
    if not number.is_finite():
        return Problem(messages.READING_NUMBER_INVALID.format(example=spec.example), "value")
    if not spec.low <= number <= spec.high:
        return out_of_range
    return format(number.normalize(), "f")
