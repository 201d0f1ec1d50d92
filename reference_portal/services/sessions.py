"""Server-side sessions: an opaque cookie token, idle and absolute timeouts, real sign-out.

Every page request touches the session (`resume`); asking how long is left (`status`) does not,
so a page that polls never keeps an idle patient signed in. Only "Stay signed in" (`extend`)
counts as activity, and nothing extends the absolute limit.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import digest
from reference_portal.services.accounts import Account, AccountService
from reference_portal.services.audit import AuditLog
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso


class SessionEnd(StrEnum):
    SIGNED_OUT = "signed-out"
    IDLE = "idle-timeout"
    ABSOLUTE = "absolute-timeout"
    LOCKED = "account-locked"
    PASSWORD_CHANGED = "password-changed"


@dataclass(frozen=True)
class ActiveSession:
    id: int
    account: Account


@dataclass(frozen=True)
class EndedSession:
    reason: SessionEnd


@dataclass(frozen=True)
class TimeLeft:
    """Whole seconds until the idle and the absolute timeout of a live session."""

    idle_seconds: int
    absolute_seconds: int

    @property
    def seconds(self) -> int:
        return min(self.idle_seconds, self.absolute_seconds)

    @property
    def limited_by_absolute(self) -> bool:
        """The absolute limit comes first: staying active would not help."""
        return self.absolute_seconds <= self.idle_seconds


class SessionService:
    def __init__(
        self, database: Database, clock: Clock, settings: Settings, audit: AuditLog, accounts: AccountService
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._accounts = accounts

    def start(self, account: Account) -> str:
        """Open a session; returns the token for the cookie (only its digest is stored)."""
        token = secrets.token_urlsafe(32)
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                (digest(token), account.id, now, now),
            )
        return token

    def resume(self, token: str) -> ActiveSession | EndedSession | None:
        """The session a request's cookie names, touched; or why it ended; None if unknown."""
        state = self._check(token)
        if isinstance(state, tuple):
            row, account = state
            with self._database.transaction() as conn:
                conn.execute(
                    "UPDATE sessions SET last_seen_at = ? WHERE id = ?", (to_iso(self._clock.now()), row["id"])
                )
            return ActiveSession(row["id"], account)
        return state

    def status(self, token: str) -> TimeLeft | EndedSession | None:
        """How long the session has left, without counting as activity; or why it ended; None if unknown."""
        state = self._check(token)
        if isinstance(state, tuple):
            return self._time_left(state[0], self._clock.now())
        return state

    def extend(self, token: str) -> TimeLeft | EndedSession | None:
        """ "Stay signed in": restart the idle timeout (never the absolute one)."""
        state = self.resume(token)
        return self.status(token) if isinstance(state, ActiveSession) else state

    def time_left(self, session: ActiveSession) -> TimeLeft:
        row = self._database.connection().execute("SELECT * FROM sessions WHERE id = ?", (session.id,)).fetchone()
        return self._time_left(row, self._clock.now())

    def sign_out(self, session: ActiveSession) -> None:
        self._end(session.id, session.account, SessionEnd.SIGNED_OUT)

    def end_all_for(self, account: Account, reason: SessionEnd) -> None:
        """End every open session of the account (a password change signs out everywhere)."""
        rows = (
            self._database.connection()
            .execute("SELECT id FROM sessions WHERE account_id = ? AND ended_at IS NULL", (account.id,))
            .fetchall()
        )
        for row in rows:
            self._end(row["id"], account, reason)

    def ending_reason(self, created_at: datetime, last_seen_at: datetime, account: Account) -> SessionEnd | None:
        """Why a live session must end now (absolute first, then idle, then a locked account), or None."""
        now = self._clock.now()
        if now > created_at + self._settings.session_absolute_timeout:
            return SessionEnd.ABSOLUTE
        if now > last_seen_at + self._settings.session_idle_timeout:
            return SessionEnd.IDLE
        if account.locked:
            return SessionEnd.LOCKED
        return None

    def _check(self, token: str) -> tuple[sqlite3.Row, Account] | EndedSession | None:
        """The live session row and its account; or the ended session (ending it now if it timed out)."""
        row = (
            self._database.connection()
            .execute("SELECT * FROM sessions WHERE token_hash = ?", (digest(token),))
            .fetchone()
        )
        if row is None:
            return None
        if row["ended_at"]:
            return EndedSession(SessionEnd(row["end_reason"]))
        account = self._accounts.by_id(row["account_id"])
        ending = self.ending_reason(from_iso(row["created_at"]), from_iso(row["last_seen_at"]), account)
        if ending is not None:
            self._end(row["id"], account, ending)
            return EndedSession(ending)
        return row, account

    def _time_left(self, row: sqlite3.Row, now: datetime) -> TimeLeft:
        idle_end = from_iso(row["last_seen_at"]) + self._settings.session_idle_timeout
        absolute_end = from_iso(row["created_at"]) + self._settings.session_absolute_timeout
        return TimeLeft(
            max(0, int((idle_end - now).total_seconds())), max(0, int((absolute_end - now).total_seconds()))
        )

    def _end(self, session_id: int, account: Account, reason: SessionEnd) -> None:
        with self._database.transaction() as conn:
            ended = conn.execute(
                "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
                (to_iso(self._clock.now()), reason.value, session_id),
            ).rowcount
            if ended:
                self._audit.record(account.actor, "session-ended", patient_id=account.patient_id, detail=reason.value)
