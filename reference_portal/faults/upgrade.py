"""Upgrade faults (UPG, AUD): the 2026.2 migration loses or changes data as it carries it across.

They patch the steps of `portal.migrations.to_2026_2` before the migration runs at start-up, so
they act only when a portal started with them opens a database of an older release.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from reference_portal.faults import Fault, replace_method
from reference_portal.migrations.release_2026_2 import add_rule_for
from reference_portal.portal import Portal
from reference_portal.services.routing import TOPICS
from reference_portal.timestamps import to_iso

TRUNCATED_BODY_CHARACTERS = 1000


def _truncates_long_messages(portal: Portal) -> None:
    """The rebuilt messages table is filled through the vendor's export format, limited to 1,000 characters."""

    def first_thousand(body: str) -> str:
        return body[:TRUNCATED_BODY_CHARACTERS]

    replace_method(portal.migrations.to_2026_2, "carry_message_body", first_thousand)


def _mangles_accents(portal: Portal) -> None:
    """The copy decodes the UTF-8 text as Latin-1: "Qué" becomes "QuÃ©"."""

    def latin1(body: str) -> str:
        return body.encode("utf-8").decode("latin-1")

    replace_method(portal.migrations.to_2026_2, "carry_message_body", latin1)


def _drops_proxy_expiry(portal: Portal) -> None:
    """The rebuild parses expiry dates with a format that lacks the trailing Z, and stores NULL: no expiry."""

    def unparsed(expires_at: str | None) -> str | None:
        try:
            return to_iso(datetime.strptime(expires_at or "", "%Y-%m-%dT%H:%M:%S"))
        except ValueError:
            return None

    replace_method(portal.migrations.to_2026_2, "carry_proxy_expiry", unparsed)


def _resets_routing_rules(portal: Portal) -> None:
    """Seeding the new topic's rule re-seeds every topic from the vendor defaults, replacing the site's rules."""

    def reseed_all(conn: sqlite3.Connection, now: datetime) -> None:
        conn.execute("UPDATE routing_rules SET replaced_at = ? WHERE replaced_at IS NULL", (to_iso(now),))
        for topic in TOPICS:
            for clinic in conn.execute("SELECT id FROM clinics ORDER BY id").fetchall():
                add_rule_for(conn, clinic["id"], topic, now)

    replace_method(portal.migrations.to_2026_2, "route_new_topics", reseed_all)


def _audit_log_off_after_upgrade(portal: Portal) -> None:
    """The migration pauses audit logging for its copy and never switches it back on."""

    def leave_paused(conn: sqlite3.Connection, before: sqlite3.Row | None) -> None:
        return None

    replace_method(portal.migrations.to_2026_2, "resume_audit", leave_paused)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="migration-truncates-long-messages",
        area="UPG",
        description="The 2026.2 migration cuts message bodies at 1,000 characters.",
        caught_by=("UPG-02",),
        apply=_truncates_long_messages,
        on_upgrade=True,
    ),
    Fault(
        name="migration-mangles-accents",
        area="UPG",
        description="The 2026.2 migration re-encodes message text as Latin-1: accents and emoji turn to mojibake.",
        caught_by=("UPG-02",),
        apply=_mangles_accents,
        on_upgrade=True,
    ),
    Fault(
        name="migration-drops-proxy-expiry",
        area="UPG",
        description="The 2026.2 migration loses adult proxies' expiry dates: their access never ends.",
        caught_by=("UPG-01",),
        apply=_drops_proxy_expiry,
        on_upgrade=True,
    ),
    Fault(
        name="migration-resets-routing-rules",
        area="UPG",
        description="The 2026.2 migration replaces the site's routing rules with the vendor's defaults.",
        caught_by=("UPG-03",),
        apply=_resets_routing_rules,
        on_upgrade=True,
    ),
    Fault(
        name="audit-log-off-after-upgrade",
        area="AUD",
        description="The 2026.2 migration pauses audit logging for its copy and leaves it off.",
        caught_by=("AUD-01",),
        apply=_audit_log_off_after_upgrade,
        on_upgrade=True,
    ),
)
