"""One-time codes from a TOTP secret (RFC 6238), for targets whose sign-in uses an authenticator app.

The secret lives in an environment variable: the persona's pre-provisioned account may name its
own (`[target.accounts.<Persona>] totp_secret_env`), else the profile's `[target.codes]
totp_secret_env` serves every persona. Both the secret and each code are registered for masking.
"""

from __future__ import annotations

import binascii
import time
from datetime import datetime

import pyotp

from portal_harness.credentials import from_environment
from portal_harness.errors import HarnessError
from portal_harness.masking import SECRETS
from portal_harness.profiles import TargetProfile


def totp_secret_setting(profile: TargetProfile, persona: str) -> tuple[str, str]:
    """(the variable's name, the setting that names it) for the persona on this target."""
    account = profile.accounts.get(persona)
    if account is not None and account.totp_secret_env:
        return account.totp_secret_env, f"[target.accounts.{persona}] totp_secret_env"
    if profile.codes.totp_secret_env:
        return profile.codes.totp_secret_env, "[target.codes] totp_secret_env"
    raise HarnessError(
        f"The target {profile.name} has no TOTP secret for {persona}: name one with [target.codes] "
        f"totp_secret_env or [target.accounts.{persona}] totp_secret_env."
    )


def totp_code(variable: str, named_by: str, *, at: datetime | float | None = None, digits: int = 6) -> str:
    """The current code (or the code at `at`) for the base32 secret held in the variable."""
    secret = from_environment(variable, named_by, secret=True)
    try:
        code = pyotp.TOTP(secret.replace(" ", "").upper(), digits=digits).at(time.time() if at is None else at)
    except (binascii.Error, ValueError):
        # why: the value itself is never repeated, only where it lives
        raise HarnessError(
            f"The environment variable {variable} is not a base32 TOTP secret: set it to the secret "
            "the authenticator app was given (letters A-Z and digits 2-7)."
        ) from None
    return str(SECRETS.register(code))


def one_time_code_for(profile: TargetProfile, persona: str, *, at: datetime | float | None = None) -> str:
    """The persona's current TOTP code on this target."""
    variable, named_by = totp_secret_setting(profile, persona)
    return totp_code(variable, named_by, at=at)
