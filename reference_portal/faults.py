"""Named upgrade faults: the ONE place where the reference portal is deliberately broken.

Each fault mimics a regression a real portal upgrade could ship. `apply` patches one Portal's
service layer at start-up, so the rest of the code reads as a correct portal. Start a portal with
`--faults a,b`; each fault names the catalogue scenarios that must turn red (`caught_by`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from reference_portal.portal import Portal
from reference_portal.services.activation import ActivationCode
from reference_portal.services.errors import Problem, RefusedError


@dataclass(frozen=True, kw_only=True)
class Fault:
    name: str
    area: str
    kind: str = "behaviour"
    description: str
    caught_by: tuple[str, ...]
    apply: Callable[[Portal], None]


class UnknownFaultError(ValueError):
    pass


def _replace_method(service: object, name: str, replacement: Callable[..., object]) -> None:
    """Swap one method on one service object; fails loudly if the service no longer has it."""
    if not callable(getattr(service, name, None)):
        raise AttributeError(f"{type(service).__name__} has no method {name!r}: update the fault in faults.py.")
    setattr(service, name, replacement)


def _activation_code_reusable(portal: Portal) -> None:
    """The upgraded code check forgets whether the code was already redeemed."""
    original = portal.activation.refusal_reason

    def refusal_ignoring_use(code: ActivationCode, now: datetime) -> Problem | None:
        return original(replace(code, used_at=None), now)

    _replace_method(portal.activation, "refusal_reason", refusal_ignoring_use)


def _sign_in_reveals_unknown_user(portal: Portal) -> None:
    """The upgraded sign-in page tells an unknown username apart from a wrong password."""

    def revealing_refusal() -> RefusedError:
        return RefusedError.because("We could not find an account with that username.", "username")

    _replace_method(portal.sign_in, "unknown_username_refusal", revealing_refusal)


_FAULTS: tuple[Fault, ...] = (
    Fault(
        name="activation-code-reusable",
        area="ENR",
        description="A used activation code can be used again.",
        caught_by=("ENR-03",),
        apply=_activation_code_reusable,
    ),
    Fault(
        name="sign-in-reveals-unknown-user",
        area="AUTH",
        description="An unknown username gets its own message instead of the common one.",
        caught_by=("AUTH-08",),
        apply=_sign_in_reveals_unknown_user,
    ),
)


def list_faults() -> tuple[Fault, ...]:
    return _FAULTS


def resolve_faults(names: Iterable[str]) -> tuple[Fault, ...]:
    """The faults with these names, in order; an unknown name is refused with the known ones listed."""
    known = {fault.name: fault for fault in _FAULTS}
    chosen: list[Fault] = []
    for name in names:
        if name not in known:
            listing = ", ".join(sorted(known))
            raise UnknownFaultError(f"Unknown fault {name!r}: the known faults are {listing}.")
        if known[name] not in chosen:
            chosen.append(known[name])
    return tuple(chosen)


def parse_fault_list(text: str) -> tuple[str, ...]:
    """`a, b,,c` -> ("a", "b", "c")."""
    return tuple(name.strip() for name in text.split(",") if name.strip())
