"""The proxy rules on their own: ages (leap days included), age bands, and what each relationship
may do and see, function by function and sensitive category by category."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from reference_portal.services.permissions import Function, Relationship, SensitiveCategory
from reference_portal.services.proxy_policy import (
    AccessState,
    AgeBand,
    ProxyPolicy,
    ProxyRelationship,
    add_months,
    merge,
)
from reference_portal.settings import Settings

pytestmark = pytest.mark.portal

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LIMITED = {Function.MESSAGING, Function.SCHEDULING, Function.IMMUNIZATIONS, Function.ALLERGIES}


class _Clinics:
    """ProxyPolicy only asks the clinic service for a clinic's time zone."""

    def by_id(self, clinic_id: int) -> SimpleNamespace:
        from zoneinfo import ZoneInfo

        return SimpleNamespace(zone=ZoneInfo("America/Denver"))


def policy(**settings: object) -> ProxyPolicy:
    return ProxyPolicy(Settings(**settings), _Clinics())  # type: ignore[arg-type]


def relationship(kind: Relationship = Relationship.PARENT, **fields: object) -> ProxyRelationship:
    base = ProxyRelationship(
        id=1,
        public_id="prx_test",
        patient_id=1,
        proxy_account_id=2,
        proxy_first_name=None,
        proxy_last_name=None,
        proxy_email=None,
        relationship=kind,
        granted_by="admin-api",
        created_at=NOW,
        expires_at=None,
        renewed_at=None,
        revoked_at=None,
        revoked_by=None,
        adolescent_full_access_at=None,
        part2_consent_at=None,
        ended_notice_sent_at=None,
    )
    return replace(base, **fields)


# --- ages --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("birth", "today", "age"),
    [
        (date(2014, 3, 15), date(2026, 3, 14), 11),  # the day before the 12th birthday
        (date(2014, 3, 15), date(2026, 3, 15), 12),  # the birthday
        (date(2008, 3, 15), date(2026, 3, 14), 17),
        (date(2008, 3, 15), date(2026, 3, 15), 18),
        (date(2008, 12, 31), date(2026, 1, 1), 17),  # across a new year
    ],
)
def test_the_age_is_the_years_completed_on_the_local_date(birth, today, age):
    assert policy().age_on(birth, today) == age


def test_a_leap_day_birthday_is_kept_on_28_february_in_common_years():
    """Born 29 February 2008: the 18th birthday (2026, a common year) is kept on 28 February."""
    rules = policy()
    born = date(2008, 2, 29)
    assert rules.birthday(born, 2026) == date(2026, 2, 28)
    assert rules.age_on(born, date(2026, 2, 27)) == 17
    assert rules.age_on(born, date(2026, 2, 28)) == 18
    assert rules.age_on(born, date(2026, 3, 1)) == 18
    assert rules.age_on(born, date(2025, 2, 28)) == 17  # the 17th birthday, also a common year
    assert rules.age_on(born, date(2025, 2, 27)) == 16


def test_a_leap_day_birthday_can_be_configured_to_1_march():
    rules = policy(leap_day_birthday_in_common_years="03-01")
    assert rules.birthday(date(2008, 2, 29), 2026) == date(2026, 3, 1)
    assert rules.age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert rules.age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_a_leap_day_born_child_turns_twelve_on_29_february():
    """12 is a multiple of 4: the 12th birthday of a leap-day child is itself a leap day."""
    rules = policy()
    assert rules.birthday(date(2016, 2, 29), 2028) == date(2028, 2, 29)
    assert rules.age_on(date(2016, 2, 29), date(2028, 2, 28)) == 11
    assert rules.age_on(date(2016, 2, 29), date(2028, 2, 29)) == 12


def test_unknown_settings_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="02-28, 03-01"):
        policy(leap_day_birthday_in_common_years="feb-29")
    with pytest.raises(ValueError, match="'billing'"):
        policy(proxy_limited_access_functions=("messaging", "billing"))


# --- bands ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("age", "band"),
    [(0, AgeBand.CHILD), (11, AgeBand.CHILD), (12, AgeBand.ADOLESCENT), (17, AgeBand.ADOLESCENT), (18, AgeBand.ADULT)],
)
def test_the_default_age_bands(age, band):
    assert policy().band(age) is band


def test_the_bands_follow_the_settings():
    rules = policy(proxy_full_access_max_age=12, proxy_limited_access_max_age=15)
    assert rules.band(12) is AgeBand.CHILD
    assert rules.band(13) is AgeBand.ADOLESCENT
    assert rules.band(16) is AgeBand.ADULT


# --- permissions per band, function by function --------------------------------------------------
@pytest.mark.parametrize("function", list(Function))
def test_a_parent_of_a_young_child_has_every_function(function):
    permissions = policy().parent_permissions(relationship(), AgeBand.CHILD)
    assert permissions is not None and permissions.allows(function)
    assert permissions.access_level == "full"


@pytest.mark.parametrize("category", list(SensitiveCategory))
def test_a_parent_of_a_young_child_sees_every_sensitive_category(category):
    permissions = policy().parent_permissions(relationship(), AgeBand.CHILD)
    assert permissions is not None and permissions.sees(category)


@pytest.mark.parametrize("function", list(Function))
def test_a_parent_of_an_adolescent_has_only_the_limited_functions(function):
    permissions = policy().parent_permissions(relationship(), AgeBand.ADOLESCENT)
    assert permissions is not None
    assert permissions.allows(function) is (function in LIMITED)
    assert permissions.access_level == "limited"


@pytest.mark.parametrize("category", list(SensitiveCategory))
def test_a_parent_of_an_adolescent_never_sees_sensitive_categories(category):
    granted = relationship(adolescent_full_access_at=NOW)
    for rel in (relationship(), granted):
        permissions = policy().parent_permissions(rel, AgeBand.ADOLESCENT)
        assert permissions is not None and not permissions.sees(category)
        assert permissions.sees(None)  # non-sensitive items stay visible with the function


@pytest.mark.parametrize("function", list(Function))
def test_full_access_granted_by_the_adolescent_opens_every_function(function):
    permissions = policy().parent_permissions(relationship(adolescent_full_access_at=NOW), AgeBand.ADOLESCENT)
    assert permissions is not None and permissions.allows(function)
    assert permissions.access_level == "full"


def test_the_limited_functions_follow_the_settings():
    rules = policy(proxy_limited_access_functions=("messaging",))
    permissions = rules.parent_permissions(relationship(), AgeBand.ADOLESCENT)
    assert permissions is not None and permissions.functions == frozenset({Function.MESSAGING})


def test_a_parent_of_an_adult_has_no_access():
    assert policy().parent_permissions(relationship(), AgeBand.ADULT) is None
    assert policy().parent_permissions(relationship(adolescent_full_access_at=NOW), AgeBand.ADULT) is None


@pytest.mark.parametrize("function", list(Function))
def test_a_guardian_of_an_adult_has_every_function(function):
    permissions = policy().guardian_permissions(relationship(Relationship.GUARDIAN), AgeBand.ADULT)
    assert permissions is not None and permissions.allows(function)


@pytest.mark.parametrize("category", list(SensitiveCategory))
def test_a_guardian_or_adult_proxy_sees_part2_records_only_with_consent(category):
    rules = policy()
    for kind in (Relationship.GUARDIAN, Relationship.ADULT_PROXY):
        without = rules.permissions_for(relationship(kind), AgeBand.ADULT, NOW)
        with_consent = rules.permissions_for(relationship(kind, part2_consent_at=NOW), AgeBand.ADULT, NOW)
        assert without is not None and with_consent is not None
        assert without.sees(category) is (category is not SensitiveCategory.SUBSTANCE_USE)
        assert with_consent.sees(category)


def test_a_guardian_of_a_minor_follows_the_parental_rules():
    rules = policy()
    adolescent = rules.guardian_permissions(relationship(Relationship.GUARDIAN), AgeBand.ADOLESCENT)
    assert adolescent is not None and adolescent.functions == frozenset(LIMITED)
    assert adolescent.relationship is Relationship.GUARDIAN
    child = rules.guardian_permissions(relationship(Relationship.GUARDIAN), AgeBand.CHILD)
    assert child is not None and child.functions == frozenset(Function)


def test_an_adult_proxy_works_until_the_last_instant_of_its_expiry():
    rules = policy()
    expires = datetime(2027, 9, 10, 12, 0, tzinfo=UTC)
    rel = relationship(Relationship.ADULT_PROXY, expires_at=expires)
    assert rules.adult_proxy_permissions(rel, AgeBand.ADULT, expires) is not None
    assert rules.adult_proxy_permissions(rel, AgeBand.ADULT, expires.replace(second=1)) is None
    assert rules.adult_proxy_permissions(rel, AgeBand.ADOLESCENT, NOW) is None  # a minor has no adult proxy


def test_evaluation_names_the_state():
    rules = policy()
    born = SimpleNamespace(
        clinic_id=1, demographics=SimpleNamespace(date_of_birth=date(2000, 1, 1))
    )  # an adult patient
    assert rules.evaluate(relationship(), born, NOW).state is AccessState.ENDED  # type: ignore[arg-type]
    assert rules.evaluate(relationship(revoked_at=NOW), born, NOW).state is AccessState.REVOKED  # type: ignore[arg-type]
    expired = relationship(Relationship.ADULT_PROXY, expires_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert rules.evaluate(expired, born, NOW).state is AccessState.EXPIRED  # type: ignore[arg-type]
    pending = relationship(Relationship.GUARDIAN, proxy_account_id=None)
    assert rules.evaluate(pending, born, NOW).state is AccessState.PENDING  # type: ignore[arg-type]
    active = rules.evaluate(relationship(Relationship.GUARDIAN), born, NOW)  # type: ignore[arg-type]
    assert active.state is AccessState.ACTIVE and active.age == 26 and active.band is AgeBand.ADULT


# --- expiry arithmetic and merging ---------------------------------------------------------------
def test_months_are_calendar_months():
    assert add_months(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), 18) == datetime(2027, 9, 10, 12, 0, tzinfo=UTC)
    assert add_months(datetime(2026, 8, 31, tzinfo=UTC), 18) == datetime(2028, 2, 29, tzinfo=UTC)
    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert policy().adult_proxy_expiry(NOW) == datetime(2027, 9, 10, 12, 0, tzinfo=UTC)
    assert policy(adult_proxy_lifetime_months=6).adult_proxy_expiry(NOW) == datetime(2026, 9, 10, 12, 0, tzinfo=UTC)


def test_two_relationships_with_one_record_give_the_broader_access():
    rules = policy()
    limited = rules.parent_permissions(relationship(), AgeBand.ADOLESCENT)
    full = rules.parent_permissions(
        relationship(Relationship.GUARDIAN, adolescent_full_access_at=NOW), AgeBand.ADOLESCENT
    )
    assert limited is not None and full is not None
    merged = merge([limited, full])
    assert merged is not None and merged.functions == frozenset(Function) and merged.access_level == "full"
    assert merge([]) is None
