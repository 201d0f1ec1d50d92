"""Clinic business hours and holidays, always read in the clinic's own time zone.

Hours drive the after-hours auto-reply (MSG-03) and change the moment an administrator saves
them (OPS-01): nothing is cached. A clinic whose hours were never set keeps the default hours
from Settings. A span is open from its opening minute up to, not including, its closing minute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from itertools import pairwise

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import ConflictError, NotFoundError, Problem, RefusedError
from reference_portal.settings import Settings
from reference_portal.timestamps import to_iso

WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MINUTES_A_DAY = 24 * 60
_CLOCK_TIME = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")


@dataclass(frozen=True, order=True)
class OpeningSpan:
    """Minutes after local midnight: [opens, closes)."""

    opens: int
    closes: int

    def contains(self, minute: int) -> bool:
        return self.opens <= minute < self.closes

    def as_pair(self) -> list[str]:
        return [_clock_text(self.opens), _clock_text(self.closes)]


@dataclass(frozen=True)
class WeeklyHours:
    days: tuple[tuple[OpeningSpan, ...], ...]  # Monday first, seven entries
    configured: bool  # False: the Settings default applies

    def on(self, weekday: int) -> tuple[OpeningSpan, ...]:
        return self.days[weekday]

    def as_mapping(self) -> dict[str, list[list[str]]]:
        return {name: [span.as_pair() for span in spans] for name, spans in zip(WEEKDAYS, self.days, strict=True)}


@dataclass(frozen=True)
class Holiday:
    public_id: str
    day: date
    name: str


class ClosureReason(StrEnum):
    AFTER_HOURS = "after-hours"
    HOLIDAY = "holiday"


@dataclass(frozen=True)
class Closure:
    """Why a clinic is closed at a moment, and that moment on the clinic's wall clock."""

    reason: ClosureReason
    local_time: datetime
    holiday: Holiday | None = None


class ClinicHoursService:
    def __init__(self, database: Database, clock: Clock, settings: Settings, audit: AuditLog) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit

    # --- hours -----------------------------------------------------------------------------
    def weekly_hours(self, clinic: Clinic) -> WeeklyHours:
        conn = self._database.connection()
        details = conn.execute("SELECT hours_set_at FROM clinic_details WHERE clinic_id = ?", (clinic.id,)).fetchone()
        if details is None or details["hours_set_at"] is None:
            return WeeklyHours(parse_week(self._default_hours()), configured=False)
        rows = conn.execute(
            "SELECT weekday, opens_at, closes_at FROM clinic_hours WHERE clinic_id = ? ORDER BY weekday, opens_at",
            (clinic.id,),
        ).fetchall()
        by_day: dict[int, list[OpeningSpan]] = {}
        for row in rows:
            span = OpeningSpan(_minutes(row["opens_at"]), _minutes(row["closes_at"]))
            by_day.setdefault(row["weekday"], []).append(span)
        return WeeklyHours(tuple(tuple(by_day.get(day, ())) for day in range(7)), configured=True)

    def set_weekly_hours(self, clinic: Clinic, week: Mapping[str, object], *, actor: str) -> WeeklyHours:
        """Replace the whole week: a day that is left out or given [] is closed."""
        days = parse_week(week)
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            conn.execute("DELETE FROM clinic_hours WHERE clinic_id = ?", (clinic.id,))
            for weekday, spans in enumerate(days):
                for span in spans:
                    conn.execute(
                        "INSERT INTO clinic_hours (clinic_id, weekday, opens_at, closes_at) VALUES (?, ?, ?, ?)",
                        (clinic.id, weekday, _clock_text(span.opens), _clock_text(span.closes)),
                    )
            conn.execute(
                "INSERT INTO clinic_details (clinic_id, hours_set_at) VALUES (?, ?)"
                " ON CONFLICT (clinic_id) DO UPDATE SET hours_set_at = excluded.hours_set_at",
                (clinic.id, now),
            )
            self._audit.record(actor, "clinic-hours-changed", clinic_id=clinic.id)
        return self.weekly_hours(clinic)

    def _default_hours(self) -> dict[str, list[list[str]]]:
        hours: dict[str, list[list[str]]] = {}
        for day, opens, closes in self._settings.default_business_hours:
            hours.setdefault(day, []).append([opens, closes])
        return hours

    # --- holidays --------------------------------------------------------------------------
    def holidays(self, clinic: Clinic) -> list[Holiday]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM clinic_holidays WHERE clinic_id = ? ORDER BY day", (clinic.id,))
            .fetchall()
        )
        return [Holiday(row["public_id"], date.fromisoformat(row["day"]), row["name"]) for row in rows]

    def holiday_on(self, clinic: Clinic, day: date) -> Holiday | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM clinic_holidays WHERE clinic_id = ? AND day = ?", (clinic.id, day.isoformat()))
            .fetchone()
        )
        return Holiday(row["public_id"], date.fromisoformat(row["day"]), row["name"]) if row else None

    def add_holiday(self, clinic: Clinic, day: date, name: str, *, actor: str) -> Holiday:
        name = name.strip()
        if not name:
            raise RefusedError.because("Give the holiday a name, like Independence Day.", "name")
        public_id = new_public_id("hol")
        with self._database.transaction() as conn:
            if conn.execute(
                "SELECT 1 FROM clinic_holidays WHERE clinic_id = ? AND day = ?", (clinic.id, day.isoformat())
            ).fetchone():
                raise ConflictError.because(f"The clinic already has a holiday on {day.isoformat()}.", "date")
            conn.execute(
                "INSERT INTO clinic_holidays (public_id, clinic_id, day, name) VALUES (?, ?, ?, ?)",
                (public_id, clinic.id, day.isoformat(), name),
            )
            self._audit.record(actor, "clinic-holiday-added", clinic_id=clinic.id, detail=day.isoformat())
        return Holiday(public_id, day, name)

    def remove_holiday(self, clinic: Clinic, day: date, *, actor: str) -> None:
        with self._database.transaction() as conn:
            removed = conn.execute(
                "DELETE FROM clinic_holidays WHERE clinic_id = ? AND day = ?", (clinic.id, day.isoformat())
            ).rowcount
            if not removed:
                raise NotFoundError(f"The clinic has no holiday on {day.isoformat()}.")
            self._audit.record(actor, "clinic-holiday-removed", clinic_id=clinic.id, detail=day.isoformat())

    # --- contact ---------------------------------------------------------------------------
    def phone(self, clinic: Clinic) -> str | None:
        row = (
            self._database.connection()
            .execute("SELECT phone FROM clinic_details WHERE clinic_id = ?", (clinic.id,))
            .fetchone()
        )
        return row["phone"] if row and row["phone"] else None

    def set_phone(self, clinic: Clinic, phone: str | None, *, actor: str) -> None:
        phone = (phone or "").strip() or None
        if phone is not None and not re.fullmatch(r"[0-9+()./ -]{3,30}", phone):
            raise RefusedError.because("A phone number is 3 to 30 digits, spaces and + ( ) . / -", "phone")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO clinic_details (clinic_id, phone) VALUES (?, ?)"
                " ON CONFLICT (clinic_id) DO UPDATE SET phone = excluded.phone",
                (clinic.id, phone),
            )
            self._audit.record(actor, "clinic-contact-changed", clinic_id=clinic.id)

    # --- is it open? -----------------------------------------------------------------------
    def local_moment(self, clinic: Clinic, instant: datetime) -> datetime:
        """The instant on the clinic's wall clock (its IANA zone, daylight saving included)."""
        return instant.astimezone(clinic.zone)

    def closure_at(self, clinic: Clinic, instant: datetime) -> Closure | None:
        """None while the clinic is open; otherwise why it is closed (a holiday wins)."""
        local = self.local_moment(clinic, instant)
        holiday = self.holiday_on(clinic, local.date())
        if holiday is not None:
            return Closure(ClosureReason.HOLIDAY, local, holiday)
        minute = local.hour * 60 + local.minute
        if any(span.contains(minute) for span in self.weekly_hours(clinic).on(local.weekday())):
            return None
        return Closure(ClosureReason.AFTER_HOURS, local)

    def is_open(self, clinic: Clinic, instant: datetime) -> bool:
        return self.closure_at(clinic, instant) is None


def local_day_start(clinic: Clinic, day: date) -> datetime:
    """Midnight at the start of a day on the clinic's calendar, as an instant."""
    return datetime.combine(day, time.min, clinic.zone)


# --- parsing ---------------------------------------------------------------------------------
def parse_week(week: Mapping[str, object]) -> tuple[tuple[OpeningSpan, ...], ...]:
    """{"monday": [["08:00", "17:00"]], ...} -> seven tuples of spans; every problem reported at once."""
    problems: list[Problem] = []
    unknown = sorted(str(key) for key in week if str(key).lower() not in WEEKDAYS)
    if unknown:
        problems.append(Problem(f"Unknown day(s) {', '.join(unknown)}: use {', '.join(WEEKDAYS)}.", unknown[0]))
    lowered = {str(key).lower(): value for key, value in week.items()}
    days: list[tuple[OpeningSpan, ...]] = []
    for name in WEEKDAYS:
        days.append(_spans(name, lowered.get(name) or [], problems))
    if problems:
        raise RefusedError(*problems)
    return tuple(days)


def _spans(day: str, value: object, problems: list[Problem]) -> tuple[OpeningSpan, ...]:
    shape = f'{day} must be a list of ["HH:MM", "HH:MM"] opening and closing times.'
    if not isinstance(value, list):
        problems.append(Problem(shape, day))
        return ()
    spans: list[OpeningSpan] = []
    for pair in value:
        if not (isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(part, str) for part in pair)):
            problems.append(Problem(shape, day))
            return ()
        opens, closes = (_parse_clock(part) for part in pair)
        if opens is None or closes is None:
            problems.append(Problem(f"{day}: times are 24-hour HH:MM, from 00:00 to 24:00.", day))
            return ()
        if closes <= opens:
            problems.append(Problem(f"{day}: {pair[1]} is not after {pair[0]}.", day))
            return ()
        spans.append(OpeningSpan(opens, closes))
    spans.sort()
    for earlier, later in pairwise(spans):
        if later.opens < earlier.closes:
            problems.append(Problem(f"{day}: opening hours overlap.", day))
            return ()
    return tuple(spans)


def _parse_clock(text: str) -> int | None:
    match = _CLOCK_TIME.fullmatch(text.strip())
    if match is None:
        return None
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    return minutes if minutes <= MINUTES_A_DAY else None


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
