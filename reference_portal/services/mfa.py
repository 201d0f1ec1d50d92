"""Setting up sign-in codes (MFA) for an account: which email address receives them, confirmed.

An account's one-time codes go to a confirmed address only. Staff confirm it at the desk when
they enroll the patient; an account made online (activation code or sign-up) confirms it on its
first sign-in: the patient names the address, and entering the code sent there confirms it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.services.audit import AuditLog
from reference_portal.timestamps import from_iso, to_iso

DESK_ACTOR = "admin-api"


@dataclass(frozen=True)
class MfaState:
    confirmed_at: datetime | None
    confirmed_by: str | None
    pending_email: str | None

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None


class MfaService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def state(self, account_id: int) -> MfaState:
        row = (
            self._database.connection()
            .execute("SELECT * FROM account_mfa WHERE account_id = ?", (account_id,))
            .fetchone()
        )
        if row is None:
            return MfaState(None, None, None)
        confirmed = from_iso(row["confirmed_at"]) if row["confirmed_at"] else None
        return MfaState(confirmed, row["confirmed_by"], row["pending_email"])

    def needs_setup(self, account_id: int) -> bool:
        """True until the account has a confirmed address for its sign-in codes."""
        return not self.state(account_id).active

    def confirm_at_desk(self, conn: sqlite3.Connection, account_id: int, *, actor: str = DESK_ACTOR) -> None:
        """Staff checked the account's email with the patient in person (inside the enrollment transaction)."""
        now = to_iso(self._clock.now())
        conn.execute(
            "INSERT INTO account_mfa (account_id, confirmed_at, confirmed_by) VALUES (?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE SET confirmed_at = excluded.confirmed_at,"
            " confirmed_by = excluded.confirmed_by, pending_email = NULL, pending_challenge_id = NULL",
            (account_id, now, actor),
        )

    def begin_setup(self, conn: sqlite3.Connection, account_id: int, email: str, challenge_id: int) -> None:
        """The patient named an address; the code just sent there (challenge_id) will confirm it."""
        conn.execute(
            "INSERT INTO account_mfa (account_id, pending_email, pending_challenge_id) VALUES (?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE SET pending_email = excluded.pending_email,"
            " pending_challenge_id = excluded.pending_challenge_id",
            (account_id, email, challenge_id),
        )

    def complete_setup(
        self, conn: sqlite3.Connection, account_id: int, challenge_id: int, *, actor: str, patient_id: int | None
    ) -> bool:
        """The right code for a set-up challenge: confirm its address. False for an ordinary sign-in code."""
        row = conn.execute(
            "SELECT pending_email FROM account_mfa WHERE account_id = ? AND pending_challenge_id = ?"
            " AND confirmed_at IS NULL",
            (account_id, challenge_id),
        ).fetchone()
        if row is None:
            return False
        now = to_iso(self._clock.now())
        conn.execute(
            "UPDATE account_mfa SET confirmed_at = ?, confirmed_by = ?, pending_email = NULL,"
            " pending_challenge_id = NULL WHERE account_id = ?",
            (now, actor, account_id),
        )
        # From now on the codes (and the account's notices) go to the confirmed address.
        conn.execute("UPDATE accounts SET email = ? WHERE id = ?", (row["pending_email"], account_id))
        self._audit.record(actor, "sign-in-codes-set-up", patient_id=patient_id, detail="channel=email")
        return True
