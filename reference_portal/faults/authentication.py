"""Authentication faults (AUTH): sign-in, lockout, sessions and password reset."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import Account
from reference_portal.services.errors import RefusedError
from reference_portal.services.password_reset import PasswordReset
from reference_portal.services.sessions import ActiveSession, SessionEnd


def _sign_in_reveals_unknown_user(portal: Portal) -> None:
    """The upgraded sign-in page tells an unknown username apart from a wrong password."""

    def revealing_refusal() -> RefusedError:
        return RefusedError.because("We could not find an account with that username.", "username")

    replace_method(portal.sign_in, "unknown_username_refusal", revealing_refusal)


def _lockout_disabled(portal: Portal) -> None:
    """The upgrade resets the lockout policy to "off": failures are counted but never lock."""

    def never_locks(consecutive_failures: int) -> bool:
        return False

    replace_method(portal.accounts, "locks_after", never_locks)


def _idle_timeout_ignored(portal: Portal) -> None:
    """The upgraded session store refreshes the idle timer on read: only the absolute limit ends a session."""
    original = portal.sessions.ending_reason

    def ending_without_idle(created_at: datetime, last_seen_at: datetime, account: Account) -> SessionEnd | None:
        reason = original(created_at, last_seen_at, account)
        return None if reason is SessionEnd.IDLE else reason

    replace_method(portal.sessions, "ending_reason", ending_without_idle)


def _session_survives_sign_out(portal: Portal) -> None:
    """The upgraded sign-out only clears the browser's cookie: the session stays valid on the server."""

    def forget_nothing(session: ActiveSession) -> None:
        return None

    replace_method(portal.sessions, "sign_out", forget_nothing)


def _password_reset_link_reusable(portal: Portal) -> None:
    """The upgraded reset flow no longer marks the link used: it works again until it expires."""

    def mark_nothing(conn: sqlite3.Connection, reset: PasswordReset) -> None:
        return None

    replace_method(portal.password_reset, "mark_used", mark_nothing)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="sign-in-reveals-unknown-user",
        area="AUTH",
        description="An unknown username gets its own message instead of the common one.",
        caught_by=("AUTH-08",),
        apply=_sign_in_reveals_unknown_user,
    ),
    Fault(
        name="lockout-disabled",
        area="AUTH",
        description="Repeated wrong passwords never lock the account.",
        caught_by=("AUTH-02",),
        apply=_lockout_disabled,
    ),
    Fault(
        name="idle-timeout-ignored",
        area="AUTH",
        description="An idle session is never signed out; only the 12-hour limit ends it.",
        caught_by=("AUTH-03",),
        apply=_idle_timeout_ignored,
    ),
    Fault(
        name="session-survives-sign-out",
        area="AUTH",
        description="Signing out leaves the session valid on the server: a replayed cookie still shows the record.",
        caught_by=("AUTH-04",),
        apply=_session_survives_sign_out,
    ),
    Fault(
        name="password-reset-link-reusable",
        area="AUTH",
        description="A password-reset link works again after it was used.",
        caught_by=("AUTH-06",),
        apply=_password_reset_link_reusable,
    ),
)
