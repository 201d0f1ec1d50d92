"""Message topics and routing: which pool (or provider) a new patient message goes to.

A new message is routed once, when it arrives, and keeps its pool: changing a rule affects new
messages only (MSG-02). The order of precedence for a topic at a clinic:

1. the clinic's routing rule for the topic;
2. the topic's own team (its pool kind, e.g. a prescription renewal to the pharmacy pool);
3. the clinic's default rule;
4. the clinic's front-desk pool (created if the clinic has no pool at all: no message is lost).

A message addressed to the patient's own provider goes to the provider, or to the provider's
covering pool while they are out of office (MSG-04).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.releases import RELEASES
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.pools import Pool, PoolKind, PoolService
from reference_portal.services.staff import StaffMember, StaffService
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

TOPIC_FIELD = "topic"


@dataclass(frozen=True)
class Topic:
    key: str
    name: str  # what patients pick, e.g. "Billing question"
    team: PoolKind  # who answers it when the clinic has no rule for it
    since: str = RELEASES[0]  # the release that introduced it

    def offered_in(self, release: str) -> bool:
        return RELEASES.index(release) >= RELEASES.index(self.since)


TOPICS: tuple[Topic, ...] = (
    Topic("medical", "Medical question", PoolKind.NURSE),
    Topic("appointment", "Appointment question", PoolKind.FRONT_DESK),
    Topic("billing", "Billing question", PoolKind.BILLING),
    Topic("prescription-renewal", "Prescription renewal", PoolKind.PHARMACY, since="2026.2"),
    Topic("test-results", "Test results question", PoolKind.NURSE),
)


def topic_by_key(key: str) -> Topic:
    """Any topic ever offered (old conversations keep theirs, whatever the release)."""
    for topic in TOPICS:
        if topic.key == key:
            return topic
    raise NotFoundError(f"No topic {key!r}.")


class RouteKind(StrEnum):
    RULE = "rule"
    TOPIC_TEAM = "topic-team"
    CLINIC_DEFAULT = "clinic-default"
    FRONT_DESK = "front-desk"
    PROVIDER = "provider"
    COVERING_POOL = "covering-pool"


@dataclass(frozen=True)
class RoutingRule:
    id: int
    public_id: str
    clinic_id: int
    topic: str | None  # a topic key; None for the clinic's default rule
    pool_id: int
    created_at: datetime
    replaced_at: datetime | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> RoutingRule:
        return cls(
            row["id"],
            row["public_id"],
            row["clinic_id"],
            row["topic"],
            row["pool_id"],
            from_iso(row["created_at"]),
            from_iso(row["replaced_at"]) if row["replaced_at"] else None,
        )


@dataclass(frozen=True)
class Route:
    """Where a new message goes, and why."""

    kind: RouteKind
    pool: Pool | None  # None only when it goes straight to a provider who is in
    provider: StaffMember | None = None
    rule: RoutingRule | None = None

    @property
    def provider_away(self) -> bool:
        return self.kind is RouteKind.COVERING_POOL


class RoutingService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        audit: AuditLog,
        pools: PoolService,
        staff: StaffService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._pools = pools
        self._staff = staff

    # --- topics ----------------------------------------------------------------------------
    def topics(self) -> tuple[Topic, ...]:
        """The topics patients can pick in this release."""
        return tuple(topic for topic in TOPICS if topic.offered_in(self._settings.release))

    def topic(self, text: str) -> Topic:
        """A topic of this release by key or name ("billing" or "Billing question")."""
        wanted = text.strip().casefold()
        if not wanted:
            raise RefusedError.because(messages.MESSAGE_TOPIC_MISSING, TOPIC_FIELD)
        for topic in self.topics():
            if wanted in (topic.key, topic.name.casefold()):
                return topic
        names = ", ".join(topic.name for topic in self.topics())
        raise RefusedError.because(messages.MESSAGE_TOPIC_UNKNOWN.format(topics=names), TOPIC_FIELD)

    # --- rules -----------------------------------------------------------------------------
    def set_rule(self, clinic: Clinic, topic: Topic | None, pool: Pool, *, actor: str) -> RoutingRule:
        """The clinic's rule for the topic (or its default rule) from now on; the old one is kept as history."""
        if pool.clinic_id != clinic.id:
            raise RefusedError.because("The pool must belong to the same clinic.", "pool_id")
        now = to_iso(self._clock.now())
        public_id = new_public_id("rul")
        topic_key = topic.key if topic else None
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE routing_rules SET replaced_at = ? WHERE clinic_id = ? AND topic IS ? AND replaced_at IS NULL",
                (now, clinic.id, topic_key),
            )
            conn.execute(
                "INSERT INTO routing_rules (public_id, clinic_id, topic, pool_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (public_id, clinic.id, topic_key, pool.id, now),
            )
            self._audit.record(
                actor,
                "routing-rule-set",
                clinic_id=clinic.id,
                detail=f"topic={topic_key or '(default)'} pool={pool.public_id}",
            )
        return self._rule(public_id)

    def rules(self, clinic: Clinic) -> list[RoutingRule]:
        """The clinic's rules in force (the default rule, if any, first)."""
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM routing_rules WHERE clinic_id = ? AND replaced_at IS NULL"
                " ORDER BY topic IS NOT NULL, topic",
                (clinic.id,),
            )
            .fetchall()
        )
        return [RoutingRule.from_row(row) for row in rows]

    def rule_for(self, clinic: Clinic, topic: Topic | None) -> RoutingRule | None:
        row = (
            self._database.connection()
            .execute(
                "SELECT * FROM routing_rules WHERE clinic_id = ? AND topic IS ? AND replaced_at IS NULL",
                (clinic.id, topic.key if topic else None),
            )
            .fetchone()
        )
        return RoutingRule.from_row(row) if row else None

    def rule_by_id(self, rule_id: int) -> RoutingRule:
        row = self._database.connection().execute("SELECT * FROM routing_rules WHERE id = ?", (rule_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No routing rule with key {rule_id}.")
        return RoutingRule.from_row(row)

    def _rule(self, public_id: str) -> RoutingRule:
        row = (
            self._database.connection()
            .execute("SELECT * FROM routing_rules WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No routing rule with id {public_id}.")
        return RoutingRule.from_row(row)

    # --- routing ---------------------------------------------------------------------------
    def route(self, clinic: Clinic, topic: Topic, provider: StaffMember | None, now: datetime) -> Route:
        """Where a new message goes right now."""
        if provider is not None:
            if provider.away_at(now) and provider.covering_pool_id is not None:
                return Route(RouteKind.COVERING_POOL, self._pools.by_id(provider.covering_pool_id), provider)
            return Route(RouteKind.PROVIDER, None, provider)
        return self.pool_for(clinic, topic)

    def pool_for(self, clinic: Clinic, topic: Topic) -> Route:
        """The pool the clinic's routing rules name for a topic."""
        rule = self.rule_for(clinic, topic)
        if rule is not None:
            return Route(RouteKind.RULE, self._pools.by_id(rule.pool_id), rule=rule)
        team = self._pools.first_of_kind(clinic.id, topic.team)
        if team is not None:
            return Route(RouteKind.TOPIC_TEAM, team)
        return self.default_route(clinic)

    def default_route(self, clinic: Clinic) -> Route:
        """The clinic's catch-all: its default rule, else its front desk."""
        rule = self.rule_for(clinic, None)
        if rule is not None:
            return Route(RouteKind.CLINIC_DEFAULT, self._pools.by_id(rule.pool_id), rule=rule)
        front_desk = self._pools.first_of_kind(clinic.id, PoolKind.FRONT_DESK)
        if front_desk is None:
            front_desk = self._pools.create(clinic, "Front desk", PoolKind.FRONT_DESK.value, actor="system")
        return Route(RouteKind.FRONT_DESK, front_desk)
