"""Proxy-access faults (PRX, RES): regressions a portal upgrade could ship in who sees what."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import Account
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Permissions, SensitiveCategory
from reference_portal.services.proxy_policy import AgeBand, ProxyRelationship


def _parent_sees_teen_sensitive_result(portal: Portal) -> None:
    """The upgrade treats an adolescent's "full access" as the parent seeing everything."""
    original = portal.proxy_policy.parent_permissions

    def parent_permissions(relationship: ProxyRelationship, band: AgeBand) -> Permissions | None:
        permissions = original(relationship, band)
        if permissions is not None and band is AgeBand.ADOLESCENT and relationship.adolescent_granted_full_access:
            return replace(permissions, sensitive_categories=frozenset(SensitiveCategory))
        return permissions

    replace_method(portal.proxy_policy, "parent_permissions", parent_permissions)


def _adolescent_age_band_off_by_one(portal: Portal) -> None:
    """The age-band table is read with "less than 13" instead of "up to 11": limited access starts at 13."""
    settings = portal.settings

    def band(age: int) -> AgeBand:
        if age <= settings.proxy_full_access_max_age + 1:
            return AgeBand.CHILD
        if age <= settings.proxy_limited_access_max_age:
            return AgeBand.ADOLESCENT
        return AgeBand.ADULT

    replace_method(portal.proxy_policy, "band", band)


def _revoked_proxy_keeps_access_until_sign_in(portal: Portal) -> None:
    """The upgrade caches a session's proxy permissions when first computed (at sign-in or switch)."""
    original = portal.proxies.permissions_for_session
    cached: dict[tuple[int, int], Permissions | None] = {}

    def permissions_for_session(session_id: int, account: Account, patient: Patient) -> Permissions | None:
        key = (session_id, patient.id)
        if cached.get(key) is None:
            cached[key] = original(session_id, account, patient)
        return cached[key]

    replace_method(portal.proxies, "permissions_for_session", permissions_for_session)


def _parental_access_survives_18th_birthday(portal: Portal) -> None:
    """The upgrade's age bands lost their upper bound: a parent keeps limited access to an adult child."""
    original = portal.proxy_policy.parent_permissions

    def parent_permissions(relationship: ProxyRelationship, band: AgeBand) -> Permissions | None:
        return original(relationship, AgeBand.ADOLESCENT if band is AgeBand.ADULT else band)

    replace_method(portal.proxy_policy, "parent_permissions", parent_permissions)


def _adult_proxy_never_expires(portal: Portal) -> None:
    """The migrated adult-proxy rows lost their expiry check: access never lapses."""

    def expired(relationship: ProxyRelationship, now: datetime) -> bool:
        return False

    replace_method(portal.proxy_policy, "expired", expired)


def _guardian_loses_access_at_18(portal: Portal) -> None:
    """The upgrade maps legal guardians onto the parental rules, which end at the 18th birthday."""
    policy = portal.proxy_policy

    def guardian_permissions(relationship: ProxyRelationship, band: AgeBand) -> Permissions | None:
        return policy.parent_permissions(relationship, band)

    replace_method(policy, "guardian_permissions", guardian_permissions)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="parent-sees-teen-sensitive-result",
        area="RES",
        description="A parent given full access by a 12-17-year-old also sees the teen's sensitive results.",
        caught_by=("RES-04",),
        apply=_parent_sees_teen_sensitive_result,
    ),
    Fault(
        name="adolescent-age-band-off-by-one",
        area="PRX",
        description="A parent keeps full access until the child's 13th birthday instead of the 12th.",
        caught_by=("PRX-02",),
        apply=_adolescent_age_band_off_by_one,
    ),
    Fault(
        name="revoked-proxy-keeps-access-until-sign-in",
        area="PRX",
        description="A revoked proxy keeps seeing the record for the rest of their session.",
        caught_by=("PRX-07",),
        apply=_revoked_proxy_keeps_access_until_sign_in,
    ),
    Fault(
        name="parental-access-survives-18th-birthday",
        area="PRX",
        description="A parent keeps (limited) access after the child's 18th birthday, and gets no notice.",
        caught_by=("PRX-04",),
        apply=_parental_access_survives_18th_birthday,
    ),
    Fault(
        name="adult-proxy-never-expires",
        area="PRX",
        description="An adult proxy keeps access after its expiry date.",
        caught_by=("PRX-05",),
        apply=_adult_proxy_never_expires,
    ),
    Fault(
        name="guardian-loses-access-at-18",
        area="PRX",
        description="A legal guardian loses access at the patient's 18th birthday, like a parent.",
        caught_by=("PRX-06",),
        apply=_guardian_loses_access_at_18,
    ),
)
