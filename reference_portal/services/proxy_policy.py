"""The proxy-access rules: what a parent, an adult proxy or a legal guardian may see, today.

Nothing here is stored: permissions are computed on every request from the relationship and the
patient's age on the scenario clock, in the patient's clinic's time zone, so a birthday or an
expiry takes effect with no manual step and no background job. Thresholds come from Settings
(DOMAIN.md's defaults in brackets):

- A parent of a child up to `proxy_full_access_max_age` [11] has full access, sensitive categories
  included (a young child's parent is the one who consents to their care).
- A parent of a child up to `proxy_limited_access_max_age` [17] has limited access: only
  `proxy_limited_access_functions` [messaging, scheduling, immunisations, allergies], no
  sensitive data. The adolescent may give the parent full access, which opens every function but
  never the sensitive categories: those stay between the adolescent and the care team (RES-04).
- On the next birthday [18th] parental access ends (the parent gets a PHI-free notice, sent by
  the proxy service).
- An adult proxy is granted by the adult patient and works until its expiry
  [`adult_proxy_lifetime_months`, 18]; only the patient renews or revokes it. Substance-use
  (42 CFR Part 2) records need the patient's separate Part 2 consent.
- A legal guardian follows the parental rules while the patient is a minor and keeps full access
  past 18 and with no expiry (an incapacitated adult); Part 2 records need Part 2 consent.

Ages: the years completed on the patient's local date. A 29 February birthday falls on
`leap_day_birthday_in_common_years` [28 February] in common years, so a leap-day child turns 12
on 28 February 2026 and not on 1 March.
"""

from __future__ import annotations

import calendar
import sqlite3
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from reference_portal.services.clinics import ClinicService
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Function, Permissions, Relationship, SensitiveCategory
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso

LEAP_DAY_RULES = {"02-28": (2, 28), "03-01": (3, 1)}
PROXY_RELATIONSHIPS = (Relationship.PARENT, Relationship.ADULT_PROXY, Relationship.GUARDIAN)


class AgeBand(StrEnum):
    CHILD = "child"  # a parent has full access
    ADOLESCENT = "adolescent"  # a parent has limited access unless the adolescent grants full
    ADULT = "adult"  # parental access has ended


class AccessState(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"  # staff registered the proxy person; they have not enrolled yet
    REVOKED = "revoked"
    EXPIRED = "expired"  # an adult proxy past its expiry (the patient may renew it)
    ENDED = "ended"  # a parent's access ended at the child's 18th birthday


@dataclass(frozen=True)
class ProxyRelationship:
    """One person's standing to act in one patient's record (a row of proxy_relationships)."""

    id: int
    public_id: str
    patient_id: int
    proxy_account_id: int | None
    proxy_first_name: str | None
    proxy_last_name: str | None
    proxy_email: str | None
    relationship: Relationship
    granted_by: str
    created_at: datetime
    expires_at: datetime | None  # adult proxies: the last instant access works
    renewed_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None
    adolescent_full_access_at: datetime | None
    part2_consent_at: datetime | None
    ended_notice_sent_at: datetime | None

    @property
    def adolescent_granted_full_access(self) -> bool:
        return self.adolescent_full_access_at is not None

    @property
    def part2_consent(self) -> bool:
        return self.part2_consent_at is not None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ProxyRelationship:
        def moment(name: str) -> datetime | None:
            return from_iso(row[name]) if row[name] else None

        return cls(
            id=row["id"],
            public_id=row["public_id"],
            patient_id=row["patient_id"],
            proxy_account_id=row["proxy_account_id"],
            proxy_first_name=row["proxy_first_name"],
            proxy_last_name=row["proxy_last_name"],
            proxy_email=row["proxy_email"],
            relationship=Relationship(row["relationship"]),
            granted_by=row["granted_by"],
            created_at=from_iso(row["created_at"]),
            expires_at=moment("expires_at"),
            renewed_at=moment("renewed_at"),
            revoked_at=moment("revoked_at"),
            revoked_by=row["revoked_by"],
            adolescent_full_access_at=moment("adolescent_full_access_at"),
            part2_consent_at=moment("part2_consent_at"),
            ended_notice_sent_at=moment("ended_notice_sent_at"),
        )


@dataclass(frozen=True)
class ProxyAccess:
    """A relationship evaluated now: its state and, while active, what the proxy may do."""

    state: AccessState
    permissions: Permissions | None
    age: int
    band: AgeBand

    @property
    def active(self) -> bool:
        return self.state is AccessState.ACTIVE and self.permissions is not None


class ProxyPolicy:
    def __init__(self, settings: Settings, clinics: ClinicService) -> None:
        if settings.leap_day_birthday_in_common_years not in LEAP_DAY_RULES:
            known = ", ".join(LEAP_DAY_RULES)
            raise ValueError(
                f"leap_day_birthday_in_common_years is {settings.leap_day_birthday_in_common_years!r}: use {known}."
            )
        self._settings = settings
        self._clinics = clinics
        limited = []
        for name in settings.proxy_limited_access_functions:
            try:
                limited.append(Function(name))
            except ValueError:
                known = ", ".join(function.value for function in Function)
                raise ValueError(f"proxy_limited_access_functions names {name!r}: use some of {known}.") from None
        self._limited_functions = frozenset(limited)

    # --- the calendar ----------------------------------------------------------------------
    def today_for(self, patient: Patient, now: datetime) -> date:
        """The patient's local date: birthdays turn at midnight in their clinic's time zone."""
        return now.astimezone(self._clinics.by_id(patient.clinic_id).zone).date()

    def birthday(self, birth: date, year: int) -> date:
        """The day the birthday is kept in `year` (29 February moves in common years)."""
        if (birth.month, birth.day) == (2, 29) and not calendar.isleap(year):
            month, day = LEAP_DAY_RULES[self._settings.leap_day_birthday_in_common_years]
            return date(year, month, day)
        return birth.replace(year=year)

    def age_on(self, birth: date, today: date) -> int:
        years = today.year - birth.year
        return years if today >= self.birthday(birth, today.year) else years - 1

    def band(self, age: int) -> AgeBand:
        if age <= self._settings.proxy_full_access_max_age:
            return AgeBand.CHILD
        if age <= self._settings.proxy_limited_access_max_age:
            return AgeBand.ADOLESCENT
        return AgeBand.ADULT

    # --- the rules -------------------------------------------------------------------------
    def evaluate(self, relationship: ProxyRelationship, patient: Patient, now: datetime) -> ProxyAccess:
        age = self.age_on(patient.demographics.date_of_birth, self.today_for(patient, now))
        band = self.band(age)
        if relationship.revoked_at is not None:
            return ProxyAccess(AccessState.REVOKED, None, age, band)
        permissions = self.permissions_for(relationship, band, now)
        if permissions is None:
            lapsed = AccessState.EXPIRED if relationship.relationship is Relationship.ADULT_PROXY else AccessState.ENDED
            return ProxyAccess(lapsed, None, age, band)
        if relationship.proxy_account_id is None:
            return ProxyAccess(AccessState.PENDING, None, age, band)
        return ProxyAccess(AccessState.ACTIVE, permissions, age, band)

    def permissions_for(self, relationship: ProxyRelationship, band: AgeBand, now: datetime) -> Permissions | None:
        """What the proxy may do now, or None when the relationship gives no access any more."""
        match relationship.relationship:
            case Relationship.PARENT:
                return self.parent_permissions(relationship, band)
            case Relationship.GUARDIAN:
                return self.guardian_permissions(relationship, band)
            case Relationship.ADULT_PROXY:
                return self.adult_proxy_permissions(relationship, band, now)
        return None

    def parent_permissions(self, relationship: ProxyRelationship, band: AgeBand) -> Permissions | None:
        kind = relationship.relationship
        if band is AgeBand.CHILD:
            return Permissions(kind, frozenset(Function), frozenset(SensitiveCategory), access_level="full")
        if band is AgeBand.ADOLESCENT:
            if relationship.adolescent_granted_full_access:
                # Every function, but adolescent sensitive results stay with the adolescent.
                return Permissions(kind, frozenset(Function), frozenset(), access_level="full")
            return Permissions(kind, self._limited_functions, frozenset(), access_level="limited")
        return None

    def guardian_permissions(self, relationship: ProxyRelationship, band: AgeBand) -> Permissions | None:
        if band is not AgeBand.ADULT:
            return self.parent_permissions(relationship, band)  # a minor's guardian stands in for a parent
        return Permissions(
            Relationship.GUARDIAN, frozenset(Function), self.adult_sensitive_categories(relationship), "full"
        )

    def adult_proxy_permissions(
        self, relationship: ProxyRelationship, band: AgeBand, now: datetime
    ) -> Permissions | None:
        if band is not AgeBand.ADULT or self.expired(relationship, now):
            return None
        return Permissions(
            Relationship.ADULT_PROXY, frozenset(Function), self.adult_sensitive_categories(relationship), "full"
        )

    def expired(self, relationship: ProxyRelationship, now: datetime) -> bool:
        return relationship.expires_at is not None and now > relationship.expires_at

    @staticmethod
    def adult_sensitive_categories(relationship: ProxyRelationship) -> frozenset[SensitiveCategory]:
        """An adult's proxy sees sensitive results, but Part 2 records only with Part 2 consent."""
        categories = set(SensitiveCategory)
        if not relationship.part2_consent:
            categories.discard(SensitiveCategory.SUBSTANCE_USE)
        return frozenset(categories)

    # --- expiry ----------------------------------------------------------------------------
    @property
    def lifetime_months(self) -> int:
        return self._settings.adult_proxy_lifetime_months

    def adult_proxy_expiry(self, granted_at: datetime) -> datetime:
        """The latest expiry an adult proxy may have when granted (or renewed) at `granted_at`."""
        return add_months(granted_at, self._settings.adult_proxy_lifetime_months)


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months later, same time of day; the 31st becomes the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def merge(permissions: list[Permissions]) -> Permissions | None:
    """Two relationships with one record (a parent who is also guardian): the broader access wins."""
    if not permissions:
        return None
    broadest = max(permissions, key=lambda p: (len(p.functions), len(p.sensitive_categories)))
    return replace(
        broadest,
        functions=frozenset().union(*(p.functions for p in permissions)),
        sensitive_categories=frozenset().union(*(p.sensitive_categories for p in permissions)),
        access_level="full" if any(p.access_level == "full" for p in permissions) else "limited",
    )
