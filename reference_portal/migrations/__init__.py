"""Versioned database migrations, applied at start-up.

A database remembers which releases built and upgraded it (`schema_versions`). Opening it with a
newer release applies every pending upgrade once, each in one transaction, and records it;
opening it with an older release is refused (releases never downgrade a database). A new
database is built as the 2026.1 baseline (the `schema/*.sql` files) and upgraded the same way, so
a database created by 2026.2 and one upgraded from 2026.1 end with the same schema.

The runner is a Portal service: faults may patch an upgrade's steps at start-up, before the
upgrade runs, so a migration fault is a fault like any other.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.migrations.release_2026_2 import Upgrade2026_2
from reference_portal.releases import RELEASES
from reference_portal.services.audit import AUDIT_SETTING
from reference_portal.settings import Settings
from reference_portal.timestamps import to_iso

BASELINE_RELEASE = RELEASES[0]
BASELINE_DESCRIPTION = "Baseline: the 2026.1 schema"


class DatabaseReleaseError(Exception):
    """The database belongs to a newer release than the one starting; the message says what to do."""


class MigrationError(Exception):
    """An upgrade could not be applied; nothing of it was kept."""


class Upgrade(Protocol):
    release: str
    description: str

    def apply(self, conn: sqlite3.Connection, now: datetime) -> None: ...


@dataclass(frozen=True)
class AppliedVersion:
    version: str
    description: str
    applied_at: str
    applied_by: str


def release_order(release: str) -> int:
    """Position of a release; one this code does not know is newer than every known one."""
    return RELEASES.index(release) if release in RELEASES else len(RELEASES)


def refuse_newer_database(database: Database, release: str) -> None:
    """Before touching anything: a database a newer release upgraded stays untouched."""
    conn = database.connect()
    try:
        has_versions = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'"
        ).fetchone()
        versions = (
            [row["version"] for row in conn.execute("SELECT version FROM schema_versions")] if has_versions else []
        )
    finally:
        conn.close()
    newest = max(versions, key=release_order, default=BASELINE_RELEASE)
    if release_order(newest) > release_order(release):
        raise DatabaseReleaseError(
            f"The database {database.path} was upgraded to release {newest}, and release {release} cannot open it"
            f" because releases never downgrade a database: start release {newest} on it, or use another --db."
        )


class SchemaMigrations:
    def __init__(self, database: Database, clock: Clock, settings: Settings) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self.to_2026_2 = Upgrade2026_2()

    def upgrades(self) -> tuple[Upgrade, ...]:
        """Every upgrade after the baseline, oldest first."""
        return (self.to_2026_2,)

    def applied(self) -> list[AppliedVersion]:
        rows = self._database.connection().execute("SELECT * FROM schema_versions").fetchall()
        versions = [AppliedVersion(r["version"], r["description"], r["applied_at"], r["applied_by"]) for r in rows]
        return sorted(versions, key=lambda version: release_order(version.version))

    def database_release(self) -> str:
        applied = self.applied()
        return applied[-1].version if applied else BASELINE_RELEASE

    def upgrade(self) -> tuple[str, ...]:
        """Record the baseline if needed, then apply each upgrade up to this release. Idempotent."""
        with self._database.unit_of_work():
            refuse_newer_database(self._database, self._settings.release)
            self._record_baseline()
            done: list[str] = []
            for upgrade in self.upgrades():
                if release_order(upgrade.release) <= release_order(self._settings.release) and self._apply(upgrade):
                    done.append(upgrade.release)
            return tuple(done)

    def _record_baseline(self) -> None:
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            if conn.execute("SELECT 1 FROM schema_versions").fetchone() is None:
                conn.execute(
                    "INSERT INTO schema_versions (version, description, applied_at, applied_by) VALUES (?, ?, ?, ?)",
                    (BASELINE_RELEASE, BASELINE_DESCRIPTION, now, self._settings.release),
                )
            # Auditing is on unless the site has a row saying otherwise (DOMAIN.md: on by default).
            conn.execute(
                "INSERT OR IGNORE INTO portal_settings (key, value, changed_at, changed_by) VALUES (?, 'on', ?, ?)",
                (AUDIT_SETTING, now, f"install-{BASELINE_RELEASE}"),
            )

    def _apply(self, upgrade: Upgrade) -> bool:
        conn = self._database.connection()
        # Rebuilding a table drops and renames it: foreign keys are checked once, at the end.
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self._database.transaction() as conn:
                if conn.execute("SELECT 1 FROM schema_versions WHERE version = ?", (upgrade.release,)).fetchone():
                    return False  # applied already (by another process that opened the file first)
                now = self._clock.now()
                upgrade.apply(conn, now)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    tables = ", ".join(sorted({row[0] for row in broken}))
                    raise MigrationError(f"Upgrade to {upgrade.release} left broken references in {tables}.")
                conn.execute(
                    "INSERT INTO schema_versions (version, description, applied_at, applied_by) VALUES (?, ?, ?, ?)",
                    (upgrade.release, upgrade.description, to_iso(now), self._settings.release),
                )
            return True
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
