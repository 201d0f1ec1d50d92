"""Proxy access: who may act in whose record, and whose record a signed-in session is viewing.

Relationships are created by staff (parents, legal guardians, adult proxies registered at the
desk), by an adult patient sharing their record (an adult proxy with an expiry), and by a parent
redeeming a proxy code (services/proxy_codes.py). Revoking, renewing and an adolescent's consent
change the relationship row; permissions are never stored but computed by ProxyPolicy on every
request, so a revocation, an expiry or a birthday changes the proxy's next request, mid-session.

Whose record a session views is kept server-side (proxy_session_subjects), chosen with a POST and
audited; a stored choice the viewer may no longer see is dropped, and that request is refused.

The parent's PHI-free "your proxy access has ended" email at the 18th birthday needs no
background job: a relationship is evaluated whenever the parent (or anyone who reads the child's
viewers, or staff) touches it, and the first evaluation on or after the birthday claims the
notice (`ended_notice_sent_at`, set atomically) and sends it. In practice: on the parent's first
request or sign-in after the birthday, or when staff look at the child's proxies.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account, AccountService
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import ClinicService
from reference_portal.services.errors import ConflictError, NotFoundError, RefusedError
from reference_portal.services.notifications import Notifier
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.permissions import Permissions, Relationship
from reference_portal.services.proxy_policy import (
    PROXY_RELATIONSHIPS,
    AccessState,
    AgeBand,
    ProxyAccess,
    ProxyPolicy,
    ProxyRelationship,
    merge,
)
from reference_portal.services.validation import looks_like_email
from reference_portal.timestamps import to_iso

IDENTIFIER_FIELD = "proxy_identifier"
ENDS_ON_FIELD = "ends_on"
LIVE_STATES = (AccessState.ACTIVE, AccessState.PENDING)


@dataclass(frozen=True)
class ProxyPerson:
    """A proxy registered by staff before they have a portal account."""

    first_name: str
    last_name: str
    email: str | None = None


@dataclass(frozen=True)
class ProxyListing:
    """One relationship as staff and the patient see it, evaluated now."""

    relationship: ProxyRelationship
    access: ProxyAccess
    patient: Patient
    proxy_account: Account | None
    proxy_name: str


@dataclass(frozen=True)
class RecordChoice:
    """A record the account may view now: its own, or one it is a proxy for."""

    patient: Patient
    permissions: Permissions

    @property
    def own(self) -> bool:
        return self.permissions.relationship is Relationship.SELF


@dataclass(frozen=True)
class ProxyView:
    """What one request sees: the subject record and permissions, and a record just lost (if any)."""

    subject: Patient | None
    permissions: Permissions
    lost_record: Patient | None = None


class ProxyService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        policy: ProxyPolicy,
        patients: PatientService,
        accounts: AccountService,
        clinics: ClinicService,
        notifier: Notifier,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._policy = policy
        self._patients = patients
        self._accounts = accounts
        self._clinics = clinics
        self._notifier = notifier

    # --- staff: register and end relationships ---------------------------------------------
    def create(
        self,
        patient: Patient,
        kind: Relationship,
        *,
        actor: str,
        proxy_account: Account | None = None,
        person: ProxyPerson | None = None,
        expires_at: datetime | None = None,
        part2_consent: bool = False,
    ) -> ProxyRelationship:
        """A new relationship. Without an account it waits (PENDING) for the person to enroll."""
        if kind not in PROXY_RELATIONSHIPS:
            raise RefusedError.because("relationship must be parent, adult-proxy or guardian.", "relationship")
        if (proxy_account is None) == (person is None):
            raise RefusedError.because("Give either proxy_account_id or the proxy person's details.", "proxy")
        now = self._clock.now()
        band = self.band_of(patient)
        if kind is Relationship.PARENT and band is AgeBand.ADULT:
            raise RefusedError.because(
                "Parental proxy access ends at 18: register a legal guardian for an incapacitated adult.",
                "relationship",
            )
        if kind is Relationship.ADULT_PROXY and band is not AgeBand.ADULT:
            raise RefusedError.because(
                "An adult proxy is for a patient aged 18 or over: register a minor's parent or guardian.",
                "relationship",
            )
        expires_at = self._checked_expiry(kind, expires_at, now, field="expires_at")
        if proxy_account is not None:
            self._refuse_own_or_duplicate(patient, proxy_account, kind, field="proxy_account_id")
        public_id = new_public_id("prx")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO proxy_relationships (public_id, patient_id, proxy_account_id, proxy_first_name,"
                " proxy_last_name, proxy_email, relationship, granted_by, created_at, expires_at, part2_consent_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    patient.id,
                    proxy_account.id if proxy_account else None,
                    person.first_name if person else None,
                    person.last_name if person else None,
                    person.email if person else None,
                    kind.value,
                    actor,
                    to_iso(now),
                    to_iso(expires_at) if expires_at else None,
                    to_iso(now) if part2_consent else None,
                ),
            )
            detail = f"proxy={public_id} relationship={kind.value}"
            if proxy_account is not None:
                detail += f" account={proxy_account.public_id}"
            self._audit.record(
                actor, "proxy-granted", patient_id=patient.id, clinic_id=patient.clinic_id, detail=detail
            )
        return self.get(public_id)

    def attach_account(self, conn: sqlite3.Connection, relationship: ProxyRelationship, account: Account) -> None:
        """Inside the caller's transaction: a pending relationship's person has enrolled."""
        if relationship.revoked_at is not None or relationship.proxy_account_id is not None:
            raise RefusedError.because(messages.PROXY_CODE_VOID, "proxy_code")
        patient = self._patients.by_id(relationship.patient_id)
        self._refuse_own_or_duplicate(patient, account, relationship.relationship, field="proxy_code")
        conn.execute(
            "UPDATE proxy_relationships SET proxy_account_id = ? WHERE id = ? AND proxy_account_id IS NULL",
            (account.id, relationship.id),
        )

    def revoke(self, relationship: ProxyRelationship, *, actor: str) -> ProxyRelationship:
        if relationship.revoked_at is None:
            with self._database.transaction() as conn:
                conn.execute(
                    "UPDATE proxy_relationships SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
                    (to_iso(self._clock.now()), actor, relationship.id),
                )
                self._audit.record(
                    actor,
                    "proxy-revoked",
                    patient_id=relationship.patient_id,
                    detail=f"proxy={relationship.public_id} relationship={relationship.relationship.value}",
                )
        return self.get(relationship.public_id)

    def set_part2_consent(self, relationship: ProxyRelationship, given: bool, *, actor: str) -> ProxyRelationship:
        """Record (or withdraw) the patient's 42 CFR Part 2 consent for this proxy."""
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE proxy_relationships SET part2_consent_at = ? WHERE id = ?",
                (to_iso(self._clock.now()) if given else None, relationship.id),
            )
            self._audit.record(
                actor,
                "proxy-part2-consent-given" if given else "proxy-part2-consent-withdrawn",
                patient_id=relationship.patient_id,
                detail=f"proxy={relationship.public_id}",
            )
        return self.get(relationship.public_id)

    # --- the patient: share, renew, revoke; an adolescent's consent --------------------------
    def share(
        self, owner: Account, patient: Patient, identifier: str, ends_on: date | None, *, part2_consent: bool = False
    ) -> ProxyRelationship:
        """An adult patient gives another adult's account proxy access until the end of `ends_on`."""
        if self.band_of(patient) is not AgeBand.ADULT:
            raise RefusedError.because(messages.SHARE_MINOR, IDENTIFIER_FIELD)
        proxy_account = self._find_account(identifier.strip())
        if proxy_account.id == owner.id or proxy_account.patient_id == patient.id:
            raise RefusedError.because(messages.SHARE_WITH_YOURSELF, IDENTIFIER_FIELD)
        if proxy_account.patient_id is not None:
            proxy_patient = self._patients.by_id(proxy_account.patient_id)
            if self.band_of(proxy_patient) is not AgeBand.ADULT:
                raise RefusedError.because(messages.SHARE_WITH_MINOR, IDENTIFIER_FIELD)
        self._refuse_own_or_duplicate(patient, proxy_account, Relationship.ADULT_PROXY, field=IDENTIFIER_FIELD)
        expires_at = self._share_expiry(patient, ends_on)
        relationship = self.create(
            patient,
            Relationship.ADULT_PROXY,
            actor=owner.actor,
            proxy_account=proxy_account,
            expires_at=expires_at,
            part2_consent=part2_consent,
        )
        self._notifier.send_proxy_access_granted(proxy_account.email)
        return relationship

    def renew(self, patient: Patient, public_id: str, *, actor: str) -> ProxyRelationship:
        """Only the patient renews an adult proxy: a full lifetime again from now."""
        relationship = self.owned_by(patient, public_id)
        if relationship.relationship is not Relationship.ADULT_PROXY or relationship.revoked_at is not None:
            raise RefusedError.because(messages.SHARE_NOT_AN_ADULT_PROXY)
        now = self._clock.now()
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE proxy_relationships SET expires_at = ?, renewed_at = ? WHERE id = ?",
                (to_iso(self._policy.adult_proxy_expiry(now)), to_iso(now), relationship.id),
            )
            self._audit.record(actor, "proxy-renewed", patient_id=patient.id, detail=f"proxy={public_id}")
        return self.get(public_id)

    def revoke_by_patient(self, patient: Patient, public_id: str, *, actor: str) -> ProxyRelationship:
        """The patient ends an adult proxy they granted (a guardianship ends by court order, with staff)."""
        relationship = self.owned_by(patient, public_id)
        if relationship.relationship is not Relationship.ADULT_PROXY:
            raise RefusedError.because(messages.SHARE_NOT_AN_ADULT_PROXY)
        return self.revoke(relationship, actor=actor)

    def set_adolescent_full_access(
        self, patient: Patient, public_id: str, granted: bool, *, actor: str
    ) -> ProxyRelationship:
        """A 12-17-year-old gives a parent (or guardian) full access, or takes it back (PRX-03)."""
        relationship = self.owned_by(patient, public_id)
        if (
            relationship.relationship not in (Relationship.PARENT, Relationship.GUARDIAN)
            or relationship.revoked_at is not None
            or self.band_of(patient) is not AgeBand.ADOLESCENT
        ):
            raise RefusedError.because(messages.FULL_ACCESS_ONLY_ADOLESCENT)
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE proxy_relationships SET adolescent_full_access_at = ? WHERE id = ?",
                (to_iso(self._clock.now()) if granted else None, relationship.id),
            )
            self._audit.record(
                actor,
                "proxy-full-access-granted" if granted else "proxy-full-access-revoked",
                patient_id=patient.id,
                detail=f"proxy={public_id}",
            )
        return self.get(public_id)

    # --- reading relationships ---------------------------------------------------------------
    def get(self, public_id: str) -> ProxyRelationship:
        row = (
            self._database.connection()
            .execute("SELECT * FROM proxy_relationships WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No proxy relationship with id {public_id}.")
        return ProxyRelationship.from_row(row)

    def owned_by(self, patient: Patient, public_id: str) -> ProxyRelationship:
        """A relationship to this patient's record; another record's id is simply not found."""
        try:
            relationship = self.get(public_id)
        except NotFoundError:
            raise RefusedError.because(messages.PROXY_NOT_FOUND) from None
        if relationship.patient_id != patient.id:
            raise RefusedError.because(messages.PROXY_NOT_FOUND)
        return relationship

    def evaluate(self, relationship: ProxyRelationship, patient: Patient | None = None) -> ProxyAccess:
        """The relationship now; the first evaluation after parental access ended sends the notice."""
        patient = patient or self._patients.by_id(relationship.patient_id)
        access = self._policy.evaluate(relationship, patient, self._clock.now())
        if access.state is AccessState.ENDED and relationship.ended_notice_sent_at is None:
            self._send_ended_notice(relationship)
        return access

    def listing(self, relationship: ProxyRelationship) -> ProxyListing:
        patient = self._patients.by_id(relationship.patient_id)
        account = self._accounts.by_id(relationship.proxy_account_id) if relationship.proxy_account_id else None
        if account is not None:
            name = self.display_name(account)
        else:
            name = f"{relationship.proxy_first_name or ''} {relationship.proxy_last_name or ''}".strip()
        return ProxyListing(relationship, self.evaluate(relationship, patient), patient, account, name)

    def proxies_of(self, patient: Patient) -> list[ProxyListing]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM proxy_relationships WHERE patient_id = ? ORDER BY id", (patient.id,))
            .fetchall()
        )
        return [self.listing(ProxyRelationship.from_row(row)) for row in rows]

    def records_of(self, account: Account) -> list[ProxyListing]:
        """Every relationship in which this account is the proxy (any state)."""
        return [self.listing(relationship) for relationship in self._relationships_of(account)]

    # --- names -----------------------------------------------------------------------------
    def person_name(self, account: Account) -> tuple[str, str] | None:
        """(first, last) of the person behind an account: their record, or their proxy-only details."""
        if account.patient_id is not None:
            demographics = self._patients.by_id(account.patient_id).demographics
            return demographics.first_name, demographics.last_name
        row = (
            self._database.connection()
            .execute("SELECT first_name, last_name FROM proxy_people WHERE account_id = ?", (account.id,))
            .fetchone()
        )
        return (row["first_name"], row["last_name"]) if row else None

    def display_name(self, account: Account) -> str:
        name = self.person_name(account)
        return f"{name[0]} {name[1]}" if name else account.username

    def record_person_name(self, conn: sqlite3.Connection, account_id: int, first_name: str, last_name: str) -> None:
        """Inside the caller's transaction: the name of a proxy-only account's person."""
        conn.execute(
            "INSERT INTO proxy_people (account_id, first_name, last_name) VALUES (?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name",
            (account_id, first_name, last_name),
        )

    # --- who may see a record ----------------------------------------------------------------
    def permissions_between(self, account: Account, patient: Patient) -> Permissions | None:
        """What this account may do in this patient's record right now; None for no access."""
        if account.patient_id == patient.id:
            return Permissions.own_record()
        granted = [
            access.permissions
            for relationship in self._relationships_of(account, patient)
            if (access := self.evaluate(relationship, patient)).active and access.permissions is not None
        ]
        return merge(granted)

    def permissions_for_session(self, session_id: int, account: Account, patient: Patient) -> Permissions | None:
        """The permissions a session has in a record: evaluated afresh on every request."""
        return self.permissions_between(account, patient)

    def record_choices(self, account: Account) -> list[RecordChoice]:
        """The records this account may view now: its own first, then the others by name."""
        choices: list[RecordChoice] = []
        if account.patient_id is not None:
            choices.append(RecordChoice(self._patients.by_id(account.patient_id), Permissions.own_record()))
        others: dict[int, RecordChoice] = {}
        for relationship in self._relationships_of(account):
            if relationship.patient_id in others or relationship.patient_id == account.patient_id:
                continue
            patient = self._patients.by_id(relationship.patient_id)
            permissions = self.permissions_between(account, patient)
            if permissions is not None:
                others[patient.id] = RecordChoice(patient, permissions)
        by_name = sorted(
            others.values(), key=lambda c: (c.patient.demographics.first_name, c.patient.demographics.last_name)
        )
        return choices + by_name

    def viewers_of(self, patient: Patient) -> list[tuple[Account, Permissions]]:
        """Every account that may see this record now, with what it may see (for notifications).

        The patient's own account comes first; then each proxy with live access. Callers check
        `permissions.allows(...)` and `permissions.sees(category)` before telling anyone anything.
        """
        viewers: list[tuple[Account, Permissions]] = []
        own = self._accounts.for_patient(patient)
        if own is not None:
            viewers.append((own, Permissions.own_record()))
        rows = (
            self._database.connection()
            .execute(
                "SELECT DISTINCT proxy_account_id FROM proxy_relationships WHERE patient_id = ?"
                " AND proxy_account_id IS NOT NULL AND revoked_at IS NULL ORDER BY proxy_account_id",
                (patient.id,),
            )
            .fetchall()
        )
        for row in rows:
            account = self._accounts.by_id(row["proxy_account_id"])
            permissions = self.permissions_between(account, patient)
            if permissions is not None and account.patient_id != patient.id:
                viewers.append((account, permissions))
        return viewers

    # --- the session's subject -----------------------------------------------------------------
    def view_for(self, session_id: int, account: Account, own: Patient | None) -> ProxyView:
        """Whose record this request shows. A stored choice that is no longer allowed is dropped."""
        self._send_due_notices(account)
        stored = self._stored_subject(session_id)
        if stored is not None and stored.id != (own.id if own else None):
            permissions = self.permissions_for_session(session_id, account, stored)
            if permissions is not None:
                return ProxyView(stored, permissions)
            self._forget_subject(session_id)
            fallback = self._default_view(session_id, account, own)
            return ProxyView(fallback.subject, fallback.permissions, lost_record=stored)
        return self._default_view(session_id, account, own)

    def switch(self, session_id: int, account: Account, own: Patient | None, public_id: str) -> RecordChoice:
        """Show another record in this session (a POST, audited). Refused unless allowed now."""
        try:
            target = self._patients.get(public_id)
        except NotFoundError:
            raise RefusedError.because(messages.SWITCH_NOT_ALLOWED, "subject") from None
        permissions = (
            Permissions.own_record()
            if own is not None and target.id == own.id
            else self.permissions_for_session(session_id, account, target)
        )
        if permissions is None:
            self._audit.record(account.actor, "proxy-switch-refused", patient_id=target.id)
            raise RefusedError.because(messages.SWITCH_NOT_ALLOWED, "subject")
        self._remember_subject(session_id, target)
        self._audit.record(
            account.actor,
            "record-switched",
            patient_id=target.id,
            clinic_id=target.clinic_id,
            detail=f"relationship={permissions.relationship.value} access={permissions.access_level}",
        )
        return RecordChoice(target, permissions)

    # --- rules helpers -------------------------------------------------------------------------
    def band_of(self, patient: Patient) -> AgeBand:
        today = self._policy.today_for(patient, self._clock.now())
        return self._policy.band(self._policy.age_on(patient.demographics.date_of_birth, today))

    def latest_expiry(self, patient: Patient) -> date:
        """The last day a share made now may run to, in the patient's local calendar."""
        latest = self._policy.adult_proxy_expiry(self._clock.now())
        return latest.astimezone(self._clinics.by_id(patient.clinic_id).zone).date()

    def local_date(self, patient: Patient, moment: datetime) -> date:
        return moment.astimezone(self._clinics.by_id(patient.clinic_id).zone).date()

    # --- internals -----------------------------------------------------------------------------
    def _default_view(self, session_id: int, account: Account, own: Patient | None) -> ProxyView:
        """Own record when there is one; a proxy-only account sees its first record (remembered)."""
        if own is not None:
            return ProxyView(own, Permissions.own_record())
        for choice in self.record_choices(account):
            permissions = self.permissions_for_session(session_id, account, choice.patient)
            if permissions is not None:
                self._remember_subject(session_id, choice.patient)  # so losing it later is noticed
                return ProxyView(choice.patient, permissions)
        return ProxyView(None, Permissions.no_record())

    def _relationships_of(self, account: Account, patient: Patient | None = None) -> list[ProxyRelationship]:
        query = "SELECT * FROM proxy_relationships WHERE proxy_account_id = ?"
        parameters: tuple[int, ...] = (account.id,)
        if patient is not None:
            query += " AND patient_id = ?"
            parameters += (patient.id,)
        rows = self._database.connection().execute(query + " ORDER BY id", parameters).fetchall()
        return [ProxyRelationship.from_row(row) for row in rows]

    def _send_due_notices(self, account: Account) -> None:
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM proxy_relationships WHERE proxy_account_id = ? AND revoked_at IS NULL"
                " AND ended_notice_sent_at IS NULL AND relationship != ?",
                (account.id, Relationship.ADULT_PROXY.value),
            )
            .fetchall()
        )
        for row in rows:
            self.evaluate(ProxyRelationship.from_row(row))

    def _send_ended_notice(self, relationship: ProxyRelationship) -> None:
        if relationship.proxy_account_id is None:
            return
        with self._database.transaction() as conn:
            claimed = conn.execute(
                "UPDATE proxy_relationships SET ended_notice_sent_at = ? WHERE id = ? AND ended_notice_sent_at IS NULL",
                (to_iso(self._clock.now()), relationship.id),
            ).rowcount
            if claimed:
                self._audit.record(
                    "system",
                    "proxy-access-ended",
                    patient_id=relationship.patient_id,
                    detail=f"proxy={relationship.public_id} notice=sent",
                )
        if claimed:
            self._notifier.send_proxy_access_ended(self._accounts.by_id(relationship.proxy_account_id).email)

    def _stored_subject(self, session_id: int) -> Patient | None:
        row = (
            self._database.connection()
            .execute("SELECT patient_id FROM proxy_session_subjects WHERE session_id = ?", (session_id,))
            .fetchone()
        )
        return self._patients.by_id(row["patient_id"]) if row else None

    def _remember_subject(self, session_id: int, patient: Patient) -> None:
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO proxy_session_subjects (session_id, patient_id, chosen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (session_id) DO UPDATE SET"
                " patient_id = excluded.patient_id, chosen_at = excluded.chosen_at"
                " WHERE proxy_session_subjects.patient_id != excluded.patient_id",
                (session_id, patient.id, to_iso(self._clock.now())),
            )

    def _forget_subject(self, session_id: int) -> None:
        with self._database.transaction() as conn:
            conn.execute("DELETE FROM proxy_session_subjects WHERE session_id = ?", (session_id,))

    def _find_account(self, identifier: str) -> Account:
        if not identifier:
            raise RefusedError.because(messages.SHARE_IDENTIFIER_MISSING, IDENTIFIER_FIELD)
        account = self._accounts.find_by_username(identifier)
        if account is not None:
            return account
        if looks_like_email(identifier):
            rows = (
                self._database.connection()
                .execute("SELECT public_id FROM accounts WHERE lower(email) = lower(?)", (identifier,))
                .fetchall()
            )
            if len(rows) > 1:
                raise RefusedError.because(messages.SHARE_EMAIL_AMBIGUOUS, IDENTIFIER_FIELD)
            if rows:
                return self._accounts.get(rows[0]["public_id"])
        raise RefusedError.because(messages.SHARE_PERSON_NOT_FOUND, IDENTIFIER_FIELD)

    def _refuse_own_or_duplicate(self, patient: Patient, account: Account, kind: Relationship, *, field: str) -> None:
        if account.patient_id == patient.id:
            raise RefusedError.because("A patient cannot be their own proxy.", field)
        for relationship in self._relationships_of(account, patient):
            if relationship.relationship is kind and self.evaluate(relationship, patient).state in LIVE_STATES:
                name = self.display_name(account)
                raise ConflictError.because(messages.SHARE_ALREADY.format(name=name), field)

    def _checked_expiry(
        self, kind: Relationship, expires_at: datetime | None, now: datetime, *, field: str
    ) -> datetime | None:
        if kind is not Relationship.ADULT_PROXY:
            if expires_at is not None:
                raise RefusedError.because(
                    "Only an adult proxy expires: parents' access ends with age, a guardian's on revocation.", field
                )
            return None
        latest = self._policy.adult_proxy_expiry(now)
        if expires_at is None:
            return latest
        if expires_at <= now:
            raise RefusedError.because("expires_at must be in the future.", field)
        if expires_at > latest:
            raise RefusedError.because(
                f"An adult proxy lasts at most {self._policy.lifetime_months} months: until {to_iso(latest)}.", field
            )
        return expires_at

    def _share_expiry(self, patient: Patient, ends_on: date | None) -> datetime:
        """Access runs to the end of the chosen day (patient's local calendar), at most the lifetime."""
        now = self._clock.now()
        latest = self._policy.adult_proxy_expiry(now)
        if ends_on is None:
            return latest
        if ends_on < self._policy.today_for(patient, now):
            raise RefusedError.because(messages.SHARE_ENDS_ON_PAST, ENDS_ON_FIELD)
        latest_day = self.local_date(patient, latest)
        if ends_on > latest_day:
            raise RefusedError.because(
                messages.SHARE_ENDS_ON_TOO_LATE.format(
                    months=self._policy.lifetime_months, latest=long_date(latest_day)
                ),
                ENDS_ON_FIELD,
            )
        return min(self._end_of_day(patient, ends_on), latest)

    def _end_of_day(self, patient: Patient, day: date) -> datetime:
        """The last second of `day` in the patient's clinic's time zone."""
        zone = self._clinics.by_id(patient.clinic_id).zone
        return datetime.combine(day, time(23, 59, 59), tzinfo=zone)


def long_date(day: date) -> str:
    """1 September 2027: unambiguous for every reader."""
    return f"{day.day} {day:%B %Y}"
