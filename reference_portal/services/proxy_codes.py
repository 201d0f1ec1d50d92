"""Proxy codes (ENR-06): staff give a parent a code for the child; the parent redeems it with the
child's date of birth, then creates a proxy-only account or, if signed in, adds the child to theirs.

A proxy code follows the activation-code rules (Settings: length, unambiguous alphabet, lifetime,
single use, void after the configured number of wrong answers) and reuses ActivationService's
generation and normalisation. Unlike an activation code it does not open the patient's own
record and does not supersede other codes: each parent gets their own.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import digest, new_public_id
from reference_portal.services.accounts import Account, AccountService, NewAccount
from reference_portal.services.activation import ActivationService, CodeState, code_state, printable
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.mfa import MfaService
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.permissions import Relationship
from reference_portal.services.proxies import ProxyService
from reference_portal.services.proxy_policy import AgeBand, ProxyRelationship
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

CODE_FIELD = "proxy_code"
CODE_RELATIONSHIPS = (Relationship.PARENT, Relationship.GUARDIAN)


@dataclass(frozen=True)
class ProxyCode:
    id: int
    public_id: str
    patient_id: int
    clinic_id: int
    relationship: Relationship
    relationship_id: int | None  # a pending relationship registered by staff, completed on redemption
    issued_at: datetime
    expires_at: datetime  # the last instant the code still works
    wrong_answers: int
    used_at: datetime | None
    voided_at: datetime | None

    def state(self, now: datetime) -> CodeState:
        return code_state(self, now)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ProxyCode:
        return cls(
            row["id"],
            row["public_id"],
            row["patient_id"],
            row["clinic_id"],
            Relationship(row["relationship"]),
            row["relationship_id"],
            from_iso(row["issued_at"]),
            from_iso(row["expires_at"]),
            row["wrong_answers"],
            from_iso(row["used_at"]) if row["used_at"] else None,
            from_iso(row["voided_at"]) if row["voided_at"] else None,
        )


@dataclass(frozen=True)
class IssuedProxyCode:
    code: str  # as printed for the parent, e.g. ABCDE-FGHJK; only ever shown once
    record: ProxyCode


@dataclass(frozen=True)
class NewProxyAccount:
    """What the parent typed on "Create your proxy account"."""

    first_name: str
    last_name: str
    account: NewAccount


class ProxyCodeService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        audit: AuditLog,
        activation: ActivationService,
        accounts: AccountService,
        passwords: PasswordPolicy,
        mfa: MfaService,
        patients: PatientService,
        proxies: ProxyService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._activation = activation
        self._accounts = accounts
        self._passwords = passwords
        self._mfa = mfa
        self._patients = patients
        self._proxies = proxies

    # --- staff side --------------------------------------------------------------------------
    def issue(
        self, patient: Patient, kind: Relationship, *, actor: str, pending: ProxyRelationship | None = None
    ) -> IssuedProxyCode:
        if kind not in CODE_RELATIONSHIPS and pending is None:
            raise RefusedError.because("A proxy code is for a parent or a guardian.", "relationship")
        if kind is Relationship.PARENT and self._proxies.band_of(patient) is AgeBand.ADULT:
            raise RefusedError.because(
                "This patient is 18 or over: parental proxy access has ended. Register a guardian instead.",
                "relationship",
            )
        now = self._clock.now()
        public_id = new_public_id("pxc")
        with self._database.transaction() as conn:

            def taken(code: str) -> bool:
                hashed = digest(code)
                return any(
                    conn.execute(f"SELECT 1 FROM {table} WHERE code_hash = ?", (hashed,)).fetchone()
                    for table in ("proxy_codes", "activation_codes")
                )

            code = self._activation.random_code(taken)
            conn.execute(
                "INSERT INTO proxy_codes (public_id, code_hash, patient_id, clinic_id, relationship, relationship_id,"
                " issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    digest(code),
                    patient.id,
                    patient.clinic_id,
                    kind.value,
                    pending.id if pending else None,
                    to_iso(now),
                    to_iso(now + self._settings.activation_code_lifetime),
                ),
            )
            self._audit.record(
                actor,
                "proxy-code-issued",
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                detail=f"code={public_id} relationship={kind.value}",
            )
        return IssuedProxyCode(printable(code), self.get(public_id))

    def get(self, public_id: str) -> ProxyCode:
        row = (
            self._database.connection()
            .execute("SELECT * FROM proxy_codes WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No proxy code with id {public_id}.")
        return ProxyCode.from_row(row)

    # --- the parent's side ---------------------------------------------------------------------
    def verify_identity(self, code_text: str, patient_birth_date: date) -> ProxyCode:
        """Step one: the code and the patient's (the child's) date of birth must agree."""
        now = self._clock.now()
        code = self._find(code_text)
        if code is None:
            raise RefusedError.because(messages.PROXY_CODE_NOT_RIGHT, CODE_FIELD)
        problem = self.refusal_reason(code, now)
        if problem is not None:
            raise RefusedError(problem)
        if self._patients.by_id(code.patient_id).demographics.date_of_birth == patient_birth_date:
            return code
        voided = self._count_wrong_answer(code, now)
        raise RefusedError.because(messages.PROXY_CODE_VOID if voided else messages.PROXY_CODE_NOT_RIGHT, CODE_FIELD)

    def usable(self, public_id: str) -> ProxyCode:
        """A code that passed the identity check, re-checked before it is redeemed."""
        code = self.get(public_id)
        problem = self.refusal_reason(code, self._clock.now())
        if problem is not None:
            raise RefusedError(problem)
        return code

    def refusal_reason(self, code: ProxyCode, now: datetime) -> Problem | None:
        state = code.state(now)
        if state is CodeState.VOID:
            return Problem(messages.PROXY_CODE_VOID, CODE_FIELD)
        if state is CodeState.USED:
            return Problem(messages.PROXY_CODE_USED, CODE_FIELD)
        if state is CodeState.EXPIRED:
            return Problem(messages.PROXY_CODE_EXPIRED, CODE_FIELD, kind=CodeState.EXPIRED.value)
        patient = self._patients.by_id(code.patient_id)
        if code.relationship is Relationship.PARENT and self._proxies.band_of(patient) is AgeBand.ADULT:
            return Problem(messages.PROXY_CODE_ACCESS_ENDED, CODE_FIELD)
        return None

    def patient_of(self, code: ProxyCode) -> Patient:
        return self._patients.by_id(code.patient_id)

    def redeem_for(self, account: Account, code_public_id: str) -> ProxyRelationship:
        """A signed-in account adds the record to the ones it can view."""
        with self._database.transaction() as conn:
            code = self.usable(code_public_id)
            relationship = self._attach(conn, code, account)
        return relationship

    def redeem_with_new_account(
        self, code_public_id: str, form: NewProxyAccount, *, sign_in_codes_confirmed: bool = False
    ) -> Account:
        """A proxy-only account (no record of its own) that can view the code's record.

        `sign_in_codes_confirmed`: staff checked the email address in person (desk enrollment).
        """
        self.usable(code_public_id)  # refuse early, before any slow hashing
        problems = self._name_problems(form) + self._accounts.new_account_problems(form.account)
        if problems:
            raise RefusedError(*problems)
        password_hash = self._passwords.hash(form.account.password)
        with self._database.transaction() as conn:
            code = self.usable(code_public_id)  # again, under the write lock
            account_id, public_id = self._accounts.insert_account(
                conn, form.account, password_hash, patient_id=None, activation_code_id=None
            )
            self._proxies.record_person_name(conn, account_id, form.first_name.strip(), form.last_name.strip())
            self._audit.record(
                f"account:{public_id}",
                "account-created",
                clinic_id=code.clinic_id,
                detail=f"proxy-code={code.public_id}",
            )
            self._attach(conn, code, self._accounts.by_id(account_id))
            if sign_in_codes_confirmed:
                self._mfa.confirm_at_desk(conn, account_id)
        return self._accounts.get(public_id)

    # --- internals -----------------------------------------------------------------------------
    def _attach(self, conn: sqlite3.Connection, code: ProxyCode, account: Account) -> ProxyRelationship:
        patient = self._patients.by_id(code.patient_id)
        if account.patient_id == patient.id:
            raise RefusedError.because(messages.PROXY_CODE_OWN_RECORD, CODE_FIELD)
        if self._proxies.permissions_between(account, patient) is not None:
            raise RefusedError.because(messages.PROXY_CODE_ALREADY_PROXY, CODE_FIELD)
        actor = f"proxy-code:{code.public_id}"
        if code.relationship_id is not None:
            pending = self._pending(code.relationship_id)
            self._proxies.attach_account(conn, pending, account)
            relationship = self._proxies.get(pending.public_id)
        else:
            relationship = self._proxies.create(patient, code.relationship, actor=actor, proxy_account=account)
        conn.execute(
            "UPDATE proxy_codes SET used_at = ?, used_by_account_id = ? WHERE id = ?",
            (to_iso(self._clock.now()), account.id, code.id),
        )
        self._audit.record(
            account.actor,
            "proxy-code-redeemed",
            patient_id=patient.id,
            clinic_id=code.clinic_id,
            detail=f"code={code.public_id} proxy={relationship.public_id}",
        )
        return relationship

    def _pending(self, relationship_id: int) -> ProxyRelationship:
        row = (
            self._database.connection()
            .execute("SELECT public_id FROM proxy_relationships WHERE id = ?", (relationship_id,))
            .fetchone()
        )
        return self._proxies.get(row["public_id"])

    def _find(self, code_text: str) -> ProxyCode | None:
        code = self._activation.well_formed(code_text)
        if code is None:
            return None
        row = (
            self._database.connection()
            .execute("SELECT * FROM proxy_codes WHERE code_hash = ?", (digest(code),))
            .fetchone()
        )
        return ProxyCode.from_row(row) if row else None

    def _count_wrong_answer(self, code: ProxyCode, now: datetime) -> bool:
        """Record a wrong date of birth; True when it used up the last try and voided the code."""
        with self._database.transaction() as conn:
            wrong = conn.execute(
                "UPDATE proxy_codes SET wrong_answers = wrong_answers + 1 WHERE id = ? RETURNING wrong_answers",
                (code.id,),
            ).fetchone()["wrong_answers"]
            if wrong < self._settings.activation_code_max_wrong_answers:
                return False
            conn.execute(
                "UPDATE proxy_codes SET voided_at = ?, void_reason = 'too-many-wrong-answers'"
                " WHERE id = ? AND voided_at IS NULL",
                (to_iso(now), code.id),
            )
            self._audit.record(
                "anonymous",
                "proxy-code-voided",
                patient_id=code.patient_id,
                clinic_id=code.clinic_id,
                detail=f"code={code.public_id} reason=too-many-wrong-answers",
            )
        return True

    @staticmethod
    def _name_problems(form: NewProxyAccount) -> list[Problem]:
        problems = []
        if not form.first_name.strip():
            problems.append(Problem(messages.FIRST_NAME_MISSING, "first_name"))
        if not form.last_name.strip():
            problems.append(Problem(messages.LAST_NAME_MISSING, "last_name"))
        return problems
