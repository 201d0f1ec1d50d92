"""Enrollment faults (ENR): activation codes and enrollment."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.activation import ActivationCode
from reference_portal.services.errors import Problem


def _activation_code_reusable(portal: Portal) -> None:
    """The upgraded code check forgets whether the code was already redeemed."""
    original = portal.activation.refusal_reason

    def refusal_ignoring_use(code: ActivationCode, now: datetime) -> Problem | None:
        return original(replace(code, used_at=None), now)

    replace_method(portal.activation, "refusal_reason", refusal_ignoring_use)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="activation-code-reusable",
        area="ENR",
        description="A used activation code can be used again.",
        caught_by=("ENR-03",),
        apply=_activation_code_reusable,
    ),
)
