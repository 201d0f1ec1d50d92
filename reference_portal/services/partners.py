"""Partner institutions under an MOU (PRX-09, PRX-10): ICF homes and home-health agencies.

An organisation belongs to a clinic (whose time zone its dates use) and works under MOUs: each
has a first and a last valid day, the functions it permits (never sensitive categories unless it
names them) and the patients attributed to it. A partner user ("Ana, home-health nurse") signs
in with an ordinary portal account that has no record of its own, so passwords, lockout and
sessions are the patients' rules. They see only the patients attributed under the MOU in force
today, with a `Permissions` of `Relationship.PARTNER` built from that MOU; any other patient is
not found (and the attempt audited). After the MOU's last day, or once the organisation is
deactivated, they can neither sign in nor open anything.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account, AccountService, NewAccount
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic, ClinicService
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.permissions import Function, Permissions, Relationship, SensitiveCategory
from reference_portal.timestamps import from_iso, to_iso

# What an MOU may grant: reading the record and the appointments, never messaging, notes,
# downloads or the patient's own readings (those stay between the patient and the clinic).
PARTNER_FUNCTIONS: tuple[Function, ...] = (
    Function.RESULTS,
    Function.MEDICATIONS,
    Function.ALLERGIES,
    Function.IMMUNIZATIONS,
    Function.PROBLEMS,
    Function.VITALS,
    Function.HEALTH_SUMMARY,
    Function.SCHEDULING,
)

FUNCTION_LABELS: dict[Function, str] = {
    Function.RESULTS: "Test results",
    Function.MEDICATIONS: "Medications",
    Function.ALLERGIES: "Allergies",
    Function.IMMUNIZATIONS: "Immunizations",
    Function.PROBLEMS: "Problems",
    Function.VITALS: "Vital signs",
    Function.HEALTH_SUMMARY: "Care team",
    Function.SCHEDULING: "Appointments",
}


class OrganizationKind(StrEnum):
    ICF_HOME = "icf-home"
    HOME_HEALTH = "home-health"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"icf-home": "ICF home", "home-health": "Home-health agency", "other": "Other"}[self.value]


class AccessEnd(StrEnum):
    """Why a partner user may not use the portal now."""

    DEACTIVATED = "deactivated"
    NO_MOU_IN_FORCE = "no-mou-in-force"


@dataclass(frozen=True)
class Organization:
    id: int
    public_id: str
    name: str
    clinic_id: int
    kind: OrganizationKind
    created_at: datetime
    deactivated_at: datetime | None

    @property
    def deactivated(self) -> bool:
        return self.deactivated_at is not None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Organization:
        return cls(
            row["id"],
            row["public_id"],
            row["name"],
            row["clinic_id"],
            OrganizationKind(row["kind"]),
            from_iso(row["created_at"]),
            from_iso(row["deactivated_at"]) if row["deactivated_at"] else None,
        )


@dataclass(frozen=True)
class PartnerUser:
    id: int
    public_id: str
    organization_id: int
    account_id: int
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> PartnerUser:
        return cls(
            row["id"],
            row["public_id"],
            row["organization_id"],
            row["account_id"],
            row["first_name"],
            row["last_name"],
        )


@dataclass(frozen=True)
class Mou:
    id: int
    public_id: str
    organization_id: int
    starts_on: date  # the first valid day, in the organisation's clinic time zone
    ends_on: date  # the last valid day
    functions: frozenset[Function]
    sensitive_categories: frozenset[SensitiveCategory]
    site_administrator_id: int | None

    @property
    def permissions(self) -> Permissions:
        return Permissions(Relationship.PARTNER, self.functions, self.sensitive_categories)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Mou:
        return cls(
            row["id"],
            row["public_id"],
            row["organization_id"],
            date.fromisoformat(row["starts_on"]),
            date.fromisoformat(row["ends_on"]),
            frozenset(Function(name) for name in row["functions"].split(",") if name),
            frozenset(SensitiveCategory(name) for name in row["sensitive_categories"].split(",") if name),
            row["site_administrator_id"],
        )


@dataclass(frozen=True)
class NewPartnerUser:
    first_name: str
    last_name: str
    username: str
    password: str
    email: str


@dataclass(frozen=True)
class MouTerms:
    starts_on: date | None
    ends_on: date | None
    functions: tuple[str, ...]
    sensitive_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerPatient:
    """An attributed patient as a partner user sees them: the record with the MOU's permissions."""

    patient: Patient
    permissions: Permissions
    mou: Mou

    @property
    def function_labels(self) -> list[str]:
        return [FUNCTION_LABELS[f] for f in PARTNER_FUNCTIONS if f in self.permissions.functions]


@dataclass(frozen=True)
class Attribution:
    patient: Patient
    attributed_at: datetime


class PartnerService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        clinics: ClinicService,
        patients: PatientService,
        accounts: AccountService,
        passwords: PasswordPolicy,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._clinics = clinics
        self._patients = patients
        self._accounts = accounts
        self._passwords = passwords

    # --- organisations -----------------------------------------------------------------------
    def create_organization(self, name: str, clinic: Clinic, kind: str, *, actor: str) -> Organization:
        name = name.strip()
        problems: list[Problem] = []
        if not name:
            problems.append(Problem(messages.PARTNER_ORGANIZATION_NAME_MISSING, "name"))
        parsed = _parse_kind(kind)
        if parsed is None:
            problems.append(Problem(messages.PARTNER_ORGANIZATION_KIND_MISSING, "kind"))
        if problems or parsed is None:
            raise RefusedError(*problems)
        public_id = new_public_id("org")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO partner_organizations (public_id, name, clinic_id, kind, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (public_id, name, clinic.id, parsed.value, to_iso(self._clock.now())),
            )
            self._audit.record(actor, "partner-organization-created", clinic_id=clinic.id, detail=f"org={public_id}")
        return self.organization(public_id)

    def organization(self, public_id: str) -> Organization:
        row = (
            self._database.connection()
            .execute("SELECT * FROM partner_organizations WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No partner organization with id {public_id}.")
        return Organization.from_row(row)

    def organization_by_id(self, organization_id: int) -> Organization:
        row = (
            self._database.connection()
            .execute("SELECT * FROM partner_organizations WHERE id = ?", (organization_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No partner organization with key {organization_id}.")
        return Organization.from_row(row)

    def organizations(self, clinic: Clinic) -> list[Organization]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM partner_organizations WHERE clinic_id = ? ORDER BY name, id", (clinic.id,))
            .fetchall()
        )
        return [Organization.from_row(row) for row in rows]

    def deactivate(self, organization: Organization, *, actor: str) -> Organization:
        """Access ends now for every user of the organisation (their open sessions included)."""
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE partner_organizations SET deactivated_at = ?, deactivated_by = ?"
                " WHERE id = ? AND deactivated_at IS NULL",
                (to_iso(self._clock.now()), actor, organization.id),
            )
            self._audit.record(
                actor,
                "partner-organization-deactivated",
                clinic_id=organization.clinic_id,
                detail=f"org={organization.public_id}",
            )
        return self.organization_by_id(organization.id)

    # --- users -------------------------------------------------------------------------------
    def create_user(self, organization: Organization, new: NewPartnerUser, *, actor: str) -> PartnerUser:
        with self._database.transaction() as conn:
            user = self._insert_user(conn, organization, new, actor=actor)
        return user

    def _insert_user(
        self, conn: sqlite3.Connection, organization: Organization, new: NewPartnerUser, *, actor: str
    ) -> PartnerUser:
        form = NewAccount(new.username, new.email, new.password, new.password)
        problems = self._accounts.new_account_problems(form)
        if not new.first_name.strip():
            problems.append(Problem(messages.FIRST_NAME_MISSING, "first_name"))
        if not new.last_name.strip():
            problems.append(Problem(messages.LAST_NAME_MISSING, "last_name"))
        if problems:
            raise RefusedError(*problems)
        account_id, account_public_id = self._accounts.insert_account(
            conn, form, self._passwords.hash(new.password), patient_id=None, activation_code_id=None
        )
        public_id = new_public_id("ptu")
        conn.execute(
            "INSERT INTO partner_users (public_id, organization_id, account_id, first_name, last_name, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                public_id,
                organization.id,
                account_id,
                new.first_name.strip(),
                new.last_name.strip(),
                to_iso(self._clock.now()),
            ),
        )
        self._audit.record(
            actor,
            "partner-user-created",
            clinic_id=organization.clinic_id,
            detail=f"org={organization.public_id} user={public_id} account={account_public_id}",
        )
        row = conn.execute("SELECT * FROM partner_users WHERE public_id = ?", (public_id,)).fetchone()
        return PartnerUser.from_row(row)

    def user(self, public_id: str) -> PartnerUser:
        connection = self._database.connection()
        row = connection.execute("SELECT * FROM partner_users WHERE public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No partner user with id {public_id}.")
        return PartnerUser.from_row(row)

    def user_by_id(self, user_id: int) -> PartnerUser:
        row = self._database.connection().execute("SELECT * FROM partner_users WHERE id = ?", (user_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No partner user with key {user_id}.")
        return PartnerUser.from_row(row)

    def user_for_account(self, account: Account) -> PartnerUser | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM partner_users WHERE account_id = ?", (account.id,))
            .fetchone()
        )
        return PartnerUser.from_row(row) if row else None

    def users(self, organization: Organization) -> list[PartnerUser]:
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM partner_users WHERE organization_id = ? ORDER BY last_name, first_name, id",
                (organization.id,),
            )
            .fetchall()
        )
        return [PartnerUser.from_row(row) for row in rows]

    def account_of(self, user: PartnerUser) -> Account:
        return self._accounts.by_id(user.account_id)

    # --- MOUs --------------------------------------------------------------------------------
    def create_mou(
        self,
        organization: Organization,
        terms: MouTerms,
        *,
        site_administrator: NewPartnerUser | None,
        actor: str,
    ) -> Mou:
        starts_on, ends_on, functions, categories = self._checked_terms(terms)
        public_id = new_public_id("mou")
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            administrator = (
                self._insert_user(conn, organization, site_administrator, actor=actor) if site_administrator else None
            )
            conn.execute(
                "INSERT INTO partner_mous (public_id, organization_id, starts_on, ends_on, functions,"
                " sensitive_categories, site_administrator_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    organization.id,
                    starts_on.isoformat(),
                    ends_on.isoformat(),
                    functions,
                    categories,
                    administrator.id if administrator else None,
                    now,
                    now,
                ),
            )
            self._audit.record(
                actor,
                "partner-mou-created",
                clinic_id=organization.clinic_id,
                detail=f"org={organization.public_id} mou={public_id} {starts_on}..{ends_on} functions={functions}",
            )
        return self.mou(public_id)

    def update_mou(self, mou: Mou, terms: MouTerms, *, actor: str) -> Mou:
        starts_on, ends_on, functions, categories = self._checked_terms(terms)
        organization = self.organization_by_id(mou.organization_id)
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE partner_mous SET starts_on = ?, ends_on = ?, functions = ?, sensitive_categories = ?,"
                " updated_at = ? WHERE id = ?",
                (starts_on.isoformat(), ends_on.isoformat(), functions, categories, to_iso(self._clock.now()), mou.id),
            )
            self._audit.record(
                actor,
                "partner-mou-changed",
                clinic_id=organization.clinic_id,
                detail=f"mou={mou.public_id} before={mou.starts_on}..{mou.ends_on} "
                f"{','.join(sorted(mou.functions))} after={starts_on}..{ends_on} {functions}",
            )
        return self.mou(mou.public_id)

    def mou(self, public_id: str) -> Mou:
        connection = self._database.connection()
        row = connection.execute("SELECT * FROM partner_mous WHERE public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No MOU with id {public_id}.")
        return Mou.from_row(row)

    def mous(self, organization: Organization) -> list[Mou]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM partner_mous WHERE organization_id = ? ORDER BY starts_on, id", (organization.id,))
            .fetchall()
        )
        return [Mou.from_row(row) for row in rows]

    def _checked_terms(self, terms: MouTerms) -> tuple[date, date, str, str]:
        problems: list[Problem] = []
        if terms.starts_on is None:
            problems.append(Problem(messages.MOU_START_MISSING, "starts_on"))
        if terms.ends_on is None:
            problems.append(Problem(messages.MOU_END_MISSING, "ends_on"))
        elif terms.starts_on is not None and terms.ends_on < terms.starts_on:
            problems.append(Problem(messages.MOU_END_BEFORE_START, "ends_on"))
        chosen: list[Function] = []
        for name in terms.functions:
            function = next((f for f in PARTNER_FUNCTIONS if f.value == name), None)
            if function is None:
                allowed = ", ".join(f.value for f in PARTNER_FUNCTIONS)
                problems.append(Problem(f"functions: {name!r} is not one of {allowed}.", "functions"))
            elif function not in chosen:
                chosen.append(function)
        if not terms.functions:
            problems.append(Problem(messages.MOU_FUNCTIONS_MISSING, "functions"))
        categories: list[SensitiveCategory] = []
        for name in terms.sensitive_categories:
            try:
                categories.append(SensitiveCategory(name))
            except ValueError:
                problems.append(Problem(f"sensitive_categories: {name!r} is not a category.", "sensitive_categories"))
        if problems or terms.starts_on is None or terms.ends_on is None:
            raise RefusedError(*problems)
        return (
            terms.starts_on,
            terms.ends_on,
            ",".join(f.value for f in PARTNER_FUNCTIONS if f in chosen),
            ",".join(sorted({c.value for c in categories})),
        )

    # --- attribution -------------------------------------------------------------------------
    def attribute(self, mou: Mou, patient: Patient, *, actor: str) -> None:
        organization = self.organization_by_id(mou.organization_id)
        if patient.clinic_id != organization.clinic_id:
            raise RefusedError.because(messages.PARTNER_PATIENT_OTHER_CLINIC, "patient_id")
        with self._database.transaction() as conn:
            if self._attributed(conn, mou, patient):
                return
            conn.execute(
                "INSERT INTO partner_attributions (mou_id, patient_id, attributed_at) VALUES (?, ?, ?)",
                (mou.id, patient.id, to_iso(self._clock.now())),
            )
            self._audit.record(
                actor,
                "partner-patient-attributed",
                patient_id=patient.id,
                clinic_id=organization.clinic_id,
                detail=f"org={organization.public_id} mou={mou.public_id}",
            )

    def remove_attribution(self, mou: Mou, patient: Patient, *, actor: str) -> None:
        with self._database.transaction() as conn:
            removed = conn.execute(
                "UPDATE partner_attributions SET removed_at = ? WHERE mou_id = ? AND patient_id = ?"
                " AND removed_at IS NULL",
                (to_iso(self._clock.now()), mou.id, patient.id),
            ).rowcount
            if not removed:
                raise NotFoundError("That patient is not attributed under this MOU.")
            self._audit.record(
                actor, "partner-patient-unattributed", patient_id=patient.id, detail=f"mou={mou.public_id}"
            )

    def attributions(self, mou: Mou) -> list[Attribution]:
        rows = (
            self._database.connection()
            .execute(
                "SELECT a.patient_id, a.attributed_at FROM partner_attributions a JOIN patients p"
                " ON p.id = a.patient_id WHERE a.mou_id = ? AND a.removed_at IS NULL"
                " ORDER BY p.last_name, p.first_name, p.id",
                (mou.id,),
            )
            .fetchall()
        )
        return [Attribution(self._patients.by_id(row["patient_id"]), from_iso(row["attributed_at"])) for row in rows]

    @staticmethod
    def _attributed(conn: sqlite3.Connection, mou: Mou, patient: Patient) -> bool:
        row = conn.execute(
            "SELECT 1 FROM partner_attributions WHERE mou_id = ? AND patient_id = ? AND removed_at IS NULL",
            (mou.id, patient.id),
        ).fetchone()
        return row is not None

    # --- access rules ------------------------------------------------------------------------
    def today_for(self, organization: Organization) -> date:
        """The day it is now at the organisation's clinic (MOU dates are clinic calendar days)."""
        clinic = self._clinics.by_id(organization.clinic_id)
        return self._clock.now().astimezone(clinic.zone).date()

    def mou_in_force(self, mou: Mou, today: date) -> bool:
        """From its first valid day to its last valid day, both included."""
        return mou.starts_on <= today <= mou.ends_on

    def is_deactivated(self, organization: Organization) -> bool:
        return organization.deactivated

    def current_mou(self, organization: Organization) -> Mou | None:
        """The MOU in force today (the most recently started, if several overlap)."""
        today = self.today_for(organization)
        in_force = [mou for mou in self.mous(organization) if self.mou_in_force(mou, today)]
        return in_force[-1] if in_force else None

    def access_end(self, user: PartnerUser) -> AccessEnd | None:
        """Why this user may not use the portal now; None while their organisation's access lasts."""
        organization = self.organization_by_id(user.organization_id)
        if self.is_deactivated(organization):
            return AccessEnd.DEACTIVATED
        if self.current_mou(organization) is None:
            return AccessEnd.NO_MOU_IN_FORCE
        return None

    def check_sign_in(self, username: str, password: str) -> PartnerUser:
        """Username and password of a partner user (the patients' lockout rules), then the MOU."""
        account = self._accounts.find_by_username(username)
        user = self.user_for_account(account) if account else None
        if account is None or user is None:
            # Not a partner user (a patient's username included): the same answer as a wrong password.
            self._passwords.spend_equal_time(password)
            self._audit.record("anonymous", "partner-sign-in-failed", detail="unknown-username")
            raise RefusedError.because(messages.SIGN_IN_INCORRECT, "username")
        if account.locked:
            self._passwords.spend_equal_time(password)
            self._audit.record(account.actor, "partner-sign-in-refused", detail="locked")
            raise RefusedError.because(messages.ACCOUNT_LOCKED, "username")
        if not self._passwords.verify(account.password_hash, password):
            locked_now = self._accounts.record_failed_sign_in(account)
            raise RefusedError.because(
                messages.ACCOUNT_LOCKED if locked_now else messages.SIGN_IN_INCORRECT, "username"
            )
        self._accounts.record_password_accepted(account)
        ended = self.access_end(user)
        if ended is not None:
            self.record_refusal(user, ended)
            raise RefusedError.because(messages.PARTNER_ACCESS_ENDED, "username", kind="access-ended")
        organization = self.organization_by_id(user.organization_id)
        self._audit.record(account.actor, "partner-signed-in", clinic_id=organization.clinic_id, detail=_who(user))
        return user

    def record_refusal(self, user: PartnerUser, reason: AccessEnd) -> None:
        account = self.account_of(user)
        self._audit.record(account.actor, "partner-access-refused", detail=f"{_who(user)} reason={reason}")

    # --- what a partner user sees ------------------------------------------------------------
    def attributed_patients(self, user: PartnerUser) -> list[PartnerPatient]:
        """The patients attributed under the MOU in force today; audited (names and dates of birth are PHI)."""
        organization = self.organization_by_id(user.organization_id)
        mou = self.current_mou(organization)
        if mou is None or self.is_deactivated(organization):
            return []
        listed = [PartnerPatient(a.patient, mou.permissions, mou) for a in self.attributions(mou)]
        actor = self.account_of(user).actor
        for item in listed:
            self._audit.record(actor, "partner-patient-listed", patient_id=item.patient.id, detail=_who(user))
        return listed

    def open_patient(self, user: PartnerUser, patient_public_id: str) -> PartnerPatient:
        """An attributed patient, with the MOU's permissions; anyone else is not found, and the try audited."""
        organization = self.organization_by_id(user.organization_id)
        mou = self.current_mou(organization)
        try:
            patient = self._patients.get(patient_public_id)
        except NotFoundError:
            patient = None
        if (
            patient is not None
            and mou is not None
            and not self.is_deactivated(organization)
            and self._attributed(self._database.connection(), mou, patient)
        ):
            self._audit.record(
                self.account_of(user).actor,
                "partner-patient-opened",
                patient_id=patient.id,
                detail=f"{_who(user)} mou={mou.public_id}",
            )
            return PartnerPatient(patient, mou.permissions, mou)
        self._audit.record(
            self.account_of(user).actor,
            "partner-access-refused",
            patient_id=patient.id if patient else None,
            detail=f"{_who(user)} reason=not-attributed",
        )
        raise NotFoundError("No such patient.")


def _who(user: PartnerUser) -> str:
    return f"partner-user={user.public_id} org-key={user.organization_id}"


def _parse_kind(text: str) -> OrganizationKind | None:
    try:
        return OrganizationKind(text.strip())
    except ValueError:
        return None
