"""Asking for a new activation code (ENR-02), and staff sending one.

A patient whose code expired (or was voided) asks on "Request a new code" with their name, date
of birth and email. The request is recorded for the front desk of the clinic of the registered
patient it matches; the answer is the same whether or not it matched anyone. Staff then resend:
a fresh code at the patient's clinic (the old one stops working), emailed to the address in the
patient's record (never to the address typed on the public form) with PHI-free wording.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.activation import ActivationService, IssuedCode
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import ClinicService
from reference_portal.services.errors import Problem, RefusedError
from reference_portal.services.identity_matching import PatientMatcher, read_claim
from reference_portal.services.notifications import Notifier
from reference_portal.services.patients import Patient
from reference_portal.services.validation import looks_like_email
from reference_portal.timestamps import from_iso, to_iso

RESOLVED_BY_RESEND = "code-resent"


@dataclass(frozen=True)
class CodeRequestForm:
    first_name: str
    last_name: str
    date_of_birth: str
    email: str


@dataclass(frozen=True)
class CodeRequest:
    id: int
    public_id: str
    first_name: str
    last_name: str
    date_of_birth: date
    email: str
    requested_at: datetime
    patient_id: int | None
    clinic_id: int | None
    resolved_at: datetime | None
    resolution: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> CodeRequest:
        return cls(
            row["id"],
            row["public_id"],
            row["first_name"],
            row["last_name"],
            date.fromisoformat(row["date_of_birth"]),
            row["email"],
            from_iso(row["requested_at"]),
            row["patient_id"],
            row["clinic_id"],
            from_iso(row["resolved_at"]) if row["resolved_at"] else None,
            row["resolution"],
        )


@dataclass(frozen=True)
class ResentCode:
    issued: IssuedCode
    notice_sent: bool  # False when the record has no email address (staff give the code in person)
    resolved_requests: int


class CodeRequestService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        activation: ActivationService,
        clinics: ClinicService,
        matcher: PatientMatcher,
        notifier: Notifier,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._activation = activation
        self._clinics = clinics
        self._matcher = matcher
        self._notifier = notifier

    # --- the patient -----------------------------------------------------------------------
    def submit(self, form: CodeRequestForm) -> None:
        """Record the request for the front desk. Refuses only an incomplete form, never a non-match."""
        claim, problems = read_claim(form.first_name, form.last_name, form.date_of_birth, self._clock.now().date())
        email = form.email.strip()
        if not email:
            problems.append(Problem(messages.EMAIL_MISSING, "email"))
        elif not looks_like_email(email):
            problems.append(Problem(messages.EMAIL_INVALID, "email"))
        if problems or claim is None:
            raise RefusedError(*problems)
        patient = self._matcher.single_match(claim)
        public_id = new_public_id("req")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO activation_code_requests (public_id, first_name, last_name, date_of_birth, email,"
                " requested_at, patient_id, clinic_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    claim.first_name,
                    claim.last_name,
                    claim.date_of_birth.isoformat(),
                    email,
                    to_iso(self._clock.now()),
                    patient.id if patient else None,
                    patient.clinic_id if patient else None,
                ),
            )
            self._audit.record(
                "anonymous",
                "activation-code-requested",
                patient_id=patient.id if patient else None,
                clinic_id=patient.clinic_id if patient else None,
                detail=f"request={public_id} matched={'yes' if patient else 'no'}",
            )

    # --- staff -----------------------------------------------------------------------------
    def pending(self) -> list[CodeRequest]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM activation_code_requests WHERE resolved_at IS NULL ORDER BY requested_at, id")
            .fetchall()
        )
        return [CodeRequest.from_row(row) for row in rows]

    def resend(self, patient: Patient, *, actor: str, request_public_id: str | None = None) -> ResentCode:
        """A fresh code at the patient's clinic (voiding the old one), emailed to the record's address.

        Closes the patient's open requests, and the named one (a request staff matched by hand).
        """
        if request_public_id is not None and not self._open_request_exists(request_public_id):
            raise RefusedError.because(f"No open request with id {request_public_id}.", "request_id")
        clinic = self._clinics.by_id(patient.clinic_id)
        issued = self._activation.issue(patient, clinic, actor=actor)
        address = patient.demographics.email
        sent = bool(address) and self._notifier.send_new_activation_code(address or "", issued.code)
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            resolved = conn.execute(
                "UPDATE activation_code_requests SET resolved_at = ?, resolved_by = ?, resolution = ?,"
                " patient_id = ?, clinic_id = ? WHERE (patient_id = ? OR public_id = ?) AND resolved_at IS NULL",
                (now, actor, RESOLVED_BY_RESEND, patient.id, clinic.id, patient.id, request_public_id),
            ).rowcount
            self._audit.record(
                actor,
                "activation-code-resent",
                patient_id=patient.id,
                clinic_id=clinic.id,
                detail=f"code={issued.record.public_id} emailed={'yes' if sent else 'no'} requests={resolved}",
            )
        return ResentCode(issued, sent, resolved)

    def _open_request_exists(self, public_id: str) -> bool:
        row = (
            self._database.connection()
            .execute("SELECT 1 FROM activation_code_requests WHERE public_id = ? AND resolved_at IS NULL", (public_id,))
            .fetchone()
        )
        return row is not None
