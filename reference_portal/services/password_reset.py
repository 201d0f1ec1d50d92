"""Password reset by email: a random, single-use link that expires (Settings.password_reset_link_lifetime).

The answer to a request never says whether the username exists. The link carries only a random
token (a secret, not PHI); only its digest is stored. A changed password ends the account's open
sessions and sends a PHI-free "your password was changed" notice.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import digest, new_public_id
from reference_portal.services.accounts import Account, AccountService
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.notifications import Notifier
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.sessions import SessionEnd, SessionService
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

NEW_PASSWORD_FIELD = "new_password"
CONFIRM_FIELD = "confirm_new_password"
LINK_PROBLEM = "reset-link"  # Problem.kind of a link that can no longer be used


class LinkState(StrEnum):
    PENDING = "pending"
    USED = "used"
    EXPIRED = "expired"
    VOID = "void"


@dataclass(frozen=True)
class PasswordReset:
    id: int
    public_id: str
    account_id: int
    issued_at: datetime
    expires_at: datetime  # the last instant the link still works
    used_at: datetime | None
    voided_at: datetime | None

    def state(self, now: datetime) -> LinkState:
        if self.used_at is not None:
            return LinkState.USED
        if self.voided_at is not None:
            return LinkState.VOID
        if now > self.expires_at:
            return LinkState.EXPIRED
        return LinkState.PENDING

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> PasswordReset:
        return cls(
            row["id"],
            row["public_id"],
            row["account_id"],
            from_iso(row["issued_at"]),
            from_iso(row["expires_at"]),
            from_iso(row["used_at"]) if row["used_at"] else None,
            from_iso(row["voided_at"]) if row["voided_at"] else None,
        )


class PasswordResetService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        audit: AuditLog,
        accounts: AccountService,
        passwords: PasswordPolicy,
        sessions: SessionService,
        notifier: Notifier,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._accounts = accounts
        self._passwords = passwords
        self._sessions = sessions
        self._notifier = notifier

    def request(self, username: str, link_for: Callable[[str], str]) -> None:
        """Email a reset link if the username has an account. Says nothing either way."""
        account = self._accounts.find_by_username(username)
        if account is None:
            self._audit.record("anonymous", "password-reset-requested", detail="unknown-username")
            return
        token = secrets.token_urlsafe(32)
        now = self._clock.now()
        with self._database.transaction() as conn:
            # Only the newest link works: an older one in the mailbox stops working.
            conn.execute(
                "UPDATE password_resets SET voided_at = ? WHERE account_id = ? AND used_at IS NULL"
                " AND voided_at IS NULL",
                (to_iso(now), account.id),
            )
            public_id = new_public_id("rst")
            conn.execute(
                "INSERT INTO password_resets (public_id, account_id, token_hash, issued_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    public_id,
                    account.id,
                    digest(token),
                    to_iso(now),
                    to_iso(now + self._settings.password_reset_link_lifetime),
                ),
            )
            self._audit.record(
                account.actor, "password-reset-requested", patient_id=account.patient_id, detail=f"link={public_id}"
            )
        self._notifier.send_password_reset_link(account.email, link_for(token))

    def open_link(self, token: str) -> PasswordReset:
        """The link the patient followed, if it can still be used; otherwise refused with why."""
        row = (
            self._database.connection()
            .execute("SELECT * FROM password_resets WHERE token_hash = ?", (digest(token),))
            .fetchone()
        )
        if row is None:
            raise RefusedError.because(messages.RESET_LINK_INVALID, kind=LINK_PROBLEM)
        reset = PasswordReset.from_row(row)
        self._refuse_unusable(reset)
        return reset

    def refusal_reason(self, reset: PasswordReset, now: datetime) -> Problem | None:
        """Why this link cannot be used now, or None when it can."""
        state = reset.state(now)
        if state is LinkState.USED:
            return Problem(messages.RESET_LINK_USED, kind=LINK_PROBLEM)
        if state is LinkState.EXPIRED:
            return Problem(messages.RESET_LINK_EXPIRED, kind=LINK_PROBLEM)
        if state is LinkState.VOID:
            return Problem(messages.RESET_LINK_INVALID, kind=LINK_PROBLEM)
        return None

    def change_password(self, reset_public_id: str, new_password: str, confirm: str) -> Account:
        """Set the new password through a usable link: once, in time, by the password rules."""
        reset = self._get(reset_public_id)
        self._refuse_unusable(reset)
        account = self._accounts.by_id(reset.account_id)
        problems = self._passwords.problems(new_password, username=account.username, field=NEW_PASSWORD_FIELD)
        if not confirm:
            problems.append(Problem(messages.PASSWORD_CONFIRM_MISSING, CONFIRM_FIELD))
        elif new_password and confirm != new_password:
            problems.append(Problem(messages.PASSWORD_MISMATCH, CONFIRM_FIELD))
        if problems:
            raise RefusedError(*problems)

        password_hash = self._passwords.hash(new_password)
        with self._database.transaction() as conn:
            reset = self._get(reset_public_id)  # again, under the write lock
            self._refuse_unusable(reset)
            self._accounts.change_password(conn, account, password_hash, via=f"reset-link {reset.public_id}")
            self.mark_used(conn, reset)
            conn.execute(
                "UPDATE password_resets SET voided_at = ? WHERE account_id = ? AND id != ? AND used_at IS NULL"
                " AND voided_at IS NULL",
                (to_iso(self._clock.now()), account.id, reset.id),
            )
            self._sessions.end_all_for(account, SessionEnd.PASSWORD_CHANGED)
        self._notifier.send_password_changed(account.email)
        return self._accounts.by_id(account.id)

    def mark_used(self, conn: sqlite3.Connection, reset: PasswordReset) -> None:
        """Inside the password change: the link never works again."""
        conn.execute("UPDATE password_resets SET used_at = ? WHERE id = ?", (to_iso(self._clock.now()), reset.id))

    def _refuse_unusable(self, reset: PasswordReset) -> None:
        problem = self.refusal_reason(reset, self._clock.now())
        if problem is not None:
            raise RefusedError(problem)

    def _get(self, public_id: str) -> PasswordReset:
        row = (
            self._database.connection()
            .execute("SELECT * FROM password_resets WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No password reset with id {public_id}.")
        return PasswordReset.from_row(row)
