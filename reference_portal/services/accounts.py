"""Portal accounts: created from a redeemed activation code (or by signing up online, see
self_enrollment.py); locked after repeated failures, unlocked by support."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.activation import ActivationCode, ActivationService, CodeState
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.mfa import MfaService
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.patients import Patient
from reference_portal.services.validation import looks_like_email
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

_USERNAME = re.compile(r"[A-Za-z0-9._@-]{3,50}")


@dataclass(frozen=True)
class Account:
    id: int
    public_id: str
    patient_id: int | None
    username: str
    email: str
    password_hash: str
    failed_sign_ins: int
    locked_at: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    @property
    def actor(self) -> str:
        return f"account:{self.public_id}"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Account:
        return cls(
            row["id"],
            row["public_id"],
            row["patient_id"],
            row["username"],
            row["email"],
            row["password_hash"],
            row["failed_sign_ins"],
            from_iso(row["locked_at"]) if row["locked_at"] else None,
        )


@dataclass(frozen=True)
class SecurityEvent:
    """An audited event about an account (sign-in, lock, unlock, password), as support sees it."""

    occurred_at: datetime
    actor: str
    action: str
    detail: str


@dataclass(frozen=True)
class NewAccount:
    """What the patient typed on "Create your account"."""

    username: str
    email: str
    password: str
    confirm_password: str


class AccountStatus(StrEnum):
    NEVER_ACTIVATED = "never-activated"
    CODE_EXPIRED = "code-expired"
    LOCKED = "locked"
    ACTIVE = "active"


@dataclass(frozen=True)
class AccountReport:
    """What support sees about a patient's access (never clinical data)."""

    status: AccountStatus
    account: Account | None
    latest_code: ActivationCode | None
    latest_code_state: CodeState | None


class AccountService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        audit: AuditLog,
        activation: ActivationService,
        passwords: PasswordPolicy,
        mfa: MfaService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._activation = activation
        self._passwords = passwords
        self._mfa = mfa

    # --- enrollment ------------------------------------------------------------------------
    def create_from_activation(
        self, code_public_id: str, form: NewAccount, *, sign_in_codes_confirmed: bool = False
    ) -> Account:
        """Step two of enrollment: redeem the (already identity-checked) code into an account.

        `sign_in_codes_confirmed`: staff checked the email address with the patient at the desk,
        so the first sign-in needs no set-up of sign-in codes.
        """
        self._activation.usable(code_public_id)  # refuse early, before any slow hashing
        problems = self.new_account_problems(form)
        if problems:
            raise RefusedError(*problems)

        password_hash = self._passwords.hash(form.password)
        with self._database.transaction() as conn:
            code = self._activation.usable(code_public_id)  # again, under the write lock
            account_id, public_id = self.insert_account(
                conn, form, password_hash, patient_id=code.patient_id, activation_code_id=code.id
            )
            self._activation.mark_used(code, conn)
            if sign_in_codes_confirmed:
                self._mfa.confirm_at_desk(conn, account_id)
            self._audit.record(
                f"account:{public_id}",
                "account-created",
                patient_id=code.patient_id,
                clinic_id=code.clinic_id,
                detail=f"code={code.public_id}",
            )
        return self.get(public_id)

    def new_account_problems(self, form: NewAccount) -> list[Problem]:
        """Everything wrong with a new account's username, email and password, one per field."""
        username, email = form.username.strip(), form.email.strip()
        problems = self._username_problems(username) or self._username_taken_problems(username)
        problems += self._email_problems(email)
        problems += self._passwords.problems(form.password, username=username)
        if not form.confirm_password:
            problems.append(Problem(messages.PASSWORD_CONFIRM_MISSING, "confirm_password"))
        elif form.password and form.confirm_password != form.password:
            problems.append(Problem(messages.PASSWORD_MISMATCH, "confirm_password"))
        return problems

    def insert_account(
        self,
        conn: sqlite3.Connection,
        form: NewAccount,
        password_hash: str,
        *,
        patient_id: int | None,
        activation_code_id: int | None,
    ) -> tuple[int, str]:
        """Inside the caller's transaction: the account row; (key, public id). Rechecks the username."""
        username, email = form.username.strip(), form.email.strip()
        if self._username_taken(conn, username):
            raise RefusedError.because(messages.USERNAME_TAKEN, "username")
        public_id = new_public_id("acc")
        account_id = conn.execute(
            "INSERT INTO accounts (public_id, patient_id, activation_code_id, username, username_key, email,"
            " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                public_id,
                patient_id,
                activation_code_id,
                username,
                username.casefold(),
                email,
                password_hash,
                to_iso(self._clock.now()),
            ),
        ).fetchone()["id"]
        return int(account_id), public_id

    # --- lookups ---------------------------------------------------------------------------
    def get(self, public_id: str) -> Account:
        row = self._database.connection().execute("SELECT * FROM accounts WHERE public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No account with id {public_id}.")
        return Account.from_row(row)

    def by_id(self, account_id: int) -> Account:
        row = self._database.connection().execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No account with key {account_id}.")
        return Account.from_row(row)

    def find_by_username(self, username: str) -> Account | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM accounts WHERE username_key = ?", (username.strip().casefold(),))
            .fetchone()
        )
        return Account.from_row(row) if row else None

    def for_patient(self, patient: Patient) -> Account | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM accounts WHERE patient_id = ? ORDER BY id DESC LIMIT 1", (patient.id,))
            .fetchone()
        )
        return Account.from_row(row) if row else None

    def notice_address(self, account: Account) -> str:
        """Demographics area (DEM-02): where notices go, read when sending: the contact email on the
        account's record now (staff-verified or from the EHR), else the account's own email."""
        if account.patient_id is not None:
            row = (
                self._database.connection()
                .execute("SELECT email FROM patients WHERE id = ?", (account.patient_id,))
                .fetchone()
            )
            if row is not None and row["email"]:
                return str(row["email"])
        return account.email

    def security_events(self, account: Account, *, limit: int) -> list[SecurityEvent]:
        """The account's audited events, newest first: by the account, or about it (locks, unlocks)."""
        rows = (
            self._database.connection()
            .execute(
                "SELECT occurred_at, actor, action, detail FROM audit_log WHERE actor = ? OR detail LIKE ?"
                " ORDER BY id DESC LIMIT ?",
                (account.actor, f"%account={account.public_id}%", limit),
            )
            .fetchall()
        )
        return [SecurityEvent(from_iso(row["occurred_at"]), row["actor"], row["action"], row["detail"]) for row in rows]

    def report(self, patient: Patient) -> AccountReport:
        account = self.for_patient(patient)
        code = self._activation.latest_for(patient)
        code_state = code.state(self._clock.now()) if code else None
        if account is not None:
            status = AccountStatus.LOCKED if account.locked else AccountStatus.ACTIVE
        elif code_state is CodeState.EXPIRED:
            status = AccountStatus.CODE_EXPIRED
        else:
            status = AccountStatus.NEVER_ACTIVATED
        return AccountReport(status, account, code, code_state)

    # --- sign-in bookkeeping ---------------------------------------------------------------
    def record_failed_sign_in(self, account: Account) -> bool:
        """Count a wrong password; True when this failure locked the account."""
        with self._database.transaction() as conn:
            failures = conn.execute(
                "UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ? RETURNING failed_sign_ins",
                (account.id,),
            ).fetchone()["failed_sign_ins"]
            self._audit.record(account.actor, "sign-in-failed", patient_id=account.patient_id, detail="wrong-password")
            if account.locked or not self.locks_after(failures):
                return False
            conn.execute("UPDATE accounts SET locked_at = ? WHERE id = ?", (to_iso(self._clock.now()), account.id))
            self._audit.record(
                "system",
                "account-locked",
                patient_id=account.patient_id,
                detail=f"account={account.public_id} failures={failures}",
            )
        return True

    def locks_after(self, consecutive_failures: int) -> bool:
        """The lockout rule (Settings.lockout_threshold consecutive failures)."""
        return consecutive_failures >= self._settings.lockout_threshold

    def record_password_accepted(self, account: Account) -> None:
        """Failures are counted consecutively: a right password starts the count again."""
        if account.failed_sign_ins:
            with self._database.transaction() as conn:
                conn.execute("UPDATE accounts SET failed_sign_ins = 0 WHERE id = ?", (account.id,))

    def unlock(self, account: Account, *, actor: str) -> Account:
        """Support unlocks an account (after checking who is asking): the failure count starts again."""
        with self._database.transaction() as conn:
            conn.execute("UPDATE accounts SET locked_at = NULL, failed_sign_ins = 0 WHERE id = ?", (account.id,))
            self._audit.record(
                actor,
                "account-unlocked",
                patient_id=account.patient_id,
                detail=f"account={account.public_id} was-locked={'yes' if account.locked else 'no'}",
            )
        return self.by_id(account.id)

    def change_password(self, conn: sqlite3.Connection, account: Account, password_hash: str, *, via: str) -> None:
        """Inside the caller's transaction: a new password hash; audited (never the password)."""
        conn.execute("UPDATE accounts SET password_hash = ? WHERE id = ?", (password_hash, account.id))
        self._audit.record(account.actor, "password-changed", patient_id=account.patient_id, detail=f"via={via}")

    def link_patient(self, conn: sqlite3.Connection, account: Account, patient: Patient) -> None:
        """Inside the caller's transaction: the account now opens this patient's record."""
        conn.execute("UPDATE accounts SET patient_id = ? WHERE id = ?", (patient.id, account.id))

    # --- checks ----------------------------------------------------------------------------
    @staticmethod
    def _username_problems(username: str) -> list[Problem]:
        if not username:
            return [Problem(messages.USERNAME_MISSING, "username")]
        if not _USERNAME.fullmatch(username):
            return [Problem(messages.USERNAME_INVALID, "username")]
        return []

    def _username_taken_problems(self, username: str) -> list[Problem]:
        return [Problem(messages.USERNAME_TAKEN, "username")] if self.find_by_username(username) else []

    @staticmethod
    def _email_problems(email: str) -> list[Problem]:
        if not email:
            return [Problem(messages.EMAIL_MISSING, "email")]
        if not looks_like_email(email):
            return [Problem(messages.EMAIL_INVALID, "email")]
        return []

    @staticmethod
    def _username_taken(conn: sqlite3.Connection, username: str) -> bool:
        return (
            conn.execute("SELECT 1 FROM accounts WHERE username_key = ?", (username.casefold(),)).fetchone() is not None
        )
