"""Patients as registered in the EHR (by staff or an HL7 feed), before any portal account."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import ConflictError, NotFoundError, Problem, RefusedError
from reference_portal.services.validation import looks_like_email, parse_iso_date
from reference_portal.timestamps import to_iso

_MRN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")
SEX_CODES = {"F": "F", "M": "M", "O": "O", "U": "U", "FEMALE": "F", "MALE": "M", "OTHER": "O", "UNKNOWN": "U"}


@dataclass(frozen=True)
class Address:
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Demographics:
    first_name: str
    last_name: str
    date_of_birth: date
    sex: str
    email: str | None = None
    phone: str | None = None
    address: Address = field(default_factory=Address)


@dataclass(frozen=True)
class Patient:
    id: int
    public_id: str
    clinic_id: int
    mrn: str
    demographics: Demographics

    @property
    def first_name(self) -> str:
        return self.demographics.first_name

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Patient:
        address = Address(row["address_line1"], row["address_line2"], row["city"], row["state"], row["postal_code"])
        demographics = Demographics(
            row["first_name"],
            row["last_name"],
            date.fromisoformat(row["date_of_birth"]),
            row["sex"],
            row["email"],
            row["phone"],
            address,
        )
        return cls(row["id"], row["public_id"], row["clinic_id"], row["mrn"], demographics)


def demographics_from_mapping(data: Mapping[str, object], today: date) -> Demographics:
    """Check a JSON-like record; every problem is reported at once, each naming its field."""
    problems: list[Problem] = []

    def text(name: str, *, required: bool) -> str | None:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                problems.append(Problem(f"{name} is required.", name))
            return None
        if not isinstance(value, str):
            problems.append(Problem(f"{name} must be a string.", name))
            return None
        return value.strip()

    first_name = text("first_name", required=True)
    last_name = text("last_name", required=True)
    birth_text = text("date_of_birth", required=True)
    sex_text = text("sex", required=True)
    email = text("email", required=False)
    phone = text("phone", required=False)

    birth = parse_iso_date(birth_text) if birth_text else None
    if birth_text and birth is None:
        problems.append(Problem("date_of_birth must be a real date as YYYY-MM-DD.", "date_of_birth"))
    elif birth and birth > today:
        problems.append(Problem("date_of_birth cannot be in the future.", "date_of_birth"))
    sex = SEX_CODES.get(sex_text.upper()) if sex_text else None
    if sex_text and sex is None:
        problems.append(Problem("sex must be one of F, M, O, U (or female, male, other, unknown).", "sex"))
    if email and not looks_like_email(email):
        problems.append(Problem("email is not an email address.", "email"))
    address = _address_from(data.get("address"), problems)

    if problems or not (first_name and last_name and birth and sex):
        raise RefusedError(*problems)
    return Demographics(first_name, last_name, birth, sex, email, phone, address)


def _address_from(value: object, problems: list[Problem]) -> Address:
    if value is None:
        return Address()
    if not isinstance(value, Mapping):
        problems.append(Problem("address must be an object with line1, line2, city, state, postal_code.", "address"))
        return Address()
    parts: dict[str, str | None] = {}
    for part in fields(Address):
        item = value.get(part.name)
        if item is not None and not isinstance(item, str):
            problems.append(Problem(f"address.{part.name} must be a string.", "address"))
            continue
        parts[part.name] = (item.strip() or None) if isinstance(item, str) else None
    return Address(**parts)


class PatientService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def register(self, clinic: Clinic, mrn: str, demographics: Demographics, *, source: str) -> Patient:
        mrn = mrn.strip()
        if not _MRN.fullmatch(mrn):
            raise RefusedError.because("mrn must be 1 to 32 letters, digits or '-'.", "mrn")
        now = to_iso(self._clock.now())
        public_id = new_public_id("pat")
        with self._database.transaction() as conn:
            if conn.execute("SELECT 1 FROM patients WHERE mrn = ?", (mrn,)).fetchone():
                raise ConflictError.because(f"A patient with MRN {mrn} is already registered.", "mrn")
            cursor = conn.execute(
                "INSERT INTO patients (public_id, clinic_id, mrn, first_name, last_name, date_of_birth, sex,"
                " email, phone, address_line1, address_line2, city, state, postal_code, source,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (public_id, clinic.id, mrn, *_columns(demographics), source, now, now),
            )
            self._audit.record(source, "patient-registered", patient_id=cursor.lastrowid, clinic_id=clinic.id)
        return self.get(public_id)

    def update(
        self, patient: Patient, demographics: Demographics, *, source: str, clinic: Clinic | None = None
    ) -> Patient:
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE patients SET first_name = ?, last_name = ?, date_of_birth = ?, sex = ?, email = ?,"
                " phone = ?, address_line1 = ?, address_line2 = ?, city = ?, state = ?, postal_code = ?,"
                " clinic_id = ?, updated_at = ? WHERE id = ?",
                (
                    *_columns(demographics),
                    clinic.id if clinic else patient.clinic_id,
                    to_iso(self._clock.now()),
                    patient.id,
                ),
            )
            self._audit.record(
                source,
                "patient-demographics-updated",
                patient_id=patient.id,
                detail=self.change_detail(patient.demographics, demographics),
            )
        return self.get(patient.public_id)

    def change_detail(self, before: Demographics, after: Demographics) -> str:
        """Demographics area: the changed fields with their values before and after, for the audit log."""
        old, new = _flat(before), _flat(after)
        changed = [name for name in new if old[name] != new[name]]
        before_values = {name: old[name] for name in changed}
        after_values = {name: new[name] for name in changed}
        return f"before={json.dumps(before_values)} after={json.dumps(after_values)}"

    def get(self, public_id: str) -> Patient:
        row = self._database.connection().execute("SELECT * FROM patients WHERE public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No patient with id {public_id}.")
        return Patient.from_row(row)

    def by_id(self, patient_id: int) -> Patient:
        row = self._database.connection().execute("SELECT * FROM patients WHERE id = ?", (patient_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No patient with key {patient_id}.")
        return Patient.from_row(row)

    def find_by_mrn(self, mrn: str) -> Patient | None:
        row = self._database.connection().execute("SELECT * FROM patients WHERE mrn = ?", (mrn.strip(),)).fetchone()
        return Patient.from_row(row) if row else None


def _flat(demographics: Demographics) -> dict[str, str | None]:
    names: tuple[str, ...] = ("first_name", "last_name", "date_of_birth", "sex", "email", "phone")
    names += tuple(f"address_{name}" for name in Address().as_dict())
    return dict(zip(names, _columns(demographics), strict=True))


def _columns(demographics: Demographics) -> tuple[str | None, ...]:
    address = demographics.address
    return (
        demographics.first_name,
        demographics.last_name,
        demographics.date_of_birth.isoformat(),
        demographics.sex,
        demographics.email,
        demographics.phone,
        address.line1,
        address.line2,
        address.city,
        address.state,
        address.postal_code,
    )
