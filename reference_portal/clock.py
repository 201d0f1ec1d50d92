"""The portal's one source of "now".

Time can be moved per *scope*: a request names its scope in the `X-Portal-Clock` header or the
`portal_clock` cookie, and the offset for that scope is kept server-side (`clock_offsets`). A
scope can also be frozen at an instant, which makes threshold boundaries exact. Requests with no
scope, or another scope, see real time: parallel scenarios never feel each other's clocks.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from reference_portal.database import Database
from reference_portal.timestamps import from_iso, to_iso

CLOCK_HEADER = "X-Portal-Clock"
CLOCK_COOKIE = "portal_clock"
MAX_SCOPE_LENGTH = 200


def system_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ClockState:
    scope: str
    offset_seconds: float
    frozen: bool
    now: datetime


class Clock:
    def __init__(self, database: Database, source: Callable[[], datetime] = system_now) -> None:
        self._database = database
        self._source = source
        self._scope: ContextVar[str | None] = ContextVar("clock_scope", default=None)

    # --- reading ---------------------------------------------------------------------------
    def now(self) -> datetime:
        """Now, in UTC, as the current scope sees it."""
        scope = self._scope.get()
        return self.now_for(scope) if scope else self._source()

    def now_for(self, scope: str) -> datetime:
        setting = self._setting(scope)
        real = self._source()
        if setting.frozen_at is not None:
            return setting.frozen_at
        return real + timedelta(seconds=setting.offset_seconds)

    def state(self, scope: str) -> ClockState:
        now = self.now_for(scope)
        offset = (now - self._source()).total_seconds()
        return ClockState(scope, round(offset, 3), self._setting(scope).frozen_at is not None, now)

    # --- scoping ---------------------------------------------------------------------------
    def enter_scope(self, scope: str | None) -> None:
        """Bind the scope for the rest of this request or message."""
        self._scope.set(scope or None)

    # --- moving ----------------------------------------------------------------------------
    def set_offset(self, scope: str, offset_seconds: float, *, frozen: bool | None = None) -> ClockState:
        target = self._source() + timedelta(seconds=offset_seconds)
        return self._store(scope, target, self._frozen(scope, frozen))

    def advance(self, scope: str, seconds: float, *, frozen: bool | None = None) -> ClockState:
        target = self.now_for(scope) + timedelta(seconds=seconds)
        return self._store(scope, target, self._frozen(scope, frozen))

    def travel_to(self, scope: str, moment: datetime, *, frozen: bool | None = None) -> ClockState:
        return self._store(scope, moment.astimezone(UTC), self._frozen(scope, frozen))

    def set_frozen(self, scope: str, frozen: bool) -> ClockState:
        return self._store(scope, self.now_for(scope), frozen)

    # --- storage ---------------------------------------------------------------------------
    def _store(self, scope: str, target: datetime, frozen: bool) -> ClockState:
        real = self._source()
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO clock_offsets (scope, offset_seconds, frozen_at, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE SET"
                " offset_seconds = excluded.offset_seconds, frozen_at = excluded.frozen_at,"
                " updated_at = excluded.updated_at",
                (scope, (target - real).total_seconds(), to_iso(target) if frozen else None, to_iso(real)),
            )
        return self.state(scope)

    def _setting(self, scope: str) -> _ScopeSetting:
        row = (
            self._database.connection()
            .execute("SELECT offset_seconds, frozen_at FROM clock_offsets WHERE scope = ?", (scope,))
            .fetchone()
        )
        if row is None:
            return _ScopeSetting(0.0, None)
        frozen_at = from_iso(row["frozen_at"]) if row["frozen_at"] else None
        return _ScopeSetting(float(row["offset_seconds"]), frozen_at)

    def _frozen(self, scope: str, requested: bool | None) -> bool:
        """An explicit request wins; otherwise a frozen scope stays frozen."""
        if requested is not None:
            return requested
        return self._setting(scope).frozen_at is not None


@dataclass(frozen=True)
class _ScopeSetting:
    offset_seconds: float
    frozen_at: datetime | None
