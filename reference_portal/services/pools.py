"""Pools: a clinic's teams that answer patient messages (nurses, billing, pharmacy, ...).

A staff member works the pools they belong to; supervisors and administrators see every pool
of their clinic. Each pool has a kind, so a clinic's supervisor or pharmacy pool can be found.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.staff import StaffMember
from reference_portal.timestamps import to_iso


class PoolKind(StrEnum):
    FRONT_DESK = "front-desk"
    NURSE = "nurse"
    BILLING = "billing"
    PHARMACY = "pharmacy"
    SUPERVISOR = "supervisor"
    OTHER = "other"


@dataclass(frozen=True)
class Pool:
    id: int
    public_id: str
    clinic_id: int
    name: str
    kind: PoolKind

    @property
    def title(self) -> str:
        """ "Billing pool": how pages name it."""
        return f"{self.name} pool"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Pool:
        return cls(row["id"], row["public_id"], row["clinic_id"], row["name"], PoolKind(row["kind"]))


def parse_kind(text: str) -> PoolKind:
    try:
        return PoolKind(text.strip().lower().replace(" ", "-").replace("_", "-"))
    except ValueError:
        known = ", ".join(kind.value for kind in PoolKind)
        raise RefusedError.because(f"kind must be one of {known}.", "kind") from None


class PoolService:
    def __init__(self, database: Database, clock: Clock, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def create(self, clinic: Clinic, name: str, kind: str, *, actor: str) -> Pool:
        name = name.strip()
        if not name:
            raise RefusedError.because("Give the pool a name, like Billing.", "name")
        pool_kind = parse_kind(kind)
        public_id = new_public_id("pol")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO pools (public_id, clinic_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)",
                (public_id, clinic.id, name, pool_kind.value, to_iso(self._clock.now())),
            )
            self._audit.record(actor, "pool-created", clinic_id=clinic.id, detail=f"pool={public_id} kind={pool_kind}")
        return self.get(public_id)

    def get(self, public_id: str) -> Pool:
        row = self._database.connection().execute("SELECT * FROM pools WHERE public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No pool with id {public_id}.")
        return Pool.from_row(row)

    def by_id(self, pool_id: int) -> Pool:
        row = self._database.connection().execute("SELECT * FROM pools WHERE id = ?", (pool_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No pool with key {pool_id}.")
        return Pool.from_row(row)

    def for_clinic(self, clinic_id: int) -> list[Pool]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM pools WHERE clinic_id = ? ORDER BY name, id", (clinic_id,))
            .fetchall()
        )
        return [Pool.from_row(row) for row in rows]

    def first_of_kind(self, clinic_id: int, kind: PoolKind) -> Pool | None:
        """The clinic's (oldest) pool of a kind, e.g. its supervisor pool."""
        row = (
            self._database.connection()
            .execute(
                "SELECT * FROM pools WHERE clinic_id = ? AND kind = ? ORDER BY id LIMIT 1", (clinic_id, kind.value)
            )
            .fetchone()
        )
        return Pool.from_row(row) if row else None

    # --- members ---------------------------------------------------------------------------
    def add_member(self, pool: Pool, member: StaffMember, *, actor: str) -> None:
        if member.clinic_id != pool.clinic_id:
            raise RefusedError.because("Staff can only join pools of their own clinic.", "staff_id")
        with self._database.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO pool_members (pool_id, staff_id) VALUES (?, ?)", (pool.id, member.id))
            self._audit.record(
                actor,
                "pool-member-added",
                clinic_id=pool.clinic_id,
                detail=f"pool={pool.public_id} staff={member.public_id}",
            )

    def member_ids(self, pool: Pool) -> list[int]:
        rows = (
            self._database.connection()
            .execute("SELECT staff_id FROM pool_members WHERE pool_id = ? ORDER BY staff_id", (pool.id,))
            .fetchall()
        )
        return [row["staff_id"] for row in rows]

    def visible_to(self, member: StaffMember) -> list[Pool]:
        """The pools a staff member works: their own, or all of the clinic's for supervisors."""
        if member.oversees_clinic:
            return self.for_clinic(member.clinic_id)
        rows = (
            self._database.connection()
            .execute(
                "SELECT pools.* FROM pools JOIN pool_members ON pool_members.pool_id = pools.id"
                " WHERE pool_members.staff_id = ? AND pools.clinic_id = ? ORDER BY pools.name, pools.id",
                (member.id, member.clinic_id),
            )
            .fetchall()
        )
        return [Pool.from_row(row) for row in rows]

    def can_open(self, member: StaffMember, pool: Pool) -> bool:
        return any(visible.id == pool.id for visible in self.visible_to(member))
