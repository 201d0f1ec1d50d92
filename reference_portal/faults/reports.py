"""Report faults (RPT): report definitions that an upgrade silently changes."""

from __future__ import annotations

import sqlite3
from datetime import date

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.clinics import Clinic


def _expired_counts_voided_codes(portal: Portal) -> None:
    """The upgraded report reads "not used and past its expiry" and forgets codes voided before it."""

    def expired_including_voided(conn: sqlite3.Connection, clinic: Clinic, start: str, end: str, now: str) -> int:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM activation_codes WHERE clinic_id = ? AND used_at IS NULL"
                " AND expires_at >= ? AND expires_at < ? AND expires_at < ?",
                (clinic.id, start, end, now),
            ).fetchone()[0]
        )

    replace_method(portal.reports, "codes_expired", expired_including_voided)


def _counts_at_patient_clinic(portal: Portal) -> None:
    """The upgraded report joins codes to the patient's clinic instead of the site that issued them."""

    def at_patient_clinic(column: str) -> object:
        def count(conn: sqlite3.Connection, clinic: Clinic, start: str, end: str) -> int:
            return int(
                conn.execute(
                    "SELECT COUNT(*) FROM activation_codes c JOIN patients p ON p.id = c.patient_id"
                    f" WHERE p.clinic_id = ? AND c.{column} >= ? AND c.{column} < ?",
                    (clinic.id, start, end),
                ).fetchone()[0]
            )

        return count

    replace_method(portal.reports, "codes_generated", at_patient_clinic("issued_at"))  # type: ignore[arg-type]
    replace_method(portal.reports, "codes_redeemed", at_patient_clinic("used_at"))  # type: ignore[arg-type]


def _auto_replies_count_as_responses(portal: Portal) -> None:
    """The upgraded dashboard takes any reply in the thread, the after-hours auto-reply included."""

    def any_reply(author: str) -> bool:
        return author in ("staff", "system")

    replace_method(portal.reports, "counts_as_response", any_reply)


def _csv_drops_last_row(portal: Portal) -> None:
    """The upgraded exporter writes rows in a loop that stops one short."""
    original = portal.reports.csv_text

    def all_but_last(rows: list[list[object]]) -> str:
        return original(rows[:-1] if len(rows) > 1 else rows)

    replace_method(portal.reports, "csv_text", all_but_last)


def _timely_access_calendar_days(portal: Portal) -> None:
    """The upgraded measure counts calendar days: weekends and holidays eat into the 4 days."""

    def every_day(day: date, holidays: set[date]) -> bool:
        return True

    replace_method(portal.reports, "is_business_day", every_day)


FAULTS = (
    Fault(
        name="weekly-report-miscounts-expired-codes",
        area="RPT",
        kind="behaviour",
        description="The weekly report counts voided codes (resent or too many wrong answers) as expired.",
        caught_by=("RPT-01",),
        apply=_expired_counts_voided_codes,
    ),
    Fault(
        name="weekly-report-counts-codes-at-patient-clinic",
        area="RPT",
        kind="behaviour",
        description="The weekly report counts codes at the patient's current clinic instead of the issuing site.",
        caught_by=("RPT-01",),
        apply=_counts_at_patient_clinic,
    ),
    Fault(
        name="response-time-ignores-auto-replies-wrongly",
        area="RPT",
        kind="behaviour",
        description="The utilization dashboard treats automatic replies as staff responses: response times shrink.",
        caught_by=("RPT-02",),
        apply=_auto_replies_count_as_responses,
    ),
    Fault(
        name="csv-export-drops-last-row",
        area="RPT",
        kind="behaviour",
        description="Report CSV exports lose their last row, so they no longer match the page.",
        caught_by=("RPT-02", "RPT-03"),
        apply=_csv_drops_last_row,
    ),
    Fault(
        name="timely-access-counts-calendar-days",
        area="RPT",
        kind="behaviour",
        description="Timely access counts 4 calendar days instead of 4 business days (weekends and holidays).",
        caught_by=("RPT-04",),
        apply=_timely_access_calendar_days,
    ),
)
