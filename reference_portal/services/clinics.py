"""Clinics (sites): each has a short unique code and an IANA time zone."""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.errors import ConflictError, NotFoundError, RefusedError
from reference_portal.settings import UNAMBIGUOUS_ALPHABET, Settings
from reference_portal.timestamps import to_iso

_CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")


@dataclass(frozen=True)
class Clinic:
    id: int
    public_id: str
    name: str
    code: str
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Clinic:
        return cls(row["id"], row["public_id"], row["name"], row["code"], row["timezone"])


class ClinicService:
    def __init__(self, database: Database, clock: Clock, settings: Settings) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings

    def create(self, name: str, timezone: str, code: str | None = None) -> Clinic:
        name = name.strip()
        if not name:
            raise RefusedError.because("Give the clinic a name.", "name")
        _require_timezone(timezone)
        if code is not None:
            code = code.strip().upper()
            if not _CODE_PATTERN.fullmatch(code):
                raise RefusedError.because(
                    "A clinic code is 1 to 20 letters, digits, '-' or '_', starting with a letter or digit.",
                    "code",
                )
        with self._database.transaction() as conn:
            if code is None:
                code = self._unused_code(conn, name)
            elif conn.execute("SELECT 1 FROM clinics WHERE code = ?", (code,)).fetchone():
                raise ConflictError.because(f"A clinic with code {code} already exists.", "code")
            public_id = new_public_id("cln")
            conn.execute(
                "INSERT INTO clinics (public_id, name, code, timezone, created_at) VALUES (?, ?, ?, ?, ?)",
                (public_id, name, code, timezone, to_iso(self._clock.now())),
            )
        return self.get(public_id)

    def get(self, public_id: str) -> Clinic:
        row = self._database.connection().execute("SELECT * FROM clinics WHERE public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No clinic with id {public_id}.")
        return Clinic.from_row(row)

    def by_id(self, clinic_id: int) -> Clinic:
        row = self._database.connection().execute("SELECT * FROM clinics WHERE id = ?", (clinic_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No clinic with key {clinic_id}.")
        return Clinic.from_row(row)

    def find_by_code(self, code: str) -> Clinic | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM clinics WHERE code = ?", (code.strip().upper(),))
            .fetchone()
        )
        return Clinic.from_row(row) if row else None

    def default(self) -> Clinic:
        """The clinic for registrations that name no known site (created on first use)."""
        existing = self.find_by_code(self._settings.default_clinic_code)
        if existing:
            return existing
        try:
            return self.create(
                self._settings.default_clinic_name,
                self._settings.default_clinic_timezone,
                self._settings.default_clinic_code,
            )
        except ConflictError:  # created meanwhile by a concurrent request
            return self.get_by_code(self._settings.default_clinic_code)

    def get_by_code(self, code: str) -> Clinic:
        clinic = self.find_by_code(code)
        if clinic is None:
            raise NotFoundError(f"No clinic with code {code}.")
        return clinic

    @staticmethod
    def _unused_code(conn: sqlite3.Connection, name: str) -> str:
        initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", name)).upper()[:4] or "C"
        while True:
            suffix = "".join(secrets.choice(UNAMBIGUOUS_ALPHABET) for _ in range(4))
            candidate = f"{initials}-{suffix}"
            if not conn.execute("SELECT 1 FROM clinics WHERE code = ?", (candidate,)).fetchone():
                return candidate


def _require_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RefusedError.because(
            f"{name!r} is not an IANA time zone name (like America/Chicago).", "timezone"
        ) from None
