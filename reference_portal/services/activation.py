"""Activation codes: staff issue one at a site; the patient redeems it with their date of birth.

Rules (Settings): 10 characters from an unambiguous alphabet, valid for 7 days, single use,
void after 5 wrong identity answers; issuing a new code voids the patient's previous unused one.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import digest, new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import ConflictError, NotFoundError, Problem, RefusedError
from reference_portal.services.patients import Patient
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

CODE_FIELD = "activation_code"


class CodeState(StrEnum):
    PENDING = "pending"
    USED = "used"
    EXPIRED = "expired"
    VOID = "void"


class _SingleUseCode(Protocol):
    @property
    def expires_at(self) -> datetime: ...
    @property
    def used_at(self) -> datetime | None: ...
    @property
    def voided_at(self) -> datetime | None: ...


def code_state(code: _SingleUseCode, now: datetime) -> CodeState:
    """The one rule for every single-use code (activation and proxy codes): void, used, expired, pending."""
    if code.voided_at is not None:
        return CodeState.VOID
    if code.used_at is not None:
        return CodeState.USED
    if now > code.expires_at:
        return CodeState.EXPIRED
    return CodeState.PENDING


@dataclass(frozen=True)
class ActivationCode:
    id: int
    public_id: str
    patient_id: int
    clinic_id: int
    issued_at: datetime
    expires_at: datetime  # the last instant the code still works
    wrong_answers: int
    used_at: datetime | None
    voided_at: datetime | None
    void_reason: str | None

    def state(self, now: datetime) -> CodeState:
        return code_state(self, now)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ActivationCode:
        return cls(
            row["id"],
            row["public_id"],
            row["patient_id"],
            row["clinic_id"],
            from_iso(row["issued_at"]),
            from_iso(row["expires_at"]),
            row["wrong_answers"],
            from_iso(row["used_at"]) if row["used_at"] else None,
            from_iso(row["voided_at"]) if row["voided_at"] else None,
            row["void_reason"],
        )


@dataclass(frozen=True)
class IssuedCode:
    code: str  # as printed for the patient, e.g. ABCDE-FGHJK; only ever shown once
    record: ActivationCode


class ActivationService:
    def __init__(self, database: Database, clock: Clock, settings: Settings, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit

    # --- staff side ------------------------------------------------------------------------
    def issue(self, patient: Patient, clinic: Clinic, *, actor: str) -> IssuedCode:
        now = self._clock.now()
        with self._database.transaction() as conn:
            if conn.execute("SELECT 1 FROM accounts WHERE patient_id = ?", (patient.id,)).fetchone():
                raise ConflictError.because("This patient already has a portal account.", "patient_id")
            superseded = conn.execute(
                "UPDATE activation_codes SET voided_at = ?, void_reason = 'superseded'"
                " WHERE patient_id = ? AND used_at IS NULL AND voided_at IS NULL",
                (to_iso(now), patient.id),
            ).rowcount
            code = self._new_code(conn)
            public_id = new_public_id("act")
            conn.execute(
                "INSERT INTO activation_codes (public_id, code_hash, patient_id, clinic_id, issued_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    digest(code),
                    patient.id,
                    clinic.id,
                    to_iso(now),
                    to_iso(now + self._settings.activation_code_lifetime),
                ),
            )
            detail = f"code={public_id}" + (f" superseded={superseded}" if superseded else "")
            self._audit.record(
                actor, "activation-code-issued", patient_id=patient.id, clinic_id=clinic.id, detail=detail
            )
        return IssuedCode(printable(code), self.get(public_id))

    def latest_for(self, patient: Patient) -> ActivationCode | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM activation_codes WHERE patient_id = ? ORDER BY id DESC LIMIT 1", (patient.id,))
            .fetchone()
        )
        return ActivationCode.from_row(row) if row else None

    def get(self, public_id: str) -> ActivationCode:
        row = (
            self._database.connection()
            .execute("SELECT * FROM activation_codes WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No activation code with id {public_id}.")
        return ActivationCode.from_row(row)

    # --- patient side ----------------------------------------------------------------------
    def verify_identity(self, code_text: str, date_of_birth: date) -> ActivationCode:
        """Step one of enrollment: the code and the patient's date of birth must agree."""
        now = self._clock.now()
        code = self._find(code_text)
        if code is None:
            raise RefusedError.because(messages.ACTIVATION_NOT_RIGHT, CODE_FIELD)
        problem = self.refusal_reason(code, now)
        if problem is not None:
            raise RefusedError(problem)
        birth = self._birth_date_of(code.patient_id)
        if birth == date_of_birth:
            return code
        voided = self._count_wrong_answer(code, now)
        raise RefusedError.because(messages.ACTIVATION_VOID if voided else messages.ACTIVATION_NOT_RIGHT, CODE_FIELD)

    def usable(self, public_id: str) -> ActivationCode:
        """A code that passed identity checks, re-checked before it is redeemed."""
        code = self.get(public_id)
        problem = self.refusal_reason(code, self._clock.now())
        if problem is not None:
            raise RefusedError(problem)
        return code

    def refusal_reason(self, code: ActivationCode, now: datetime) -> Problem | None:
        """Why this code cannot be used now, or None when it can."""
        state = code.state(now)
        if state is CodeState.VOID:
            return Problem(messages.ACTIVATION_VOID, CODE_FIELD)
        if state is CodeState.USED:
            return Problem(messages.ACTIVATION_USED, CODE_FIELD)
        if state is CodeState.EXPIRED:
            return Problem(messages.ACTIVATION_EXPIRED, CODE_FIELD, kind=CodeState.EXPIRED.value)
        return None

    def mark_used(self, code: ActivationCode, conn: sqlite3.Connection) -> None:
        """Called inside the transaction that creates the account."""
        conn.execute("UPDATE activation_codes SET used_at = ? WHERE id = ?", (to_iso(self._clock.now()), code.id))

    def void_open_codes(self, conn: sqlite3.Connection, patient_id: int, *, reason: str) -> int:
        """Inside the caller's transaction: no unused code of the patient works any more; how many were voided."""
        return conn.execute(
            "UPDATE activation_codes SET voided_at = ?, void_reason = ?"
            " WHERE patient_id = ? AND used_at IS NULL AND voided_at IS NULL",
            (to_iso(self._clock.now()), reason, patient_id),
        ).rowcount

    # --- internals -------------------------------------------------------------------------
    def normalise(self, code_text: str) -> str:
        """Patients may type dashes, spaces and lower case."""
        return "".join(ch for ch in code_text.upper() if ch not in " -\t")

    def well_formed(self, code_text: str) -> str | None:
        """The normalised code when it has the configured length and alphabet, else None.

        Shared with proxy codes (services/proxy_codes.py), which follow the same rules.
        """
        code = self.normalise(code_text)
        alphabet = self._settings.activation_code_alphabet
        if len(code) != self._settings.activation_code_length or any(ch not in alphabet for ch in code):
            return None
        return code

    def random_code(self, taken: Callable[[str], bool]) -> str:
        """A fresh random code of the configured length and alphabet for which `taken` is False."""
        alphabet, length = self._settings.activation_code_alphabet, self._settings.activation_code_length
        while True:
            code = "".join(secrets.choice(alphabet) for _ in range(length))
            if not taken(code):
                return code

    def _find(self, code_text: str) -> ActivationCode | None:
        code = self.well_formed(code_text)
        if code is None:
            return None
        row = (
            self._database.connection()
            .execute("SELECT * FROM activation_codes WHERE code_hash = ?", (digest(code),))
            .fetchone()
        )
        return ActivationCode.from_row(row) if row else None

    def _birth_date_of(self, patient_id: int) -> date:
        row = (
            self._database.connection()
            .execute("SELECT date_of_birth FROM patients WHERE id = ?", (patient_id,))
            .fetchone()
        )
        return date.fromisoformat(row["date_of_birth"])

    def voids_after(self, wrong_answers: int) -> bool:
        """The rule: this many wrong identity answers void the code (Settings.activation_code_max_wrong_answers)."""
        return wrong_answers >= self._settings.activation_code_max_wrong_answers

    def _count_wrong_answer(self, code: ActivationCode, now: datetime) -> bool:
        """Record a wrong identity answer; True when it used up the last try and voided the code."""
        with self._database.transaction() as conn:
            wrong = conn.execute(
                "UPDATE activation_codes SET wrong_answers = wrong_answers + 1 WHERE id = ? RETURNING wrong_answers",
                (code.id,),
            ).fetchone()["wrong_answers"]
            if not self.voids_after(wrong):
                return False
            conn.execute(
                "UPDATE activation_codes SET voided_at = ?, void_reason = 'too-many-wrong-answers'"
                " WHERE id = ? AND voided_at IS NULL",
                (to_iso(now), code.id),
            )
            self._audit.record(
                "patient",
                "activation-code-voided",
                patient_id=code.patient_id,
                clinic_id=code.clinic_id,
                detail=f"code={code.public_id} reason=too-many-wrong-answers",
            )
        return True

    def _new_code(self, conn: sqlite3.Connection) -> str:
        def taken(code: str) -> bool:
            found = conn.execute("SELECT 1 FROM activation_codes WHERE code_hash = ?", (digest(code),)).fetchone()
            return found is not None

        return self.random_code(taken)


def printable(code: str) -> str:
    """ABCDEFGHJK -> ABCDE-FGHJK: easier to read aloud and copy (proxy codes print the same way)."""
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}"
