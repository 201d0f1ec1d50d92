"""The audit log: append-only, written in the same transaction as the change it records."""

from __future__ import annotations

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.timestamps import to_iso


class AuditLog:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def record(
        self,
        actor: str,
        action: str,
        *,
        patient_id: int | None = None,
        clinic_id: int | None = None,
        detail: str = "",
    ) -> None:
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO audit_log (occurred_at, actor, action, patient_id, clinic_id, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (to_iso(self._clock.now()), actor, action, patient_id, clinic_id, detail),
            )
