"""Keeping demographics accurate (DEM-01, DEM-04).

DEM-01: a patient asks to change their phone, email or address; nothing changes in the record
until staff verify the request. Asking, approving and rejecting are audited with the values
before and after. DEM-04: enrolling with the name and date of birth, or the email address, of an
existing account is stopped and routed to support as a possible duplicate.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account, AccountService, NewAccount
from reference_portal.services.activation import ActivationService
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import ConflictError, NotFoundError, Problem, RefusedError
from reference_portal.services.identity_matching import IdentityClaim, PatientMatcher, read_claim
from reference_portal.services.patients import Address, Patient, PatientService
from reference_portal.services.self_enrollment import SignUpForm
from reference_portal.services.validation import looks_like_email
from reference_portal.timestamps import from_iso, to_iso

_ZIP = re.compile(r"\d{5}(-\d{4})?")
_STATE = re.compile(r"[A-Za-z]{2}")
_PHONE_PUNCTUATION = re.compile(r"[\s().+-]")
PHONE_DIGITS = (7, 15)
MAX_LINE = 100

# The fields of the profile form, in page order (the error summary follows the page).
FIELD_ORDER = ("phone", "email", "line1", "line2", "city", "state", "postal_code")


@dataclass(frozen=True)
class ContactDetails:
    """The part of the demographics a patient may ask to change."""

    phone: str | None = None
    email: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None

    @classmethod
    def of(cls, patient: Patient) -> ContactDetails:
        demographics, address = patient.demographics, patient.demographics.address
        return cls(
            demographics.phone,
            demographics.email,
            address.line1,
            address.line2,
            address.city,
            address.state,
            address.postal_code,
        )

    def as_dict(self) -> dict[str, str | None]:
        return {item.name: getattr(self, item.name) for item in fields(self)}

    def changed_from(self, before: ContactDetails) -> list[str]:
        """The names of the fields that differ from `before`."""
        return [name for name, value in self.as_dict().items() if before.as_dict()[name] != value]


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class ChangeRequest:
    id: int
    public_id: str
    patient_id: int
    account_id: int | None
    before: ContactDetails
    after: ContactDetails
    status: RequestStatus
    requested_at: datetime
    decided_at: datetime | None
    decided_by: str | None

    @property
    def changed_fields(self) -> list[str]:
        return self.after.changed_from(self.before)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ChangeRequest:
        return cls(
            row["id"],
            row["public_id"],
            row["patient_id"],
            row["account_id"],
            ContactDetails(**json.loads(row["before_json"])),
            ContactDetails(**json.loads(row["after_json"])),
            RequestStatus(row["status"]),
            from_iso(row["requested_at"]),
            from_iso(row["decided_at"]) if row["decided_at"] else None,
            row["decided_by"],
        )


def read_contact_form(form: dict[str, str]) -> tuple[ContactDetails | None, list[Problem]]:
    """Check the profile form; every problem at once, each naming its field."""
    problems: list[Problem] = []

    def text(name: str) -> str | None:
        value = " ".join(form.get(name, "").split())
        if len(value) > MAX_LINE:
            problems.append(Problem(messages.PROFILE_FIELD_TOO_LONG.format(maximum=MAX_LINE), name))
        return value or None

    phone, email = text("phone"), text("email")
    line1, line2, city = text("line1"), text("line2"), text("city")
    state, postal_code = text("state"), text("postal_code")
    if phone is None:
        problems.append(Problem(messages.PROFILE_PHONE_MISSING, "phone"))
    elif not PHONE_DIGITS[0] <= len(_PHONE_PUNCTUATION.sub("", phone)) <= PHONE_DIGITS[1] or not (
        _PHONE_PUNCTUATION.sub("", phone).isdigit()
    ):
        problems.append(Problem(messages.PROFILE_PHONE_INVALID, "phone"))
    if email is None:
        problems.append(Problem(messages.EMAIL_MISSING, "email"))
    elif not looks_like_email(email):
        problems.append(Problem(messages.EMAIL_INVALID, "email"))
    if any((line1, line2, city, state, postal_code)):  # an address is all or nothing (line 2 optional)
        if line1 is None:
            problems.append(Problem(messages.PROFILE_STREET_MISSING, "line1"))
        if city is None:
            problems.append(Problem(messages.PROFILE_CITY_MISSING, "city"))
        if state is None:
            problems.append(Problem(messages.PROFILE_STATE_MISSING, "state"))
        elif not _STATE.fullmatch(state):
            problems.append(Problem(messages.PROFILE_STATE_INVALID, "state"))
        if postal_code is None:
            problems.append(Problem(messages.PROFILE_ZIP_MISSING, "postal_code"))
        elif not _ZIP.fullmatch(postal_code):
            problems.append(Problem(messages.PROFILE_ZIP_INVALID, "postal_code"))
    if problems:
        problems.sort(key=lambda problem: FIELD_ORDER.index(problem.field or "phone"))
        return None, problems
    return ContactDetails(phone, email, line1, line2, city, state.upper() if state else None, postal_code), []


class DemographicsService:
    """Change requests by patients, verified by staff; every step audited with before and after."""

    def __init__(self, database: Database, clock: Clock, audit: AuditLog, patients: PatientService) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._patients = patients

    # --- the patient -------------------------------------------------------------------------
    def request_change(self, patient: Patient, account: Account, form: dict[str, str]) -> ChangeRequest:
        """Record what the patient asked for; the record itself waits for staff. Replaces an open request."""
        after, problems = read_contact_form(form)
        if after is None:
            raise RefusedError(*problems)
        before = ContactDetails.of(self._patients.get(patient.public_id))
        if not after.changed_from(before):
            raise RefusedError.because(messages.PROFILE_NOTHING_CHANGED, "phone")
        now = to_iso(self._clock.now())
        public_id = new_public_id("dmr")
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE demographics_requests SET status = ?, decided_at = ?, decided_by = ?"
                " WHERE patient_id = ? AND status = ?",
                (RequestStatus.SUPERSEDED.value, now, account.actor, patient.id, RequestStatus.PENDING.value),
            )
            conn.execute(
                "INSERT INTO demographics_requests (public_id, patient_id, account_id, before_json, after_json,"
                " status, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    patient.id,
                    account.id,
                    json.dumps(before.as_dict()),
                    json.dumps(after.as_dict()),
                    RequestStatus.PENDING.value,
                    now,
                ),
            )
            self._audit.record(
                account.actor,
                "demographics-change-requested",
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                detail=f"request={public_id} {self.audit_detail(before, after)}",
            )
        return self.get(public_id)

    def pending_for(self, patient: Patient) -> ChangeRequest | None:
        row = (
            self._database.connection()
            .execute(
                "SELECT * FROM demographics_requests WHERE patient_id = ? AND status = ? ORDER BY id DESC LIMIT 1",
                (patient.id, RequestStatus.PENDING.value),
            )
            .fetchone()
        )
        return ChangeRequest.from_row(row) if row else None

    # --- staff -------------------------------------------------------------------------------
    def pending(self, clinic_id: int | None = None) -> list[ChangeRequest]:
        """Open requests, oldest first; only one clinic's patients when `clinic_id` is given."""
        sql = "SELECT r.* FROM demographics_requests r JOIN patients p ON p.id = r.patient_id WHERE r.status = ?"
        parameters: list[object] = [RequestStatus.PENDING.value]
        if clinic_id is not None:
            sql += " AND p.clinic_id = ?"
            parameters.append(clinic_id)
        rows = self._database.connection().execute(sql + " ORDER BY r.requested_at, r.id", parameters).fetchall()
        return [ChangeRequest.from_row(row) for row in rows]

    def get(self, public_id: str) -> ChangeRequest:
        row = (
            self._database.connection()
            .execute("SELECT * FROM demographics_requests WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No demographics change request with id {public_id}.")
        return ChangeRequest.from_row(row)

    def approve(self, request: ChangeRequest, *, actor: str) -> Patient:
        """Staff verified the change: the fields the patient changed are written to the record."""
        self._require_pending(request)
        patient = self._patients.by_id(request.patient_id)
        current = ContactDetails.of(patient)
        wanted = {name: getattr(request.after, name) for name in request.changed_fields}
        after = replace(current, **wanted)
        demographics = replace(
            patient.demographics,
            phone=after.phone,
            email=after.email,
            address=Address(after.line1, after.line2, after.city, after.state, after.postal_code),
        )
        self._decide(request, RequestStatus.APPROVED, actor=actor, detail=self.audit_detail(current, after))
        return self._patients.update(patient, demographics, source=actor)

    def reject(self, request: ChangeRequest, *, actor: str) -> None:
        self._require_pending(request)
        self._decide(
            request, RequestStatus.REJECTED, actor=actor, detail=self.audit_detail(request.before, request.after)
        )

    def audit_detail(self, before: ContactDetails, after: ContactDetails) -> str:
        """The changed fields with their values before and after, for the audit log."""
        changed = after.changed_from(before)
        old = {name: before.as_dict()[name] for name in changed}
        new = {name: after.as_dict()[name] for name in changed}
        return f"before={json.dumps(old)} after={json.dumps(new)}"

    def _require_pending(self, request: ChangeRequest) -> None:
        current = self.get(request.public_id)
        if current.status is not RequestStatus.PENDING:
            raise ConflictError.because(f"This request is already {current.status.value}.")

    def _decide(self, request: ChangeRequest, status: RequestStatus, *, actor: str, detail: str) -> None:
        patient = self._patients.by_id(request.patient_id)
        with self._database.transaction() as conn:
            updated = conn.execute(
                "UPDATE demographics_requests SET status = ?, decided_at = ?, decided_by = ?"
                " WHERE id = ? AND status = ?",
                (status.value, to_iso(self._clock.now()), actor, request.id, RequestStatus.PENDING.value),
            ).rowcount
            if not updated:
                raise ConflictError.because("This request was decided by someone else.")
            self._audit.record(
                actor,
                f"demographics-change-{status.value}",
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                detail=f"request={request.public_id} {detail}",
            )


# --- DEM-04: possible duplicate accounts ------------------------------------------------------
class DuplicateReason(StrEnum):
    NAME_AND_BIRTH_DATE = "name-and-date-of-birth"
    EMAIL = "email"


@dataclass(frozen=True)
class DuplicateCandidate:
    id: int
    public_id: str
    source: str
    claim: IdentityClaim
    email: str
    username: str
    patient_id: int | None
    matched_account_id: int
    reasons: tuple[DuplicateReason, ...]
    detected_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DuplicateCandidate:
        return cls(
            row["id"],
            row["public_id"],
            row["source"],
            IdentityClaim(row["first_name"], row["last_name"], datetime.fromisoformat(row["date_of_birth"]).date()),
            row["email"],
            row["username"],
            row["patient_id"],
            row["matched_account_id"],
            tuple(DuplicateReason(reason) for reason in row["reasons"].split(",")),
            from_iso(row["detected_at"]),
            from_iso(row["resolved_at"]) if row["resolved_at"] else None,
            row["resolved_by"],
        )


class PossibleDuplicateError(RefusedError):
    """Enrollment stopped: the details match an existing account. The message reveals nothing."""

    def __init__(self) -> None:
        super().__init__(Problem(messages.POSSIBLE_DUPLICATE, None, kind="possible-duplicate"))


@dataclass(frozen=True)
class AccountMatch:
    account: Account
    reasons: tuple[DuplicateReason, ...]


class DuplicateScreen:
    """Checks an enrollment that is otherwise acceptable against the existing accounts."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        accounts: AccountService,
        activation: ActivationService,
        patients: PatientService,
        matcher: PatientMatcher,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._accounts = accounts
        self._activation = activation
        self._patients = patients
        self._matcher = matcher

    def screen_sign_up(self, form: SignUpForm) -> None:
        """Before an online sign-up is saved: stop it when it matches an existing account."""
        claim, problems = read_claim(form.first_name, form.last_name, form.date_of_birth, self._clock.now().date())
        account_form = NewAccount(form.username, form.email, form.password, form.confirm_password)
        if claim is None or problems or self._accounts.new_account_problems(account_form):
            return  # the form's own problems are reported first
        self._stop_if_matched("sign-up", claim, form.email.strip(), form.username.strip(), patient=None)

    def screen_activation(self, code_public_id: str, form: NewAccount) -> None:
        """Before an activation code is redeemed into an account."""
        try:
            code = self._activation.usable(code_public_id)
        except (RefusedError, NotFoundError):
            return  # enrollment refuses it itself
        if self._accounts.new_account_problems(form):
            return
        patient = self._patients.by_id(code.patient_id)
        demographics = patient.demographics
        claim = IdentityClaim(demographics.first_name, demographics.last_name, demographics.date_of_birth)
        self._stop_if_matched("activation", claim, form.email.strip(), form.username.strip(), patient=patient)

    def find_matches(self, claim: IdentityClaim, email: str, *, patient: Patient | None) -> list[AccountMatch]:
        """Existing accounts of the same person: same name and date of birth (another record with an
        account, or an online sign-up), or the same email address; never the account of `patient`."""
        found: dict[int, set[DuplicateReason]] = {}
        for candidate in self._matcher.candidates(claim):
            if patient is not None and candidate.id == patient.id:
                continue
            account = self._accounts.for_patient(candidate)
            if account is not None:
                found.setdefault(account.id, set()).add(DuplicateReason.NAME_AND_BIRTH_DATE)
        connection = self._database.connection()
        for row in connection.execute(
            "SELECT account_id FROM self_enrollments WHERE date_of_birth = ? AND lower(trim(first_name)) = ?"
            " AND lower(trim(last_name)) = ?",
            (claim.date_of_birth.isoformat(), _key(claim.first_name), _key(claim.last_name)),
        ):
            found.setdefault(row["account_id"], set()).add(DuplicateReason.NAME_AND_BIRTH_DATE)
        for row in connection.execute("SELECT id FROM accounts WHERE lower(trim(email)) = ?", (_key(email),)):
            found.setdefault(row["id"], set()).add(DuplicateReason.EMAIL)
        order = list(DuplicateReason)
        matches = [
            AccountMatch(self._accounts.by_id(account_id), tuple(sorted(reasons, key=order.index)))
            for account_id, reasons in sorted(found.items())
        ]
        # An account on this very record is not a second account of the person: the activation
        # rules (a code works once, one account per record) decide about it.
        return [match for match in matches if patient is None or match.account.patient_id != patient.id]

    def _stop_if_matched(
        self, source: str, claim: IdentityClaim, email: str, username: str, *, patient: Patient | None
    ) -> None:
        matches = self.find_matches(claim, email, patient=patient)
        if not matches:
            return
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            for match in matches:
                reasons = ",".join(reason.value for reason in match.reasons)
                already = conn.execute(
                    "SELECT 1 FROM duplicate_candidates WHERE resolved_at IS NULL AND source = ? AND first_name = ?"
                    " AND last_name = ? AND date_of_birth = ? AND lower(email) = ? AND matched_account_id = ?",
                    (
                        source,
                        claim.first_name,
                        claim.last_name,
                        claim.date_of_birth.isoformat(),
                        _key(email),
                        match.account.id,
                    ),
                ).fetchone()
                if already:
                    continue
                public_id = new_public_id("dup")
                conn.execute(
                    "INSERT INTO duplicate_candidates (public_id, source, first_name, last_name, date_of_birth, email,"
                    " username, patient_id, matched_account_id, reasons, detected_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        public_id,
                        source,
                        claim.first_name,
                        claim.last_name,
                        claim.date_of_birth.isoformat(),
                        email,
                        username,
                        patient.id if patient else None,
                        match.account.id,
                        reasons,
                        now,
                    ),
                )
                self._audit.record(
                    "system",
                    "possible-duplicate-enrollment",
                    patient_id=match.account.patient_id,
                    clinic_id=patient.clinic_id if patient else None,
                    detail=f"candidate={public_id} source={source} matched={match.account.public_id} reasons={reasons}",
                )
        raise PossibleDuplicateError()

    # --- support -----------------------------------------------------------------------------
    def open_candidates(self) -> list[DuplicateCandidate]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM duplicate_candidates WHERE resolved_at IS NULL ORDER BY detected_at, id")
            .fetchall()
        )
        return [DuplicateCandidate.from_row(row) for row in rows]

    def get(self, public_id: str) -> DuplicateCandidate:
        row = (
            self._database.connection()
            .execute("SELECT * FROM duplicate_candidates WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No duplicate candidate with id {public_id}.")
        return DuplicateCandidate.from_row(row)

    def resolve(self, candidate: DuplicateCandidate, *, actor: str) -> None:
        """Support has contacted the person and dealt with it."""
        with self._database.transaction() as conn:
            updated = conn.execute(
                "UPDATE duplicate_candidates SET resolved_at = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL",
                (to_iso(self._clock.now()), actor, candidate.id),
            ).rowcount
            if not updated:
                raise ConflictError.because("This possible duplicate is already resolved.")
            self._audit.record(actor, "possible-duplicate-resolved", detail=f"candidate={candidate.public_id}")


def _key(text: str) -> str:
    return " ".join(text.split()).lower()
