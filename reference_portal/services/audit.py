"""The audit log: append-only, written in the same transaction as the change it records."""

from __future__ import annotations

import sqlite3

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.timestamps import to_iso

# releases area: the site-wide switch (portal_settings) that keeps the audit log on; no UI edits it.
AUDIT_SETTING = "audit.enabled"


class AuditLog:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def record(
        self,
        actor: str,
        action: str,
        *,
        patient_id: int | None = None,
        clinic_id: int | None = None,
        detail: str = "",
        category: str | None = None,
    ) -> None:
        """Keep one entry: who (actor), which patient, what kind of data (category), what, when.

        Callers may name the category; otherwise it follows from the action's name.
        """
        with self._database.transaction() as conn:
            if not self.enabled(conn):
                return
            conn.execute(
                "INSERT INTO audit_log (occurred_at, actor, action, patient_id, clinic_id, detail, category)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    to_iso(self._clock.now()),
                    actor,
                    action,
                    patient_id,
                    clinic_id,
                    detail,
                    category or category_of(action),
                ),
            )

    def enabled(self, conn: sqlite3.Connection | None = None) -> bool:
        """On unless the site's audit.enabled setting says otherwise (releases area)."""
        conn = conn or self._database.connection()
        row = conn.execute("SELECT value FROM portal_settings WHERE key = ?", (AUDIT_SETTING,)).fetchone()
        return row is None or row["value"] == "on"


# --- VDT/AUD area: the category of an entry, from its action's name ---------------------------
# First match wins: "result-viewed-by-staff" is a results entry, "record-downloaded" an export.
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("record-downloaded", "record-export"),
    ("record-transmitted", "record-export"),
    ("audit-log", "audit"),
    ("result", "results"),
    ("note", "notes"),
    ("message", "messaging"),
    ("conversation", "messaging"),
    ("canned-response", "messaging"),
    ("health-summary", "clinical-record"),
    ("record-", "clinical-record"),
    ("patient-reported", "clinical-record"),
    ("appointment", "appointments"),
    ("demographics", "demographics"),
    ("patient-registered", "demographics"),
    ("proxy", "proxy-access"),
    ("partner", "partner-access"),
    ("mou", "partner-access"),
    ("activation", "enrollment"),
    ("enroll", "enrollment"),
    ("sign-up", "enrollment"),
    ("sign-in", "authentication"),
    ("signed-in", "authentication"),
    ("session", "authentication"),
    ("password", "authentication"),
    ("locked", "authentication"),
    ("unlock", "authentication"),
    ("staff", "administration"),
    ("pool", "administration"),
    ("routing", "administration"),
    ("clinic", "administration"),
    ("provider", "administration"),
)
CATEGORIES: tuple[str, ...] = (*dict.fromkeys(category for _, category in _CATEGORY_WORDS), "other")


def category_of(action: str) -> str:
    for word, category in _CATEGORY_WORDS:
        if word in action:
            return category
    return "other"


def actor_type(actor: str) -> str:
    """account:<id> is a patient or proxy account, staff:<id> staff, partner:<id> a partner user;
    anything else (admin-api, hl7, system, anonymous) is a system actor."""
    kind = actor.split(":", 1)[0]
    return kind if kind in ("account", "staff", "partner") else "system"
