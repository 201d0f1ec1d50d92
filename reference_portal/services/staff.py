"""Clinic staff: users with a role at one clinic, their sign-in and their server-side sessions.

Staff sign in at /staff/sign-in with their own cookie and the same rules as patients: the same
message for a wrong password and an unknown username, lockout after the configured number of
failures, idle and absolute timeouts, and sign-out that ends the session on the server.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import digest, new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import ConflictError, NotFoundError, Problem, RefusedError
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.patients import Patient
from reference_portal.services.sessions import SessionEnd
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

if TYPE_CHECKING:
    from reference_portal.services.pools import Pool

_USERNAME = re.compile(r"[A-Za-z0-9._@-]{3,50}")


class StaffRole(StrEnum):
    FRONT_DESK = "front-desk"
    SUPPORT = "support"
    NURSE = "nurse"
    BILLING = "billing"
    PHARMACY = "pharmacy"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    PROVIDER = "provider"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


# Roles that see every pool of their clinic, not only the pools they belong to.
OVERSEEING_ROLES = frozenset({StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR})


@dataclass(frozen=True)
class StaffMember:
    id: int
    public_id: str
    clinic_id: int
    first_name: str
    last_name: str
    role: StaffRole
    username: str
    password_hash: str
    failed_sign_ins: int
    locked_at: datetime | None
    away_from: datetime | None
    away_until: datetime | None  # the first instant back
    covering_pool_id: int | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        """How patients and colleagues see them: providers with their title."""
        return f"Dr. {self.full_name}" if self.role is StaffRole.PROVIDER else self.full_name

    @property
    def actor(self) -> str:
        return f"staff:{self.public_id}"

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    @property
    def oversees_clinic(self) -> bool:
        return self.role in OVERSEEING_ROLES

    def away_at(self, moment: datetime) -> bool:
        """Out of office at this moment: from `away_from` up to, not including, `away_until`."""
        if self.away_from is None or self.away_until is None:
            return False
        return self.away_from <= moment < self.away_until

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StaffMember:
        return cls(
            row["id"],
            row["public_id"],
            row["clinic_id"],
            row["first_name"],
            row["last_name"],
            StaffRole(row["role"]),
            row["username"],
            row["password_hash"],
            row["failed_sign_ins"],
            from_iso(row["locked_at"]) if row["locked_at"] else None,
            from_iso(row["away_from"]) if row["away_from"] else None,
            from_iso(row["away_until"]) if row["away_until"] else None,
            row["covering_pool_id"],
        )


@dataclass(frozen=True)
class NewStaffMember:
    first_name: str
    last_name: str
    role: str
    username: str
    password: str


def parse_role(text: str) -> StaffRole:
    try:
        return StaffRole(text.strip().lower().replace(" ", "-").replace("_", "-"))
    except ValueError:
        known = ", ".join(role.value for role in StaffRole)
        raise RefusedError.because(f"role must be one of {known}.", "role") from None


class StaffService:
    def __init__(
        self, database: Database, clock: Clock, settings: Settings, audit: AuditLog, passwords: PasswordPolicy
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._passwords = passwords

    # --- staff records ---------------------------------------------------------------------
    def create(self, clinic: Clinic, new: NewStaffMember, *, actor: str) -> StaffMember:
        problems: list[Problem] = []
        first_name, last_name, username = new.first_name.strip(), new.last_name.strip(), new.username.strip()
        if not first_name:
            problems.append(Problem("first_name is required.", "first_name"))
        if not last_name:
            problems.append(Problem("last_name is required.", "last_name"))
        role = parse_role(new.role)
        if not _USERNAME.fullmatch(username):
            problems.append(Problem(messages.USERNAME_INVALID, "username"))
        problems += self._passwords.problems(new.password, username=username)
        if problems:
            raise RefusedError(*problems)
        password_hash = self._passwords.hash(new.password)
        public_id = new_public_id("stf")
        with self._database.transaction() as conn:
            if conn.execute("SELECT 1 FROM staff WHERE username_key = ?", (username.casefold(),)).fetchone():
                raise ConflictError.because(messages.USERNAME_TAKEN, "username")
            conn.execute(
                "INSERT INTO staff (public_id, clinic_id, first_name, last_name, role, username, username_key,"
                " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    clinic.id,
                    first_name,
                    last_name,
                    role.value,
                    username,
                    username.casefold(),
                    password_hash,
                    to_iso(self._clock.now()),
                ),
            )
            self._audit.record(actor, "staff-created", clinic_id=clinic.id, detail=f"staff={public_id} role={role}")
        return self.get(public_id)

    def get(self, public_id: str) -> StaffMember:
        row = self._database.connection().execute("SELECT * FROM staff WHERE public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No staff member with id {public_id}.")
        return StaffMember.from_row(row)

    def by_id(self, staff_id: int) -> StaffMember:
        row = self._database.connection().execute("SELECT * FROM staff WHERE id = ?", (staff_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No staff member with key {staff_id}.")
        return StaffMember.from_row(row)

    def find_by_username(self, username: str) -> StaffMember | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM staff WHERE username_key = ?", (username.strip().casefold(),))
            .fetchone()
        )
        return StaffMember.from_row(row) if row else None

    def unlock(self, member: StaffMember, *, actor: str) -> StaffMember:
        with self._database.transaction() as conn:
            conn.execute("UPDATE staff SET locked_at = NULL, failed_sign_ins = 0 WHERE id = ?", (member.id,))
            self._audit.record(actor, "staff-unlocked", clinic_id=member.clinic_id, detail=f"staff={member.public_id}")
        return self.by_id(member.id)

    # --- out of office ---------------------------------------------------------------------
    def set_out_of_office(
        self, member: StaffMember, away_from: datetime, away_until: datetime, covering_pool: Pool, *, actor: str
    ) -> StaffMember:
        if away_until <= away_from:
            raise RefusedError.because("until must be after from.", "until")
        if covering_pool.clinic_id != member.clinic_id:
            raise RefusedError.because(
                "The covering pool must belong to the staff member's clinic.", "covering_pool_id"
            )
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE staff SET away_from = ?, away_until = ?, covering_pool_id = ? WHERE id = ?",
                (to_iso(away_from), to_iso(away_until), covering_pool.id, member.id),
            )
            self._audit.record(
                actor,
                "staff-out-of-office-set",
                clinic_id=member.clinic_id,
                detail=f"staff={member.public_id} from={to_iso(away_from)} until={to_iso(away_until)}",
            )
        return self.by_id(member.id)

    def clear_out_of_office(self, member: StaffMember, *, actor: str) -> StaffMember:
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE staff SET away_from = NULL, away_until = NULL, covering_pool_id = NULL WHERE id = ?",
                (member.id,),
            )
            self._audit.record(
                actor, "staff-out-of-office-cleared", clinic_id=member.clinic_id, detail=f"staff={member.public_id}"
            )
        return self.by_id(member.id)

    # --- a patient's own provider ----------------------------------------------------------
    def assign_provider(self, patient: Patient, member: StaffMember, *, actor: str) -> None:
        """The patient's primary care provider, whom the patient can write to directly."""
        if member.role is not StaffRole.PROVIDER:
            raise RefusedError.because(
                "Only a staff member with the provider role can be a patient's provider.", "staff_id"
            )
        if member.clinic_id != patient.clinic_id:
            raise RefusedError.because("The provider must work at the patient's clinic.", "staff_id")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO patient_providers (patient_id, staff_id, assigned_at) VALUES (?, ?, ?)"
                " ON CONFLICT (patient_id) DO UPDATE SET"
                " staff_id = excluded.staff_id, assigned_at = excluded.assigned_at",
                (patient.id, member.id, to_iso(self._clock.now())),
            )
            self._audit.record(actor, "provider-assigned", patient_id=patient.id, detail=f"staff={member.public_id}")

    def provider_for(self, patient: Patient) -> StaffMember | None:
        row = (
            self._database.connection()
            .execute(
                "SELECT staff.* FROM staff JOIN patient_providers ON patient_providers.staff_id = staff.id"
                " WHERE patient_providers.patient_id = ?",
                (patient.id,),
            )
            .fetchone()
        )
        return StaffMember.from_row(row) if row else None

    # --- sign-in ---------------------------------------------------------------------------
    def check_password(self, username: str, password: str) -> StaffMember:
        member = self.find_by_username(username)
        if member is None:
            self._passwords.spend_equal_time(password)
            self._audit.record("anonymous", "staff-sign-in-failed", detail="unknown-username")
            raise RefusedError.because(messages.SIGN_IN_INCORRECT, "username")
        if member.locked:
            self._passwords.spend_equal_time(password)
            self._audit.record(member.actor, "staff-sign-in-refused", clinic_id=member.clinic_id, detail="locked")
            raise RefusedError.because(messages.STAFF_ACCOUNT_LOCKED, "username")
        if not self._passwords.verify(member.password_hash, password):
            locked_now = self._record_failure(member)
            raise RefusedError.because(
                messages.STAFF_ACCOUNT_LOCKED if locked_now else messages.SIGN_IN_INCORRECT, "username"
            )
        with self._database.transaction() as conn:
            conn.execute("UPDATE staff SET failed_sign_ins = 0 WHERE id = ?", (member.id,))
            self._audit.record(member.actor, "staff-signed-in", clinic_id=member.clinic_id)
        return member

    def _record_failure(self, member: StaffMember) -> bool:
        with self._database.transaction() as conn:
            failures = conn.execute(
                "UPDATE staff SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ? RETURNING failed_sign_ins",
                (member.id,),
            ).fetchone()["failed_sign_ins"]
            self._audit.record(
                member.actor, "staff-sign-in-failed", clinic_id=member.clinic_id, detail="wrong-password"
            )
            if failures < self._settings.lockout_threshold:
                return False
            conn.execute("UPDATE staff SET locked_at = ? WHERE id = ?", (to_iso(self._clock.now()), member.id))
            self._audit.record("system", "staff-locked", clinic_id=member.clinic_id, detail=f"staff={member.public_id}")
        return True


# --- sessions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActiveStaffSession:
    id: int
    member: StaffMember


@dataclass(frozen=True)
class EndedStaffSession:
    reason: SessionEnd


class StaffSessionService:
    """The staff twin of SessionService: an opaque cookie token, only its digest stored."""

    def __init__(self, database: Database, clock: Clock, settings: Settings, audit: AuditLog, staff: StaffService):
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._staff = staff

    def start(self, member: StaffMember) -> str:
        token = secrets.token_urlsafe(32)
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                (digest(token), member.id, now, now),
            )
        return token

    def resume(self, token: str) -> ActiveStaffSession | EndedStaffSession | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM staff_sessions WHERE token_hash = ?", (digest(token),))
            .fetchone()
        )
        if row is None:
            return None
        if row["ended_at"]:
            return EndedStaffSession(SessionEnd(row["end_reason"]))
        now = self._clock.now()
        member = self._staff.by_id(row["staff_id"])
        ending: SessionEnd | None = None
        if now > from_iso(row["created_at"]) + self._settings.session_absolute_timeout:
            ending = SessionEnd.ABSOLUTE
        elif now > from_iso(row["last_seen_at"]) + self._settings.session_idle_timeout:
            ending = SessionEnd.IDLE
        elif member.locked:
            ending = SessionEnd.LOCKED
        if ending is not None:
            self._end(row["id"], member, ending)
            return EndedStaffSession(ending)
        with self._database.transaction() as conn:
            conn.execute("UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?", (to_iso(now), row["id"]))
        return ActiveStaffSession(row["id"], member)

    def sign_out(self, session: ActiveStaffSession) -> None:
        self._end(session.id, session.member, SessionEnd.SIGNED_OUT)

    def _end(self, session_id: int, member: StaffMember, reason: SessionEnd) -> None:
        with self._database.transaction() as conn:
            ended = conn.execute(
                "UPDATE staff_sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
                (to_iso(self._clock.now()), reason.value, session_id),
            ).rowcount
            if ended:
                self._audit.record(member.actor, "staff-session-ended", clinic_id=member.clinic_id, detail=reason.value)
