"""Named upgrade faults: the ONE place where the reference portal is deliberately broken.

Each fault mimics a regression a real portal upgrade could ship. `apply` patches one Portal's
service layer (`replace_method`) or templates (`edit_template`) at start-up, so the rest of the
code reads as a correct portal.
Start a portal with `--faults a,b`; each fault names the catalogue scenarios that must turn red
(`caught_by`). The faults of each area live in their own module of this package
(`faults/<area>.py`, a tuple `FAULTS`); this module is the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reference_portal.template_edits import TemplateEdit

if TYPE_CHECKING:
    from reference_portal.portal import Portal


@dataclass(frozen=True, kw_only=True)
class Fault:
    name: str
    area: str
    kind: str = "behaviour"
    description: str
    caught_by: tuple[str, ...]
    apply: Callable[[Portal], None]
    # True: the fault acts only while an older release's database is upgraded at start-up, so it
    # is caught by running the scenarios against a portal upgraded from a baseline run's data.
    on_upgrade: bool = False
    # The page scans (`run --scan`: a11y, visual, speed) the harness must run for `caught_by` to
    # turn red, e.g. ("speed",) for a fault whose only symptom is a page over its time budget.
    scans: tuple[str, ...] = ()


class UnknownFaultError(ValueError):
    pass


def replace_method(service: object, name: str, replacement: Callable[..., object]) -> None:
    """Swap one method on one service object; fails loudly if the service no longer has it."""
    if not callable(getattr(service, name, None)):
        raise AttributeError(f"{type(service).__name__} has no method {name!r}: update the fault in faults.py.")
    setattr(service, name, replacement)


def edit_template(portal: Portal, template: str, old: str, new: str) -> None:
    """Replace `old` by `new` in one template, for this portal only (as an upgrade that changed the
    template would); the portal refuses to start if the template no longer holds `old`."""
    portal.template_edits.append(TemplateEdit(template, old, new))


def list_faults() -> tuple[Fault, ...]:
    """Every fault, area by area (each area module adds its tuple here)."""
    from reference_portal.faults import (
        accessibility,  # A11Y: a page a screen reader cannot use
        audit,  # VDT/AUD area
        authentication,
        demographics,  # demographics area
        enrollment,
        interfaces,  # results area (HL7 interface)
        intermittent,  # flaky, not broken: fails once, then works
        messaging,  # messaging area
        operations,  # reports area (OPS-01)
        partners,  # partners area
        proxy,  # proxy area
        reports,  # reports area
        results,  # results area
        speed,  # a page much slower than its budget (caught with --scan speed)
        support,  # partners area (SUP-01)
        upgrade,  # releases area: the 2026.2 migration
        vdt,  # VDT area
    )

    return (
        *enrollment.FAULTS,
        *authentication.FAULTS,
        *proxy.FAULTS,
        *messaging.FAULTS,
        *results.FAULTS,
        *interfaces.FAULTS,
        *partners.FAULTS,  # partners area
        *support.FAULTS,  # partners area
        *upgrade.FAULTS,
        *reports.FAULTS,  # reports area
        *operations.FAULTS,  # reports area
        *vdt.FAULTS,  # VDT area
        *audit.FAULTS,  # VDT/AUD area
        *demographics.FAULTS,  # demographics area
        *intermittent.FAULTS,
        *accessibility.FAULTS,
        *speed.FAULTS,
    )


def resolve_faults(names: Iterable[str]) -> tuple[Fault, ...]:
    """The faults with these names, in order; an unknown name is refused with the known ones listed."""
    known = {fault.name: fault for fault in list_faults()}
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
