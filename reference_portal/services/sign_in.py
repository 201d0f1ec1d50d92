"""Signing in: username and password, then a one-time code sent by email.

A wrong password and an unknown username are answered identically (NIST 800-63B), and the
configured number of consecutive failures locks the account. On an account's first sign-in the
patient first confirms the address for the codes (see mfa.py): the code sent there both confirms
it and completes the sign-in.
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import digest, new_public_id
from reference_portal.services.accounts import Account, AccountService
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import RefusedError
from reference_portal.services.mfa import MfaService
from reference_portal.services.notifications import Notifier
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.validation import looks_like_email
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

CODE_FIELD = "one_time_code"
SETUP_EMAIL_FIELD = "mfa_email"


@dataclass(frozen=True)
class Challenge:
    """A one-time code sent to the account's email, waiting to be entered."""

    id: int
    public_id: str
    account_id: int
    code_hash: str
    expires_at: datetime  # the last instant the code still works
    attempts: int
    used_at: datetime | None
    voided_at: datetime | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Challenge:
        return cls(
            row["id"],
            row["public_id"],
            row["account_id"],
            row["code_hash"],
            from_iso(row["expires_at"]),
            row["attempts"],
            from_iso(row["used_at"]) if row["used_at"] else None,
            from_iso(row["voided_at"]) if row["voided_at"] else None,
        )


@dataclass(frozen=True)
class Verified:
    """A right code: who signed in, and whether this sign-in also set up their sign-in codes."""

    account: Account
    set_up_sign_in_codes: bool


class SignInService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        audit: AuditLog,
        accounts: AccountService,
        passwords: PasswordPolicy,
        notifier: Notifier,
        mfa: MfaService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._accounts = accounts
        self._passwords = passwords
        self._notifier = notifier
        self._mfa = mfa
        self._other_sign_in_pages: list[Callable[[Account], bool]] = []

    # --- first factor ----------------------------------------------------------------------
    def check_password(self, username: str, password: str) -> Account:
        account = self._accounts.find_by_username(username)
        if account is None:
            self._passwords.spend_equal_time(password)
            self._audit.record("anonymous", "sign-in-failed", detail="unknown-username")
            raise self.unknown_username_refusal()
        if account.locked:
            self._passwords.spend_equal_time(password)
            self._audit.record(account.actor, "sign-in-refused", patient_id=account.patient_id, detail="locked")
            raise RefusedError.because(messages.ACCOUNT_LOCKED, "username")
        if not self._passwords.verify(account.password_hash, password):
            locked_now = self._accounts.record_failed_sign_in(account)
            raise RefusedError.because(
                messages.ACCOUNT_LOCKED if locked_now else messages.SIGN_IN_INCORRECT, "username"
            )
        if any(belongs_elsewhere(account) for belongs_elsewhere in self._other_sign_in_pages):
            self._audit.record(account.actor, "sign-in-refused", detail="not-a-patient-portal-account")
            raise RefusedError.because(messages.SIGN_IN_WRONG_PAGE, "username")
        self._accounts.record_password_accepted(account)
        return account

    def send_elsewhere(self, belongs_elsewhere: Callable[[Account], bool]) -> None:
        """Accounts the predicate picks (partner users) sign in on their own page, not the patients'."""
        self._other_sign_in_pages.append(belongs_elsewhere)

    def unknown_username_refusal(self) -> RefusedError:
        """Deliberately the same answer as a wrong password: never reveal which usernames exist."""
        return RefusedError.because(messages.SIGN_IN_INCORRECT, "username")

    # --- second factor ---------------------------------------------------------------------
    def needs_sign_in_code_setup(self, account: Account) -> bool:
        """After the password: must this account first confirm an address for its codes?"""
        return self._mfa.needs_setup(account.id)

    def send_challenge(self, account: Account) -> Challenge:
        """Email a fresh one-time code to the account's confirmed address; earlier unused codes stop working."""
        challenge, code = self._issue_challenge(account)
        self._notifier.send_sign_in_code(account.email, code)
        return challenge

    def send_setup_challenge(self, account: Account, email: str) -> Challenge:
        """First sign-in: send a code to the address the patient chose; entering it confirms the address."""
        email = email.strip()
        if not email:
            raise RefusedError.because(messages.MFA_EMAIL_MISSING, SETUP_EMAIL_FIELD)
        if not looks_like_email(email):
            raise RefusedError.because(messages.EMAIL_INVALID, SETUP_EMAIL_FIELD)
        if not self.needs_sign_in_code_setup(account):  # already set up: an ordinary code, to the known address
            return self.send_challenge(account)
        with self._database.transaction() as conn:
            challenge, code = self._issue_challenge(account)
            self._mfa.begin_setup(conn, account.id, email, challenge.id)
        self._notifier.send_sign_in_code_setup(email, code)
        return challenge

    def verify_code(self, challenge_public_id: str, code: str) -> Verified:
        """The second factor: the right code, in time, once. Wrong tries are limited."""
        now = self._clock.now()
        challenge = self._challenge(challenge_public_id)
        wrong = RefusedError.because(messages.ONE_TIME_CODE_WRONG, CODE_FIELD)
        if not self.usable(challenge, now):
            raise wrong
        entered = "".join(code.split())
        if not hmac.compare_digest(challenge.code_hash, _code_digest(challenge.public_id, entered)):
            self._count_wrong_code(challenge, now)
            raise wrong
        account = self._accounts.by_id(challenge.account_id)
        if account.locked:
            raise RefusedError.because(messages.ACCOUNT_LOCKED, CODE_FIELD)
        with self._database.transaction() as conn:
            claimed = conn.execute(
                "UPDATE sign_in_challenges SET used_at = ? WHERE id = ? AND used_at IS NULL",
                (to_iso(now), challenge.id),
            ).rowcount
            if not claimed:  # a concurrent request used it first
                raise wrong
            set_up = self._mfa.complete_setup(
                conn, account.id, challenge.id, actor=account.actor, patient_id=account.patient_id
            )
            self._audit.record(account.actor, "signed-in", patient_id=account.patient_id)
        return Verified(self._accounts.by_id(account.id), set_up)

    def usable(self, challenge: Challenge, now: datetime) -> bool:
        """Not used, not replaced, and not past its last valid instant (Settings.one_time_code_lifetime)."""
        return challenge.used_at is None and challenge.voided_at is None and now <= challenge.expires_at

    def _issue_challenge(self, account: Account) -> tuple[Challenge, str]:
        now = self._clock.now()
        digits = self._settings.one_time_code_digits
        code = f"{secrets.randbelow(10**digits):0{digits}d}"
        public_id = new_public_id("otp")
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE sign_in_challenges SET voided_at = ? WHERE account_id = ? AND used_at IS NULL"
                " AND voided_at IS NULL",
                (to_iso(now), account.id),
            )
            conn.execute(
                "INSERT INTO sign_in_challenges (public_id, account_id, code_hash, issued_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    public_id,
                    account.id,
                    _code_digest(public_id, code),
                    to_iso(now),
                    to_iso(now + self._settings.one_time_code_lifetime),
                ),
            )
        return self._challenge(public_id), code

    def _count_wrong_code(self, challenge: Challenge, now: datetime) -> None:
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE sign_in_challenges SET attempts = attempts + 1,"
                " voided_at = CASE WHEN attempts + 1 >= ? THEN ? ELSE voided_at END WHERE id = ?",
                (self._settings.one_time_code_max_attempts, to_iso(now), challenge.id),
            )

    def _challenge(self, public_id: str) -> Challenge:
        row = (
            self._database.connection()
            .execute("SELECT * FROM sign_in_challenges WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise RefusedError.because(messages.ONE_TIME_CODE_WRONG, CODE_FIELD)
        return Challenge.from_row(row)


def _code_digest(challenge_public_id: str, code: str) -> str:
    return digest(f"{challenge_public_id}:{code}")
