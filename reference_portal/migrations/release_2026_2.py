"""The 2026.2 upgrade.

What changes in the data:
- `messages` is rebuilt with CHECK constraints on its vocabularies and a new `body_format`
  column (every existing message is `text/plain`; 2026.2 prepares formatted replies).
- `proxy_relationships` is rebuilt with a CHECK on the relationship vocabulary (SQLite adds a
  CHECK only by rebuilding a table).
- The topic new in 2026.2 ("Prescription renewal") gets an explicit routing rule to the clinic's
  pharmacy pool, so administrators see and can change it with the other rules.
Audit logging is paused while rows are copied (a copy is not an access to PHI) and restored after.

Each step that carries a value across is its own method: the upgrade faults patch them.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from reference_portal.ids import new_public_id
from reference_portal.services.audit import AUDIT_SETTING
from reference_portal.services.permissions import Relationship
from reference_portal.services.routing import TOPICS, Topic
from reference_portal.timestamps import to_iso

RELEASE = "2026.2"
ACTOR = f"upgrade-{RELEASE}"

_RELATIONSHIPS = ", ".join(f"'{relationship.value}'" for relationship in Relationship)

# What 2026.2 adds to each rebuilt table (columns, then table constraints), after its current columns:
# columns other releases or areas add to these tables are carried across untouched.
MESSAGES_2026_2 = (
    "body_format TEXT NOT NULL DEFAULT 'text/plain' CHECK (body_format IN ('text/plain'))",
    "CHECK (author IN ('patient', 'staff', 'system'))",
    "CHECK (urgent IN (0, 1))",
)
PROXY_RELATIONSHIPS_2026_2 = (f"CHECK (relationship IN ({_RELATIONSHIPS}))",)


class LostColumnsError(Exception):
    pass


class Upgrade2026_2:  # noqa: N801 (named after the release)
    release = RELEASE
    description = "Messages gain body_format; CHECK constraints on messages and proxy relationships"

    def apply(self, conn: sqlite3.Connection, now: datetime) -> None:
        audit_before = self.pause_audit(conn, now)
        conn.create_function("carry_message_body", 1, self.carry_message_body, deterministic=True)
        conn.create_function("carry_proxy_expiry", 1, self.carry_proxy_expiry, deterministic=True)
        rebuild_table(conn, "messages", MESSAGES_2026_2, {"body": "carry_message_body(body)"})
        rebuild_table(
            conn, "proxy_relationships", PROXY_RELATIONSHIPS_2026_2, {"expires_at": "carry_proxy_expiry(expires_at)"}
        )
        self.route_new_topics(conn, now)
        self.resume_audit(conn, audit_before)

    # --- values carried across the rebuilds ----------------------------------------------------
    def carry_message_body(self, body: str) -> str:
        """A message's text, exactly as the patient or staff member wrote it."""
        return body

    def carry_proxy_expiry(self, expires_at: str | None) -> str | None:
        """The last instant an adult proxy's access works (NULL: no expiry)."""
        return expires_at

    # --- routing for the topics this release introduces ----------------------------------------
    def route_new_topics(self, conn: sqlite3.Connection, now: datetime) -> None:
        """Each clinic with a pool of the topic's team gets a rule, unless it already has one."""
        for topic in new_topics():
            for clinic in conn.execute("SELECT id FROM clinics ORDER BY id").fetchall():
                add_rule_for(conn, clinic["id"], topic, now)

    # --- audit logging is paused while rows are copied -----------------------------------------
    def pause_audit(self, conn: sqlite3.Connection, now: datetime) -> sqlite3.Row | None:
        before: sqlite3.Row | None = conn.execute(
            "SELECT * FROM portal_settings WHERE key = ?", (AUDIT_SETTING,)
        ).fetchone()
        conn.execute(
            "INSERT INTO portal_settings (key, value, changed_at, changed_by) VALUES (?, 'off', ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = 'off', changed_at = excluded.changed_at,"
            " changed_by = excluded.changed_by",
            (AUDIT_SETTING, to_iso(now), ACTOR),
        )
        return before

    def resume_audit(self, conn: sqlite3.Connection, before: sqlite3.Row | None) -> None:
        """Put the site's own setting back, row and all (no row: the default, on)."""
        conn.execute("DELETE FROM portal_settings WHERE key = ?", (AUDIT_SETTING,))
        if before is not None:
            conn.execute(
                "INSERT INTO portal_settings (key, value, changed_at, changed_by) VALUES (?, ?, ?, ?)",
                (before["key"], before["value"], before["changed_at"], before["changed_by"]),
            )


def new_topics() -> tuple[Topic, ...]:
    return tuple(topic for topic in TOPICS if topic.since == RELEASE)


def add_rule_for(conn: sqlite3.Connection, clinic_id: int, topic: Topic, now: datetime) -> None:
    """A current rule sending `topic` to the clinic's first pool of the topic's team, if it has none."""
    current = conn.execute(
        "SELECT 1 FROM routing_rules WHERE clinic_id = ? AND topic = ? AND replaced_at IS NULL", (clinic_id, topic.key)
    ).fetchone()
    pool = conn.execute(
        "SELECT id FROM pools WHERE clinic_id = ? AND kind = ? ORDER BY id LIMIT 1", (clinic_id, topic.team.value)
    ).fetchone()
    if current is None and pool is not None:
        conn.execute(
            "INSERT INTO routing_rules (public_id, clinic_id, topic, pool_id, created_at) VALUES (?, ?, ?, ?, ?)",
            (new_public_id("rul"), clinic_id, topic.key, pool["id"], to_iso(now)),
        )


def rebuild_table(
    conn: sqlite3.Connection, table: str, additions: tuple[str, ...], expressions: dict[str, str]
) -> None:
    """SQLite's documented table rebuild: create the new shape, copy every row, swap, re-index.

    The new shape is the table's own CREATE statement plus `additions`; `expressions` say how a
    column's values are carried across (default: as they are).
    """
    new_table = f"{table}_{RELEASE.replace('.', '_')}"
    old_columns = [row["name"] for row in conn.execute(f"PRAGMA table_info({table})")]
    indexes = [
        row["sql"]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
            (table,),
        )
    ]
    conn.execute(extended_create(conn, table, new_table, additions))
    new_columns = [row["name"] for row in conn.execute(f"PRAGMA table_info({new_table})")]
    lost = [column for column in old_columns if column not in new_columns]
    if lost:
        raise LostColumnsError(f"Rebuilding {table} would lose column(s) {', '.join(lost)}.")
    names = ", ".join(old_columns)
    values = ", ".join(expressions.get(column, column) for column in old_columns)
    conn.execute(f"INSERT INTO {new_table} ({names}) SELECT {values} FROM {table} ORDER BY rowid")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {new_table} RENAME TO {table}")
    for create_index in indexes:
        conn.execute(create_index)


def extended_create(conn: sqlite3.Connection, table: str, new_table: str, additions: tuple[str, ...]) -> str:
    """The table's CREATE statement under a new name, with `additions` after its last column.

    Each addition starts on its own line: the last column may end in a `--` comment.
    """
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    body = row["sql"][row["sql"].index("(") : row["sql"].rindex(")")]
    added = "".join(f"\n    , {addition}" for addition in additions)
    return f"CREATE TABLE {new_table} {body}{added}\n)"
