"""Enrollment faults (ENR): activation codes, enrollment and the set-up of sign-in codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import Account
from reference_portal.services.activation import ActivationCode
from reference_portal.services.errors import Problem
from reference_portal.services.sign_in import Challenge


def _activation_code_reusable(portal: Portal) -> None:
    """The upgraded code check forgets whether the code was already redeemed."""
    original = portal.activation.refusal_reason

    def refusal_ignoring_use(code: ActivationCode, now: datetime) -> Problem | None:
        return original(replace(code, used_at=None), now)

    replace_method(portal.activation, "refusal_reason", refusal_ignoring_use)


def _expired_activation_code_accepted(portal: Portal) -> None:
    """The upgrade compares the expiry with the issue time instead of now: every code stays valid."""
    original = portal.activation.refusal_reason

    def refusal_ignoring_expiry(code: ActivationCode, now: datetime) -> Problem | None:
        return original(code, min(now, code.issued_at))

    replace_method(portal.activation, "refusal_reason", refusal_ignoring_expiry)


def _activation_code_never_voided(portal: Portal) -> None:
    """The upgrade counts wrong identity answers but the void rule reads a setting that no longer exists."""

    def never_voids(wrong_answers: int) -> bool:
        return False

    replace_method(portal.activation, "voids_after", never_voids)


def _mfa_setup_skipped(portal: Portal) -> None:
    """The upgraded sign-in treats every account as having confirmed its address for sign-in codes."""

    def no_setup_needed(account: Account) -> bool:
        return False

    replace_method(portal.sign_in, "needs_sign_in_code_setup", no_setup_needed)


def _one_time_code_never_expires(portal: Portal) -> None:
    """The upgrade stores code expiry in local time and compares it as UTC: a day of slack."""
    original = portal.sign_in.usable

    def usable_a_day_late(challenge: Challenge, now: datetime) -> bool:
        return original(challenge, now - timedelta(days=1))

    replace_method(portal.sign_in, "usable", usable_a_day_late)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="activation-code-reusable",
        area="ENR",
        description="A used activation code can be used again.",
        caught_by=("ENR-03",),
        apply=_activation_code_reusable,
    ),
    Fault(
        name="expired-activation-code-accepted",
        area="ENR",
        description="An activation code past its 7 days still opens enrollment.",
        caught_by=("ENR-02",),
        apply=_expired_activation_code_accepted,
    ),
    Fault(
        name="activation-code-never-voided",
        area="ENR",
        description="Wrong identity answers never void the activation code.",
        caught_by=("ENR-04",),
        apply=_activation_code_never_voided,
    ),
    Fault(
        name="mfa-setup-skipped",
        area="ENR",
        description="A first sign-in goes straight to a code at the unconfirmed address: no set-up of sign-in codes.",
        caught_by=("ENR-08",),
        apply=_mfa_setup_skipped,
    ),
    Fault(
        name="one-time-code-never-expires",
        area="ENR",
        description="A one-time sign-in code still works long after its 10 minutes.",
        caught_by=("ENR-08",),
        apply=_one_time_code_never_expires,
    ),
)
