"""Signing up online (ENR-05): an account whose identity is not yet verified.

The account can sign in but opens no record: it is linked to a patient only when staff have
verified who the person is (usually at the desk, with an ID). Until then the portal shows a
notice instead of clinical data. Likely EHR records are offered to staff through the
identity-matching hook (duplicate detection, DEM-04).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account, AccountService, NewAccount
from reference_portal.services.activation import ActivationService
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import ConflictError, NotFoundError, RefusedError
from reference_portal.services.identity_matching import IdentityClaim, PatientMatcher, read_claim
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.patients import Patient
from reference_portal.timestamps import from_iso, to_iso

# The order of the fields on the sign-up form, so the error summary follows the page.
FIELD_ORDER = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "username",
    "password",
    "confirm_password",
)


@dataclass(frozen=True)
class SignUpForm:
    """What the person typed on "Sign up"."""

    first_name: str
    last_name: str
    date_of_birth: str
    email: str
    username: str
    password: str
    confirm_password: str


@dataclass(frozen=True)
class SelfEnrollment:
    id: int
    public_id: str
    account_id: int
    claim: IdentityClaim
    email: str
    submitted_at: datetime
    verified_at: datetime | None
    verified_by: str | None
    patient_id: int | None

    @property
    def identity_pending(self) -> bool:
        return self.verified_at is None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> SelfEnrollment:
        return cls(
            row["id"],
            row["public_id"],
            row["account_id"],
            IdentityClaim(row["first_name"], row["last_name"], date.fromisoformat(row["date_of_birth"])),
            row["email"],
            from_iso(row["submitted_at"]),
            from_iso(row["verified_at"]) if row["verified_at"] else None,
            row["verified_by"],
            row["patient_id"],
        )


class SelfEnrollmentService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        accounts: AccountService,
        activation: ActivationService,
        passwords: PasswordPolicy,
        matcher: PatientMatcher,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._accounts = accounts
        self._activation = activation
        self._passwords = passwords
        self._matcher = matcher

    # --- the person ------------------------------------------------------------------------
    def sign_up(self, form: SignUpForm) -> Account:
        """Create the account, unverified; every problem with the form is reported at once."""
        claim, problems = read_claim(form.first_name, form.last_name, form.date_of_birth, self._clock.now().date())
        account_form = NewAccount(form.username, form.email, form.password, form.confirm_password)
        problems += self._accounts.new_account_problems(account_form)
        if problems or claim is None:
            raise RefusedError(*sorted(problems, key=lambda problem: _field_rank(problem.field)))

        password_hash = self._passwords.hash(form.password)
        with self._database.transaction() as conn:
            account_id, account_public_id = self._accounts.insert_account(
                conn, account_form, password_hash, patient_id=None, activation_code_id=None
            )
            public_id = new_public_id("sen")
            conn.execute(
                "INSERT INTO self_enrollments (public_id, account_id, first_name, last_name, date_of_birth, email,"
                " submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    account_id,
                    claim.first_name,
                    claim.last_name,
                    claim.date_of_birth.isoformat(),
                    form.email.strip(),
                    to_iso(self._clock.now()),
                ),
            )
            self._audit.record(
                f"account:{account_public_id}",
                "account-self-enrolled",
                detail=f"identity=pending enrollment={public_id}",
            )
        return self._accounts.get(account_public_id)

    def of_account(self, account: Account) -> SelfEnrollment | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM self_enrollments WHERE account_id = ?", (account.id,))
            .fetchone()
        )
        return SelfEnrollment.from_row(row) if row else None

    def identity_pending(self, account: Account) -> bool:
        """An account that signed up online and whose identity staff have not verified yet."""
        enrollment = self.of_account(account)
        return enrollment is not None and enrollment.identity_pending

    # --- staff -----------------------------------------------------------------------------
    def pending(self) -> list[SelfEnrollment]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM self_enrollments WHERE verified_at IS NULL ORDER BY submitted_at, id")
            .fetchall()
        )
        return [SelfEnrollment.from_row(row) for row in rows]

    def possible_matches(self, enrollment: SelfEnrollment) -> list[Patient]:
        """EHR records that may be this person (the duplicate-detection hook, DEM-04)."""
        return self._matcher.candidates(enrollment.claim)

    def verify_identity(self, account: Account, patient: Patient, *, actor: str) -> SelfEnrollment:
        """Staff confirmed who the person is: link the account to the patient's record. Audited."""
        enrollment = self.of_account(account)
        if enrollment is None:
            raise ConflictError.because("This account did not sign up online: there is nothing to verify.")
        if not enrollment.identity_pending:
            raise ConflictError.because("This account's identity is already verified.")
        if patient.demographics.date_of_birth != enrollment.claim.date_of_birth:
            raise RefusedError.because(
                "The patient's date of birth is not the one the account holder gave: check the record.", "patient_id"
            )
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            if conn.execute("SELECT 1 FROM accounts WHERE patient_id = ?", (patient.id,)).fetchone():
                raise ConflictError.because("This patient already has a portal account.", "patient_id")
            self._accounts.link_patient(conn, account, patient)
            conn.execute(
                "UPDATE self_enrollments SET verified_at = ?, verified_by = ?, patient_id = ? WHERE id = ?",
                (now, actor, patient.id, enrollment.id),
            )
            # The record now has an account: any activation code still in the post must not open a second one.
            self._activation.void_open_codes(conn, patient.id, reason="account-exists")
            self._audit.record(
                actor,
                "identity-verified",
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                detail=f"account={account.public_id} enrollment={enrollment.public_id}",
            )
        verified = self.of_account(account)
        if verified is None:  # pragma: no cover - the row was just updated
            raise NotFoundError(f"No self-enrollment for account {account.public_id}.")
        return verified


def _field_rank(field: str | None) -> int:
    return FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)
