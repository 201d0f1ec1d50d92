"""Appointments booked by the clinic's scheduling system (HL7 SIU^S12, or staff through the admin API).

The portal only shows them: patient, clinic, start, length and provider. The reason for the
visit is not kept: it can name a sensitive service, and the home page is seen by proxies too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Function, Permissions
from reference_portal.timestamps import from_iso, to_iso


@dataclass(frozen=True)
class Appointment:
    id: int
    public_id: str
    patient_id: int
    clinic_id: int
    external_id: str | None
    starts_at: datetime
    minutes: int | None
    provider: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Appointment:
        return cls(
            row["id"],
            row["public_id"],
            row["patient_id"],
            row["clinic_id"],
            row["external_id"],
            from_iso(row["starts_at"]),
            row["minutes"],
            row["provider"],
        )


class AppointmentService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def book(
        self,
        patient: Patient,
        clinic: Clinic,
        starts_at: datetime,
        *,
        minutes: int | None,
        provider: str | None,
        external_id: str | None,
        source: str,
    ) -> Appointment:
        """Book (or, for a resent booking with the same appointment id, rebook) an appointment."""
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            existing = (
                conn.execute(
                    "SELECT public_id FROM appointments WHERE patient_id = ? AND external_id = ?",
                    (patient.id, external_id),
                ).fetchone()
                if external_id
                else None
            )
            if existing:
                public_id = existing["public_id"]
                conn.execute(
                    "UPDATE appointments SET clinic_id = ?, starts_at = ?, minutes = ?, provider = ?"
                    " WHERE public_id = ?",
                    (clinic.id, to_iso(starts_at), minutes, provider, public_id),
                )
            else:
                public_id = new_public_id("apt")
                conn.execute(
                    "INSERT INTO appointments (public_id, patient_id, clinic_id, external_id, starts_at, minutes,"
                    " provider, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (public_id, patient.id, clinic.id, external_id, to_iso(starts_at), minutes, provider, source, now),
                )
            self._audit.record(
                source, "appointment-booked", patient_id=patient.id, clinic_id=clinic.id, detail=public_id
            )
        return self._get(public_id)

    def all_for(self, patient: Patient) -> list[Appointment]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM appointments WHERE patient_id = ? ORDER BY starts_at", (patient.id,))
            .fetchall()
        )
        return [Appointment.from_row(row) for row in rows]

    def upcoming(self, subject: Patient, permissions: Permissions) -> list[Appointment]:
        """Appointments that have not started yet, for a viewer with the scheduling function."""
        if not permissions.allows(Function.SCHEDULING):
            return []
        now = self._clock.now()
        return [appointment for appointment in self.all_for(subject) if appointment.starts_at >= now]

    def _get(self, public_id: str) -> Appointment:
        row = (
            self._database.connection()
            .execute("SELECT * FROM appointments WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        return Appointment.from_row(row)
