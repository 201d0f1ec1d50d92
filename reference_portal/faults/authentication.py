"""Authentication faults (AUTH): sign-in, one-time codes, lockout and sessions."""

from __future__ import annotations

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.errors import RefusedError


def _sign_in_reveals_unknown_user(portal: Portal) -> None:
    """The upgraded sign-in page tells an unknown username apart from a wrong password."""

    def revealing_refusal() -> RefusedError:
        return RefusedError.because("We could not find an account with that username.", "username")

    replace_method(portal.sign_in, "unknown_username_refusal", revealing_refusal)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="sign-in-reveals-unknown-user",
        area="AUTH",
        description="An unknown username gets its own message instead of the common one.",
        caught_by=("AUTH-08",),
        apply=_sign_in_reveals_unknown_user,
    ),
)
