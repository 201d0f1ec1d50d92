"""Clinical notes: progress notes, substance-use treatment notes (42 CFR Part 2) and
psychotherapy notes.

- A substance-use note is in the SUBSTANCE_USE category: the patient sees it; a proxy sees it
  only when the proxy area grants that category (the patient's Part 2 consent) (RES-05).
- Psychotherapy notes are kept because the clinician wrote them, but the patient's right of
  access excludes them (HIPAA 164.524(a)(1)(i)): no reader here returns them, so no page, count or
  export can show them (RES-06).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Function, Permissions, SensitiveCategory
from reference_portal.services.result_categories import parse_category
from reference_portal.timestamps import from_iso, to_iso


class NoteType(StrEnum):
    PROGRESS = "progress"
    SUBSTANCE_USE = "substance-use"
    PSYCHOTHERAPY = "psychotherapy"


NOTE_TYPE_LABELS = {
    NoteType.PROGRESS: "Progress note",
    NoteType.SUBSTANCE_USE: "Substance use treatment note",
    NoteType.PSYCHOTHERAPY: "Psychotherapy note",
}
# The category a note type always carries, whatever staff say.
NOTE_TYPE_CATEGORIES = {NoteType.SUBSTANCE_USE: SensitiveCategory.SUBSTANCE_USE}


@dataclass(frozen=True)
class Note:
    id: int
    public_id: str
    patient_id: int
    note_type: NoteType
    title: str
    body: str
    author: str
    written_at: datetime
    category: SensitiveCategory | None

    @property
    def type_label(self) -> str:
        return NOTE_TYPE_LABELS[self.note_type]

    @property
    def is_part2(self) -> bool:
        """Disclosed with the 42 CFR 2.32 notice prohibiting redisclosure."""
        return self.note_type is NoteType.SUBSTANCE_USE

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Note:
        note_type = NoteType(row["note_type"])
        return cls(
            row["id"],
            row["public_id"],
            row["patient_id"],
            note_type,
            row["title"],
            row["body"],
            row["author"],
            from_iso(row["written_at"]),
            NOTE_TYPE_CATEGORIES.get(note_type) or (SensitiveCategory(row["category"]) if row["category"] else None),
        )


class NoteService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def add(
        self,
        patient: Patient,
        *,
        note_type: str,
        title: str,
        body: str,
        author: str,
        written_at: datetime | None,
        category: str | None,
        source: str,
    ) -> str:
        """File a note; returns its id. Every problem is reported at once, naming its field."""
        problems: list[Problem] = []
        try:
            kind = NoteType(note_type.strip().lower())
        except ValueError:
            kind = None
            known = ", ".join(t.value for t in NoteType)
            problems.append(Problem(f"type must be one of: {known}.", "type"))
        for name, value in (("title", title), ("text", body), ("author", author)):
            if not value.strip():
                problems.append(Problem(f"{name} is required.", name))
        named = parse_category(category)
        if category and named is None:
            problems.append(
                Problem("category must be one of: " + ", ".join(c.value for c in SensitiveCategory), "category")
            )
        if problems or kind is None:
            raise RefusedError(*problems)
        public_id = new_public_id("note")
        now = self._clock.now()
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO clinical_notes (public_id, patient_id, note_type, title, body, author, written_at,"
                " created_at, source, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    patient.id,
                    kind.value,
                    title.strip(),
                    body.strip(),
                    author.strip(),
                    to_iso(written_at or now),
                    to_iso(now),
                    source,
                    named.value if named else None,
                ),
            )
            self._audit.record(source, "note-filed", patient_id=patient.id, detail=f"{public_id} type={kind.value}")
        return public_id

    def releasable_types(self) -> tuple[NoteType, ...]:
        """The note types a patient's right of access covers: never psychotherapy notes (HIPAA 164.524)."""
        return (NoteType.PROGRESS, NoteType.SUBSTANCE_USE)

    def visible_to(self, subject: Patient, permissions: Permissions) -> list[Note]:
        """Notes this viewer may read, newest first."""
        if not permissions.allows(Function.NOTES):
            return []
        types = self.releasable_types()
        placeholders = ", ".join("?" for _ in types)
        rows = (
            self._database.connection()
            .execute(
                f"SELECT * FROM clinical_notes WHERE patient_id = ? AND note_type IN ({placeholders})"
                " ORDER BY written_at DESC, id DESC",
                (subject.id, *(t.value for t in types)),
            )
            .fetchall()
        )
        return [note for note in map(Note.from_row, rows) if permissions.sees(note.category)]

    def open(self, account: Account, subject: Patient, permissions: Permissions, public_id: str) -> Note:
        for note in self.visible_to(subject, permissions):
            if note.public_id == public_id:
                self._audit.record(
                    account.actor,
                    "note-viewed",
                    patient_id=subject.id,
                    detail=f"note={public_id} type={note.note_type} as {permissions.relationship}",
                )
                return note
        raise NotFoundError("No such note.")
