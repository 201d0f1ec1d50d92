"""Canned responses: a pool's ready-made replies with merge fields, and how often each is used (MSG-05).

Merge fields are resolved when staff insert the response into a reply; a use is counted when a
reply made from it is sent. Counts per pool for a date range feed the RPT-03 export.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.patients import Patient
from reference_portal.services.pools import Pool
from reference_portal.services.staff import StaffMember
from reference_portal.timestamps import to_iso

MERGE_FIELDS: tuple[str, ...] = ("patient_first_name", "clinic_name", "clinic_phone", "staff_name")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


@dataclass(frozen=True)
class CannedResponse:
    id: int
    public_id: str
    pool_id: int
    title: str
    body: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> CannedResponse:
        return cls(row["id"], row["public_id"], row["pool_id"], row["title"], row["body"])


@dataclass(frozen=True)
class MergeValues:
    patient: Patient
    clinic: Clinic
    clinic_phone: str | None
    staff: StaffMember

    def as_mapping(self) -> dict[str, str]:
        return {
            "patient_first_name": self.patient.first_name,
            "clinic_name": self.clinic.name,
            "clinic_phone": self.clinic_phone or "the clinic",
            "staff_name": self.staff.display_name,
        }


@dataclass(frozen=True)
class UsageCount:
    response: CannedResponse
    uses: int


class CannedResponseService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def create(self, pool: Pool, title: str, body: str, *, actor: str) -> CannedResponse:
        title, body = title.strip(), body.strip()
        problems: list[Problem] = []
        if not title:
            problems.append(Problem("title is required.", "title"))
        if not body:
            problems.append(Problem("body is required.", "body"))
        unknown = sorted({name for name in _PLACEHOLDER.findall(body) if name not in MERGE_FIELDS})
        if unknown:
            fields = ", ".join("{" + name + "}" for name in MERGE_FIELDS)
            problems.append(Problem(f"Unknown merge field(s) {', '.join(unknown)}: use {fields}.", "body"))
        if problems:
            raise RefusedError(*problems)
        public_id = new_public_id("can")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO canned_responses (public_id, pool_id, title, body, created_at) VALUES (?, ?, ?, ?, ?)",
                (public_id, pool.id, title, body, to_iso(self._clock.now())),
            )
            self._audit.record(
                actor, "canned-response-created", clinic_id=pool.clinic_id, detail=f"pool={pool.public_id}"
            )
        return self.get(public_id)

    def get(self, public_id: str) -> CannedResponse:
        row = (
            self._database.connection()
            .execute("SELECT * FROM canned_responses WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No canned response with id {public_id}.")
        return CannedResponse.from_row(row)

    def for_pool(self, pool: Pool) -> list[CannedResponse]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM canned_responses WHERE pool_id = ? ORDER BY title, id", (pool.id,))
            .fetchall()
        )
        return [CannedResponse.from_row(row) for row in rows]

    @staticmethod
    def merge(response: CannedResponse, values: MergeValues) -> str:
        """The response's text with every merge field filled in."""
        mapping = values.as_mapping()
        return _PLACEHOLDER.sub(lambda match: mapping.get(match.group(1), match.group(0)), response.body)

    def record_use(
        self, conn: sqlite3.Connection, response: CannedResponse, staff: StaffMember, message_id: int
    ) -> None:
        """Count one use (inside the caller's transaction: the reply that used it)."""
        conn.execute(
            "INSERT INTO canned_response_uses (canned_response_id, pool_id, staff_id, message_id, used_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (response.id, response.pool_id, staff.id, message_id, to_iso(self._clock.now())),
        )

    def usage(self, pool: Pool, start: datetime, end: datetime) -> list[UsageCount]:
        """Uses of each of the pool's responses in [start, end)."""
        counts = {
            row["canned_response_id"]: row["uses"]
            for row in self._database.connection()
            .execute(
                "SELECT canned_response_id, COUNT(*) AS uses FROM canned_response_uses"
                " WHERE pool_id = ? AND used_at >= ? AND used_at < ? GROUP BY canned_response_id",
                (pool.id, to_iso(start), to_iso(end)),
            )
            .fetchall()
        }
        return [UsageCount(response, counts.get(response.id, 0)) for response in self.for_pool(pool)]
