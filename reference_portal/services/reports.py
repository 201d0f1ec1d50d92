"""Reports computed from the portal's own records and event log; nothing is stored twice.

RPT-01, the weekly per-site registration report. Definitions (shown on the page too):
- a week runs Monday 00:00 to the next Monday 00:00 on the site's wall clock (its IANA zone),
  so a code issued at 23:59 on Sunday belongs to the week ending that Sunday;
- codes count at the ISSUING site: the clinic recorded on the activation code when staff
  generated it (`activation-code-issued` in the audit log), never the patient's current clinic;
- generated: patient activation codes issued in the week (a resent code is a new code);
- redeemed: codes of the site used to open an account during the week;
- expired: codes of the site whose 7-day lifetime ended during the week, unused, and not voided
  before it ended (a code superseded by a resend, or voided after wrong answers, is not expired);
  a lifetime that has not ended yet (the week is still running) is not counted;
- conversion rate: redeemed / generated for the same site and week, in percent with one decimal
  (none when nothing was generated); it can exceed 100% when older codes are redeemed;
- new accounts: `account-created` events at the site in the week (patients' own accounts from an
  activation code, and proxies' accounts from a proxy code of the site).

RPT-02 (utilization), RPT-03 (canned responses, auto-replies) and RPT-04 (timely access, VDT)
follow the same pattern; each definition is documented on its method.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.services.canned_responses import CannedResponseService
from reference_portal.services.clinic_hours import ClinicHoursService, local_day_start
from reference_portal.services.clinics import Clinic, ClinicService
from reference_portal.services.pools import Pool, PoolService
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

# Any site's local week lies within this much of the UTC week (time zones span -12 h to +14 h).
_ZONE_SLACK = timedelta(hours=15)


def monday_of(day: date) -> date:
    """The Monday that starts the week containing `day`."""
    return day - timedelta(days=day.weekday())


def percent_text(share: float | None) -> str:
    return "—" if share is None else f"{share:.1f}%"


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


# --- RPT-01 ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SiteWeek:
    clinic: Clinic
    starts_at: datetime  # Monday 00:00 local, as UTC
    ends_at: datetime  # the next Monday 00:00 local, as UTC (exclusive)
    generated: int
    redeemed: int
    expired: int
    new_accounts: int

    @property
    def conversion(self) -> float | None:
        return percent(self.redeemed, self.generated)

    def as_json(self) -> dict[str, object]:
        return {
            "site_id": self.clinic.public_id,
            "site_code": self.clinic.code,
            "site_name": self.clinic.name,
            "timezone": self.clinic.timezone,
            "starts_at": to_iso(self.starts_at),
            "ends_at": to_iso(self.ends_at),
            "codes_generated": self.generated,
            "codes_redeemed": self.redeemed,
            "codes_expired": self.expired,
            "conversion_rate": self.conversion,
            "new_accounts": self.new_accounts,
        }


@dataclass(frozen=True)
class WeeklyReport:
    week_start: date
    sites: tuple[SiteWeek, ...]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "codes_generated": sum(site.generated for site in self.sites),
            "codes_redeemed": sum(site.redeemed for site in self.sites),
            "codes_expired": sum(site.expired for site in self.sites),
            "new_accounts": sum(site.new_accounts for site in self.sites),
        }

    @property
    def total_conversion(self) -> float | None:
        totals = self.totals
        return percent(totals["codes_redeemed"], totals["codes_generated"])


# --- RPT-02 ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolVolume:
    pool_id: str | None  # None: messages written to a provider directly
    name: str
    messages: int


@dataclass(frozen=True)
class Utilization:
    clinic: Clinic | None  # None: every site
    first_day: date
    last_day: date
    active_users: int
    pools: tuple[PoolVolume, ...]
    response_minutes: tuple[float, ...]  # every first response in the range, sorted
    answered_after_target: int
    proxies_by_type: tuple[tuple[str, int], ...]

    @property
    def patient_messages(self) -> int:
        return sum(pool.messages for pool in self.pools)

    @property
    def median_minutes(self) -> float | None:
        return round(statistics.median(self.response_minutes), 1) if self.response_minutes else None

    @property
    def p90_minutes(self) -> float | None:
        return nearest_rank(self.response_minutes, 90)

    @property
    def share_after_target(self) -> float | None:
        return percent(self.answered_after_target, len(self.response_minutes))


def nearest_rank(sorted_values: tuple[float, ...], pct: int) -> float | None:
    """The nearest-rank percentile: the smallest value with at least pct% of values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, -(-pct * len(sorted_values) // 100))
    return round(sorted_values[rank - 1], 1)


# --- RPT-03 ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolReplyCounts:
    pool: Pool
    canned_uses: int
    auto_replies: dict[str, int]  # after-hours | holiday | out-of-office

    @property
    def auto_reply_total(self) -> int:
        return sum(self.auto_replies.values())


AUTO_REPLY_KINDS = ("after-hours", "holiday", "out-of-office")


# --- RPT-04 ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelyAccess:
    clinic: Clinic
    first_day: date
    last_day: date
    patients_with_results: int
    patients_timely: int
    patients_active: int  # patients with an account at the site
    patients_with_vdt: int
    vdt_actions: tuple[tuple[str, int], ...]

    @property
    def timely_share(self) -> float | None:
        return percent(self.patients_timely, self.patients_with_results)

    @property
    def vdt_share(self) -> float | None:
        return percent(self.patients_with_vdt, self.patients_active)


# RPT-04 sources: the patient-visible activity log (record_activity, VDT-06: viewed, downloaded,
# transmitted) and the audit log's views of the record by the patient or a proxy.
ACTIVITY_CATEGORIES: dict[str, str] = {"viewed": "view", "downloaded": "download", "transmitted": "transmit"}
AUDIT_VIEW_ACTIONS: tuple[str, ...] = ("health-summary-viewed", "results-viewed", "result-viewed", "note-viewed")


class ReportService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        clinics: ClinicService,
        pools: PoolService,
        clinic_hours: ClinicHoursService,
        canned_responses: CannedResponseService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._clinics = clinics
        self._pools = pools
        self._hours = clinic_hours
        self._canned = canned_responses

    # --- exports ---------------------------------------------------------------------------------
    def csv_text(self, rows: list[list[object]]) -> str:
        """A report table as CSV (header row first, CRLF line ends), the same numbers as the page."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        return buffer.getvalue()

    # --- RPT-01: the weekly registration report ---------------------------------------------
    def weekly(self, week_start: date, sites: Iterable[Clinic] | None = None) -> WeeklyReport:
        """The week that contains `week_start` (snapped to its Monday), per site.

        Without `sites`: every site with any activity in that week, by name.
        """
        monday = monday_of(week_start)
        chosen = list(sites) if sites is not None else self._sites_active_in(monday)
        rows = tuple(self.site_week(clinic, monday) for clinic in chosen)
        return WeeklyReport(monday, tuple(sorted(rows, key=lambda row: (row.clinic.name, row.clinic.code))))

    def site_week(self, clinic: Clinic, monday: date) -> SiteWeek:
        starts = local_day_start(clinic, monday).astimezone(UTC)
        ends = local_day_start(clinic, monday + timedelta(days=7)).astimezone(UTC)
        conn = self._database.connection()
        start_text, end_text = to_iso(starts), to_iso(ends)
        return SiteWeek(
            clinic=clinic,
            starts_at=starts,
            ends_at=ends,
            generated=self.codes_generated(conn, clinic, start_text, end_text),
            redeemed=self.codes_redeemed(conn, clinic, start_text, end_text),
            expired=self.codes_expired(conn, clinic, start_text, end_text, to_iso(self._clock.now())),
            new_accounts=_count(
                conn,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'account-created' AND clinic_id = ?"
                " AND occurred_at >= ? AND occurred_at < ?",
                (clinic.id, start_text, end_text),
            ),
        )

    def codes_generated(self, conn: sqlite3.Connection, clinic: Clinic, start: str, end: str) -> int:
        return _count(
            conn,
            "SELECT COUNT(*) FROM activation_codes WHERE clinic_id = ? AND issued_at >= ? AND issued_at < ?",
            (clinic.id, start, end),
        )

    def codes_redeemed(self, conn: sqlite3.Connection, clinic: Clinic, start: str, end: str) -> int:
        return _count(
            conn,
            "SELECT COUNT(*) FROM activation_codes WHERE clinic_id = ? AND used_at >= ? AND used_at < ?",
            (clinic.id, start, end),
        )

    def codes_expired(self, conn: sqlite3.Connection, clinic: Clinic, start: str, end: str, now: str) -> int:
        """Unused codes whose lifetime ended in [start, end) before now; a void before the end is no expiry."""
        return _count(
            conn,
            "SELECT COUNT(*) FROM activation_codes WHERE clinic_id = ? AND used_at IS NULL"
            " AND (voided_at IS NULL OR voided_at > expires_at)"
            " AND expires_at >= ? AND expires_at < ? AND expires_at < ?",
            (clinic.id, start, end, now),
        )

    def _sites_active_in(self, monday: date) -> list[Clinic]:
        day_start = datetime.combine(monday, time.min, UTC)
        low = to_iso(day_start - _ZONE_SLACK)
        high = to_iso(day_start + timedelta(days=7) + _ZONE_SLACK)
        conn = self._database.connection()
        ids = {
            row[0]
            for row in conn.execute(
                "SELECT clinic_id FROM activation_codes WHERE (issued_at >= ? AND issued_at < ?)"
                " OR (used_at >= ? AND used_at < ?) OR (expires_at >= ? AND expires_at < ?)"
                " UNION SELECT clinic_id FROM audit_log WHERE action = 'account-created'"
                " AND clinic_id IS NOT NULL AND occurred_at >= ? AND occurred_at < ?",
                (low, high, low, high, low, high, low, high),
            )
        }
        sites = [self._clinics.by_id(clinic_id) for clinic_id in ids]
        return [site for site in sites if _has_activity(self.site_week(site, monday))]

    # --- RPT-02: utilization --------------------------------------------------------------------
    def utilization(self, first_day: date, last_day: date, clinic: Clinic | None) -> Utilization:
        """Portal use from first_day to last_day inclusive (the site's local days; UTC for every site).

        - active users: distinct accounts that signed in (`signed-in` events) in the range; for a
          site, accounts of its patients and proxies of its patients;
        - message volume: patient-written messages (not staff replies, not auto-replies) in the
          range, by the pool their conversation was routed to ("Provider" when written to one);
        - first-response time: for each patient message that started a wait (the first one after
          the last staff reply), the time to the next STAFF reply; auto-replies are not responses;
          counted in the range of the patient message; waits not answered yet are left out;
        - share answered after 24 h: of those responses, how many took longer than the target;
        - proxies by type: proxy relationships in force at the end of the range, by relationship.
        """
        starts, ends = self._range(first_day, last_day, clinic)
        conn = self._database.connection()
        site_clause, site_args = ("AND c.clinic_id = ?", (clinic.id,)) if clinic else ("", ())
        pools = self._pool_volumes(conn, starts, ends, site_clause, site_args)
        responses = self.first_response_minutes(conn, starts, ends, site_clause, site_args)
        target_minutes = self._settings.message_response_target.total_seconds() / 60
        return Utilization(
            clinic=clinic,
            first_day=first_day,
            last_day=last_day,
            active_users=self._active_users(conn, starts, ends, clinic),
            pools=pools,
            response_minutes=tuple(sorted(responses)),
            answered_after_target=sum(1 for minutes in responses if minutes > target_minutes),
            proxies_by_type=self._proxies_by_type(conn, ends, clinic),
        )

    def _range(self, first_day: date, last_day: date, clinic: Clinic | None) -> tuple[str, str]:
        if clinic is None:
            starts = datetime.combine(first_day, time.min, UTC)
            ends = datetime.combine(last_day + timedelta(days=1), time.min, UTC)
        else:
            starts = local_day_start(clinic, first_day)
            ends = local_day_start(clinic, last_day + timedelta(days=1))
        return to_iso(starts), to_iso(ends)

    def _active_users(self, conn: sqlite3.Connection, starts: str, ends: str, clinic: Clinic | None) -> int:
        if clinic is None:
            return _count(
                conn,
                "SELECT COUNT(DISTINCT actor) FROM audit_log WHERE action = 'signed-in'"
                " AND occurred_at >= ? AND occurred_at < ?",
                (starts, ends),
            )
        return _count(
            conn,
            "SELECT COUNT(DISTINCT a.id) FROM audit_log l JOIN accounts a ON l.actor = 'account:' || a.public_id"
            " WHERE l.action = 'signed-in' AND l.occurred_at >= ? AND l.occurred_at < ? AND ("
            " a.patient_id IN (SELECT id FROM patients WHERE clinic_id = ?)"
            " OR a.id IN (SELECT r.proxy_account_id FROM proxy_relationships r JOIN patients p"
            " ON p.id = r.patient_id WHERE p.clinic_id = ?))",
            (starts, ends, clinic.id, clinic.id),
        )

    def _pool_volumes(
        self, conn: sqlite3.Connection, starts: str, ends: str, site_clause: str, site_args: tuple[object, ...]
    ) -> tuple[PoolVolume, ...]:
        rows = conn.execute(
            "SELECT p.public_id, p.name, COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            " LEFT JOIN pools p ON p.id = c.pool_id"
            f" WHERE m.author = 'patient' AND m.sent_at >= ? AND m.sent_at < ? {site_clause}"
            " GROUP BY p.id ORDER BY n DESC, p.name",
            (starts, ends, *site_args),
        ).fetchall()
        return tuple(PoolVolume(row[0], row[1] or "Provider (direct)", row[2]) for row in rows)

    def first_response_minutes(
        self, conn: sqlite3.Connection, starts: str, ends: str, site_clause: str, site_args: tuple[object, ...]
    ) -> list[float]:
        rows = conn.execute(
            "SELECT m.conversation_id, m.author, m.sent_at FROM messages m JOIN conversations c"
            f" ON c.id = m.conversation_id WHERE c.id IN (SELECT c.id FROM conversations c WHERE 1 = 1 {site_clause})"
            " AND m.conversation_id IN (SELECT conversation_id FROM messages WHERE author = 'patient'"
            " AND sent_at >= ? AND sent_at < ?) ORDER BY m.conversation_id, m.id",
            (*site_args, starts, ends),
        ).fetchall()
        minutes: list[float] = []
        waiting: dict[int, str] = {}
        for conversation_id, author, sent_at in rows:
            if author == "patient":
                waiting.setdefault(conversation_id, sent_at)
            elif self.counts_as_response(author) and conversation_id in waiting:
                asked = waiting.pop(conversation_id)
                if starts <= asked < ends:
                    minutes.append((from_iso(sent_at) - from_iso(asked)).total_seconds() / 60)
        return minutes

    def counts_as_response(self, author: str) -> bool:
        """Only a person on the care team answers a patient; system auto-replies do not."""
        return author == "staff"

    def _proxies_by_type(
        self, conn: sqlite3.Connection, ends: str, clinic: Clinic | None
    ) -> tuple[tuple[str, int], ...]:
        site_clause, site_args = ("AND p.clinic_id = ?", (clinic.id,)) if clinic else ("", ())
        rows = conn.execute(
            "SELECT r.relationship, COUNT(*) FROM proxy_relationships r JOIN patients p ON p.id = r.patient_id"
            " WHERE r.proxy_account_id IS NOT NULL AND r.created_at < ?"
            " AND (r.revoked_at IS NULL OR r.revoked_at >= ?) AND (r.expires_at IS NULL OR r.expires_at >= ?)"
            f" {site_clause} GROUP BY r.relationship ORDER BY r.relationship",
            (ends, ends, ends, *site_args),
        ).fetchall()
        return tuple((row[0], row[1]) for row in rows)

    # --- RPT-03: canned responses and auto-replies per pool -------------------------------------
    def reply_counts(self, clinic: Clinic, first_day: date, last_day: date) -> list[PoolReplyCounts]:
        """Canned-response uses (the messaging area's count) and auto-replies per pool, local days inclusive."""
        starts = local_day_start(clinic, first_day)
        ends = local_day_start(clinic, last_day + timedelta(days=1))
        conn = self._database.connection()
        counts: list[PoolReplyCounts] = []
        for pool in self._pools.for_clinic(clinic.id):
            canned = sum(use.uses for use in self._canned.usage(pool, starts, ends))
            autos = {
                row[0]: row[1]
                for row in conn.execute(
                    "SELECT m.auto_reply, COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                    " WHERE c.pool_id = ? AND m.auto_reply IS NOT NULL AND m.sent_at >= ? AND m.sent_at < ?"
                    " GROUP BY m.auto_reply",
                    (pool.id, to_iso(starts), to_iso(ends)),
                )
            }
            counts.append(PoolReplyCounts(pool, canned, {kind: autos.get(kind, 0) for kind in AUTO_REPLY_KINDS}))
        return counts

    # --- RPT-04: timely access and view/download/transmit ----------------------------------------
    def timely_access(self, clinic: Clinic, first_day: date, last_day: date) -> TimelyAccess:
        """Meaningful-Use style shares for the site's patients, local days inclusive.

        - timely access: of the patients with a result reported in the range, the share for whom
          every such result became visible to them within Settings.timely_access_business_days
          business days of its report time (Mon-Fri, the clinic's holidays excluded, its zone);
          a result visible the moment it was final is visible at its final time; a result released
          later at its release time; a result still hidden counts as not timely once the deadline passed;
        - view/download/transmit: of the site's patients with a portal account, the share with at
          least one entry in the range in the activity log (viewed, downloaded, transmitted) or an
          audit entry of the patient or a proxy viewing the record (AUDIT_VIEW_ACTIONS).
        """
        starts = to_iso(local_day_start(clinic, first_day))
        ends = to_iso(local_day_start(clinic, last_day + timedelta(days=1)))
        conn = self._database.connection()
        now = self._clock.now()
        holidays = {holiday.day for holiday in self._hours.holidays(clinic)}
        timely: dict[int, bool] = {}
        for row in conn.execute(
            "SELECT r.patient_id, r.reported_at, r.finalised_at, r.wait_for_review, r.released_at,"
            " (SELECT COUNT(*) FROM result_holds h WHERE h.result_id = r.id AND h.lifted_at IS NULL) AS held,"
            " (SELECT MAX(h.lifted_at) FROM result_holds h WHERE h.result_id = r.id) AS lifted"
            " FROM results r JOIN patients p ON p.id = r.patient_id"
            " WHERE p.clinic_id = ? AND r.reported_at >= ? AND r.reported_at < ?",
            (clinic.id, starts, ends),
        ):
            reported = from_iso(row["reported_at"])
            deadline = self.visible_deadline(clinic, reported, holidays)
            visible_at = _visible_at(row)
            on_time = visible_at is not None and visible_at <= deadline
            if visible_at is None and now <= deadline:
                continue  # still within its time: not judged yet
            timely[row["patient_id"]] = timely.get(row["patient_id"], True) and on_time
        by_category: dict[str, int] = {"view": 0, "download": 0, "transmit": 0}
        acted: set[int] = set()
        for category, patient_id in self._vdt_entries(conn, clinic, starts, ends):
            by_category[category] += 1
            acted.add(patient_id)
        return TimelyAccess(
            clinic=clinic,
            first_day=first_day,
            last_day=last_day,
            patients_with_results=len(timely),
            patients_timely=sum(1 for ok in timely.values() if ok),
            patients_active=_count(
                conn,
                "SELECT COUNT(DISTINCT a.patient_id) FROM accounts a JOIN patients p ON p.id = a.patient_id"
                " WHERE p.clinic_id = ? AND a.created_at < ?",
                (clinic.id, ends),
            ),
            patients_with_vdt=len(acted),
            vdt_actions=tuple(by_category.items()),
        )

    def _vdt_entries(self, conn: sqlite3.Connection, clinic: Clinic, starts: str, ends: str) -> list[tuple[str, int]]:
        """(view | download | transmit, patient key) for every entry of the site's patients in the range."""
        entries: list[tuple[str, int]] = []
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'record_activity'").fetchone():
            for row in conn.execute(
                "SELECT a.action, a.patient_id FROM record_activity a JOIN patients p ON p.id = a.patient_id"
                " WHERE p.clinic_id = ? AND a.occurred_at >= ? AND a.occurred_at < ?",
                (clinic.id, starts, ends),
            ):
                if row[0] in ACTIVITY_CATEGORIES:
                    entries.append((ACTIVITY_CATEGORIES[row[0]], row[1]))
        marks = ",".join("?" for _ in AUDIT_VIEW_ACTIONS)
        for row in conn.execute(
            f"SELECT l.patient_id FROM audit_log l JOIN patients p ON p.id = l.patient_id"
            f" WHERE p.clinic_id = ? AND l.action IN ({marks}) AND l.actor LIKE 'account:%'"
            " AND l.occurred_at >= ? AND l.occurred_at < ?",
            (clinic.id, *AUDIT_VIEW_ACTIONS, starts, ends),
        ):
            entries.append(("view", row[0]))
        return entries

    def visible_deadline(self, clinic: Clinic, reported: datetime, holidays: set[date]) -> datetime:
        """The end of the Nth business day after the report's local day (Mon-Fri, not a holiday)."""
        day = reported.astimezone(clinic.zone).date()
        remaining = self._settings.timely_access_business_days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_business_day(day, holidays):
                remaining -= 1
        return local_day_start(clinic, day + timedelta(days=1)) - timedelta(seconds=1)

    def is_business_day(self, day: date, holidays: set[date]) -> bool:
        return day.weekday() < 5 and day not in holidays


def _visible_at(row: sqlite3.Row) -> datetime | None:
    """When the patient could first see the result: final (or released after a wait), and no hold left."""
    if row["held"]:
        return None
    if row["wait_for_review"]:
        if not row["released_at"]:
            return None
        visible = from_iso(row["released_at"])
    else:
        visible = from_iso(row["finalised_at"] or row["reported_at"])
    if row["lifted"]:
        visible = max(visible, from_iso(row["lifted"]))
    return visible


def _count(conn: sqlite3.Connection, sql: str, args: tuple[object, ...]) -> int:
    return int(conn.execute(sql, args).fetchone()[0])


def _has_activity(site: SiteWeek) -> bool:
    return any((site.generated, site.redeemed, site.expired, site.new_accounts))
