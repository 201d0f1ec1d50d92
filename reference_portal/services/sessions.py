"""Server-side sessions: an opaque cookie token, idle and absolute timeouts, real sign-out."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ActiveSession:
    id: int
    account: Account


@dataclass(frozen=True)
class EndedSession:
    reason: SessionEnd


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
        row = (
            self._database.connection()
            .execute("SELECT * FROM sessions WHERE token_hash = ?", (digest(token),))
            .fetchone()
        )
        if row is None:
            return None
        if row["ended_at"]:
            return EndedSession(SessionEnd(row["end_reason"]))
        now = self._clock.now()
        account = self._accounts.by_id(row["account_id"])
        ending: SessionEnd | None = None
        if now > from_iso(row["created_at"]) + self._settings.session_absolute_timeout:
            ending = SessionEnd.ABSOLUTE
        elif now > from_iso(row["last_seen_at"]) + self._settings.session_idle_timeout:
            ending = SessionEnd.IDLE
        elif account.locked:
            ending = SessionEnd.LOCKED
        if ending is not None:
            self._end(row["id"], account, ending)
            return EndedSession(ending)
        with self._database.transaction() as conn:
            conn.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", (to_iso(now), row["id"]))
        return ActiveSession(row["id"], account)

    def sign_out(self, session: ActiveSession) -> None:
        self._end(session.id, session.account, SessionEnd.SIGNED_OUT)

    def _end(self, session_id: int, account: Account, reason: SessionEnd) -> None:
        with self._database.transaction() as conn:
            ended = conn.execute(
                "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
                (to_iso(self._clock.now()), reason.value, session_id),
            ).rowcount
            if ended:
                self._audit.record(account.actor, "session-ended", patient_id=account.patient_id, detail=reason.value)
