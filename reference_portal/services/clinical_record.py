"""The clinical record behind the health summary: problems, medications, allergies,
immunizations, vitals and the care team, as the EHR (through the admin API) files them.

Each section needs its own function in the viewer's `Permissions` (a parent of a 12-17-year-old
has immunizations and allergies only); an entry filed with a sensitive category (a problem or a
medication) is shown only to viewers who see that category.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import Problem, RefusedError
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Function, Permissions, SensitiveCategory
from reference_portal.services.result_categories import parse_category
from reference_portal.services.validation import parse_iso_date
from reference_portal.timestamps import to_iso


class Section(StrEnum):
    PROBLEMS = "problems"
    MEDICATIONS = "medications"
    ALLERGIES = "allergies"
    IMMUNIZATIONS = "immunizations"
    VITALS = "vitals"
    CARE_TEAM = "care-team"


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the API field
    label: str  # the column heading people read
    required: bool = False
    is_date: bool = False


@dataclass(frozen=True)
class SectionSpec:
    section: Section
    title: str  # the h2 on the health summary
    function: Function  # what the viewer must be allowed
    fields: tuple[FieldSpec, ...]
    sort_by: str  # a date field (newest first) or a name (A to Z)
    newest_first: bool
    may_be_sensitive: bool
    empty: str  # what the summary says when there is nothing to show


SECTIONS: dict[Section, SectionSpec] = {
    spec.section: spec
    for spec in (
        SectionSpec(
            Section.PROBLEMS,
            "Health problems",
            Function.PROBLEMS,
            (
                FieldSpec("name", "Problem", required=True),
                FieldSpec("status", "Status"),
                FieldSpec("noted_on", "Noted", is_date=True),
            ),
            "noted_on",
            newest_first=True,
            may_be_sensitive=True,
            empty="No health problems are recorded.",
        ),
        SectionSpec(
            Section.MEDICATIONS,
            "Medications",
            Function.MEDICATIONS,
            (
                FieldSpec("name", "Medication", required=True),
                FieldSpec("instructions", "Instructions"),
                FieldSpec("prescriber", "Prescribed by"),
                FieldSpec("started_on", "Started", is_date=True),
            ),
            "started_on",
            newest_first=True,
            may_be_sensitive=True,
            empty="No medications are recorded.",
        ),
        SectionSpec(
            Section.ALLERGIES,
            "Allergies",
            Function.ALLERGIES,
            (
                FieldSpec("substance", "Allergy", required=True),
                FieldSpec("reaction", "Reaction"),
                FieldSpec("severity", "Severity"),
                FieldSpec("noted_on", "Noted", is_date=True),
            ),
            "substance",
            newest_first=False,
            may_be_sensitive=False,
            empty="No allergies are recorded.",
        ),
        SectionSpec(
            Section.IMMUNIZATIONS,
            "Immunizations",
            Function.IMMUNIZATIONS,
            (
                FieldSpec("vaccine", "Vaccine", required=True),
                FieldSpec("given_on", "Date given", required=True, is_date=True),
                FieldSpec("dose", "Dose"),
                FieldSpec("given_by", "Given by"),
            ),
            "given_on",
            newest_first=True,
            may_be_sensitive=False,
            empty="No immunizations are recorded.",
        ),
        SectionSpec(
            Section.VITALS,
            "Vitals",
            Function.VITALS,
            (
                FieldSpec("type", "Measurement", required=True),
                FieldSpec("value", "Value", required=True),
                FieldSpec("units", "Units"),
                FieldSpec("taken_on", "Date", required=True, is_date=True),
            ),
            "taken_on",
            newest_first=True,
            may_be_sensitive=False,
            empty="No vitals are recorded.",
        ),
        SectionSpec(
            Section.CARE_TEAM,
            "Care team",
            Function.HEALTH_SUMMARY,
            (
                FieldSpec("name", "Name", required=True),
                FieldSpec("role", "Role", required=True),
                FieldSpec("phone", "Phone"),
            ),
            "name",
            newest_first=False,
            may_be_sensitive=False,
            empty="No care team members are recorded.",
        ),
    )
}


@dataclass(frozen=True)
class RecordEntry:
    public_id: str
    section: Section
    values: dict[str, str]
    category: SensitiveCategory | None

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def day(self, name: str) -> date | None:
        text = self.values.get(name)
        return date.fromisoformat(text) if text else None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> RecordEntry:
        category = SensitiveCategory(row["category"]) if row["category"] else None
        return cls(row["public_id"], Section(row["section"]), json.loads(row["fields"]), category)


@dataclass(frozen=True)
class SummarySection:
    spec: SectionSpec
    entries: list[RecordEntry]


class ClinicalRecordService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def add(self, patient: Patient, section: Section, data: Mapping[str, object], *, source: str) -> RecordEntry:
        """File one entry from a JSON-like mapping; every problem is reported at once, naming its field."""
        spec = SECTIONS[section]
        values, problems = _checked(spec, data)
        category = None
        if data.get("category") not in (None, ""):
            category = parse_category(str(data["category"]))
            if category is None or not spec.may_be_sensitive:
                allowed = ", ".join(c.value for c in SensitiveCategory) if spec.may_be_sensitive else "none"
                problems.append(Problem(f"category must be one of: {allowed}.", "category"))
        if problems:
            raise RefusedError(*problems)
        public_id = new_public_id("rec")
        sort_key = values.get(spec.sort_by, "").casefold()
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO record_entries (public_id, patient_id, section, fields, category, sort_key,"
                " created_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    patient.id,
                    section.value,
                    json.dumps(values),
                    category.value if category else None,
                    sort_key,
                    to_iso(self._clock.now()),
                    source,
                ),
            )
            self._audit.record(source, f"record-{section.value}-added", patient_id=patient.id, detail=public_id)
        return RecordEntry(public_id, section, values, category)

    def entries(self, patient: Patient, section: Section) -> list[RecordEntry]:
        """Staff: every entry of the section, in the order the summary shows them."""
        spec = SECTIONS[section]
        order = "DESC" if spec.newest_first else "ASC"
        rows = (
            self._database.connection()
            .execute(
                f"SELECT * FROM record_entries WHERE patient_id = ? AND section = ? ORDER BY sort_key {order}, id",
                (patient.id, section.value),
            )
            .fetchall()
        )
        return [RecordEntry.from_row(row) for row in rows]

    def sections_for(self, actor: str, subject: Patient, permissions: Permissions) -> list[SummarySection]:
        """The sections this viewer may see, each with the entries they may see (an audited view)."""
        sections = [
            SummarySection(
                spec,
                [entry for entry in self.entries(subject, spec.section) if permissions.sees(entry.category)],
            )
            for spec in SECTIONS.values()
            if permissions.allows(spec.function)
        ]
        shown = ",".join(section.spec.section.value for section in sections) or "none"
        self._audit.record(
            actor,
            "health-summary-viewed",
            patient_id=subject.id,
            detail=f"sections={shown} as {permissions.relationship}",
        )
        return sections


def _checked(spec: SectionSpec, data: Mapping[str, object]) -> tuple[dict[str, str], list[Problem]]:
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for field in spec.fields:
        raw = data.get(field.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.required:
                problems.append(Problem(f"{field.name} is required.", field.name))
            continue
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            problems.append(Problem(f"{field.name} must be text.", field.name))
            continue
        text = str(raw).strip()
        if field.is_date and parse_iso_date(text) is None:
            problems.append(Problem(f"{field.name} must be a real date as YYYY-MM-DD.", field.name))
            continue
        values[field.name] = text
    return values, problems
