"""Intermittent faults: an upgrade that breaks something once, then works.

They exist so the harness can show it tells flaky from broken: the scenario that meets the fault
fails, its retry passes, and the run reports it `flaky` (not a regression, not silently passed).
"""

from __future__ import annotations

import threading

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import Account


class ColdCacheError(RuntimeError):
    """What the upgraded portal raises while its sign-in cache is still cold."""


def _first_sign_in_fails(portal: Portal) -> None:
    """The upgraded sign-in warms a cache on first use and answers that first request with a 500."""
    check_password = portal.sign_in.check_password
    lock = threading.Lock()
    state = {"warm": False}

    def cold_then_warm(username: str, password: str) -> Account:
        with lock:
            was_warm, state["warm"] = state["warm"], True
        if not was_warm:
            raise ColdCacheError("sign-in cache is still warming up")
        return check_password(username, password)

    replace_method(portal.sign_in, "check_password", cold_then_warm)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="first-sign-in-after-start-fails",
        area="AUTH",
        kind="intermittent",
        description="The first sign-in after the portal starts fails with a server error; later ones work.",
        caught_by=("AUTH-01",),
        apply=_first_sign_in_fails,
    ),
)
