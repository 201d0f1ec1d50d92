"""Staff reports under /staff/reports (RPT-01..RPT-04): pages, and CSV exports with the same numbers.

Administrators and supervisors only. Reports hold counts, never a patient's name or record, and
each page and export is recorded in the audit log. Dates are read on the staff member's clinic
calendar unless the report says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Blueprint, Response, render_template, request

from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.charts import Bar, horizontal_bar_chart
from reference_portal.services.reports import (
    AUTO_REPLY_KINDS,
    PoolReplyCounts,
    TimelyAccess,
    Utilization,
    WeeklyReport,
    monday_of,
    percent_text,
)
from reference_portal.services.staff import OVERSEEING_ROLES
from reference_portal.services.validation import parse_iso_date
from reference_portal.staff_access import StaffViewer, current_staff, staff_required

bp = Blueprint("staff_reports", __name__, url_prefix="/staff/reports")

P = ParamSpec("P")
R = TypeVar("R")


def reports_role_required(view: Callable[P, R]) -> Callable[P, R | tuple[str, int]]:
    """Supervisors and administrators see reports; other staff get the console's not-found page."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | tuple[str, int]:
        viewer = current_staff()
        if viewer is None or viewer.member.role not in OVERSEEING_ROLES:
            return render_template("staff/not_found.html"), 404
        return view(*args, **kwargs)

    return staff_required(guarded)  # type: ignore[return-value]


def _viewer() -> StaffViewer:
    viewer = current_staff()
    assert viewer is not None
    return viewer


def _today(viewer: StaffViewer) -> date:
    return current_portal().clock.now().astimezone(viewer.clinic.zone).date()


def _date_param(name: str, default: date, errors: FormErrors, message: str) -> date:
    text = request.args.get(name, "").strip()
    if not text:
        return default
    parsed = parse_iso_date(text)
    if parsed is None:
        errors.add(name, message)
        return default
    return parsed


def _range_params(viewer: StaffViewer, errors: FormErrors) -> tuple[date, date]:
    today = _today(viewer)
    first = _date_param("from", today - timedelta(days=29), errors, "Enter the first day as a date, like 2026-03-01.")
    last = _date_param("to", today, errors, "Enter the last day as a date, like 2026-03-31.")
    if not errors and last < first:
        errors.add("to", "The last day must be on or after the first day.")
    return first, last


def _audit(viewer: StaffViewer, report: str) -> None:
    current_portal().audit.record(viewer.member.actor, "report-viewed", clinic_id=viewer.clinic.id, detail=report)


def csv_response(rows: list[list[object]], filename: str) -> Response:
    response = Response(current_portal().reports.csv_text(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- RPT-01 ------------------------------------------------------------------------------------
@bp.get("")
@reports_role_required
def index() -> str:
    return render_template("staff/reports/index.html")


@bp.get("/weekly")
@reports_role_required
def weekly() -> str:
    viewer = _viewer()
    errors = FormErrors()
    week = _date_param(
        "week", monday_of(_today(viewer)), errors, "Enter the week's first day as a date, like 2026-03-02."
    )
    report = current_portal().reports.weekly(week)
    _audit(viewer, f"weekly week={report.week_start.isoformat()}")
    return render_template("staff/reports/weekly.html", report=report, errors=errors, percent_text=percent_text)


@bp.get("/weekly.csv")
@reports_role_required
def weekly_csv() -> Response:
    viewer = _viewer()
    week = parse_iso_date(request.args.get("week", "")) or monday_of(_today(viewer))
    report = current_portal().reports.weekly(week)
    _audit(viewer, f"weekly-csv week={report.week_start.isoformat()}")
    return csv_response(weekly_rows(report), f"weekly-registrations-{report.week_start.isoformat()}.csv")


def weekly_rows(report: WeeklyReport) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            "Week starting",
            "Site",
            "Site code",
            "Codes generated",
            "Codes redeemed",
            "Codes expired",
            "Conversion rate",
            "New accounts",
        ]
    ]
    for site in report.sites:
        rows.append(
            [
                report.week_start.isoformat(),
                site.clinic.name,
                site.clinic.code,
                site.generated,
                site.redeemed,
                site.expired,
                percent_text(site.conversion),
                site.new_accounts,
            ]
        )
    return rows


# --- RPT-02 ------------------------------------------------------------------------------------
@bp.get("/utilization")
@reports_role_required
def utilization() -> str:
    viewer = _viewer()
    errors = FormErrors()
    first, last = _range_params(viewer, errors)
    report = current_portal().reports.utilization(first, last, viewer.clinic)
    _audit(viewer, f"utilization from={first.isoformat()} to={last.isoformat()}")
    pool_chart = horizontal_bar_chart(
        "pool-chart",
        "Patient messages by pool",
        f"Messages patients sent from {first.isoformat()} to {last.isoformat()}, by the pool that received them.",
        [Bar(pool.name, pool.messages) for pool in report.pools],
        value_axis="Messages",
        category_axis="Pool",
    )
    proxy_chart = horizontal_bar_chart(
        "proxy-chart",
        "Proxies by type",
        f"Proxy relationships in force on {last.isoformat()}, by type.",
        [Bar(kind.replace("-", " ").capitalize(), count) for kind, count in report.proxies_by_type],
        value_axis="Proxies",
        category_axis="Type",
    )
    return render_template(
        "staff/reports/utilization.html",
        report=report,
        errors=errors,
        pool_chart=pool_chart,
        proxy_chart=proxy_chart,
        percent_text=percent_text,
        target_hours=int(current_portal().settings.message_response_target.total_seconds() // 3600),
    )


@bp.get("/utilization.csv")
@reports_role_required
def utilization_csv() -> Response:
    viewer = _viewer()
    first, last = _range_params(viewer, FormErrors())
    report = current_portal().reports.utilization(first, last, viewer.clinic)
    _audit(viewer, f"utilization-csv from={first.isoformat()} to={last.isoformat()}")
    return csv_response(utilization_rows(report), f"portal-use-{first.isoformat()}-{last.isoformat()}.csv")


def utilization_rows(report: Utilization) -> list[list[object]]:
    rows: list[list[object]] = [["Measure", "Group", "Value"]]
    rows.append(["Active users", "", report.active_users])
    rows.append(["First responses", "", len(report.response_minutes)])
    rows.append(["Median first response (minutes)", "", _blank(report.median_minutes)])
    rows.append(["90th percentile first response (minutes)", "", _blank(report.p90_minutes)])
    rows.append(["Answered after target", "", report.answered_after_target])
    rows.append(["Share answered after target", "", percent_text(report.share_after_target)])
    for pool in report.pools:
        rows.append(["Patient messages", pool.name, pool.messages])
    for kind, count in report.proxies_by_type:
        rows.append(["Proxies", kind, count])
    return rows


# --- RPT-03 ------------------------------------------------------------------------------------
@bp.get("/replies")
@reports_role_required
def replies() -> str:
    viewer = _viewer()
    errors = FormErrors()
    first, last = _range_params(viewer, errors)
    counts = current_portal().reports.reply_counts(viewer.clinic, first, last)
    _audit(viewer, f"replies from={first.isoformat()} to={last.isoformat()}")
    chart = horizontal_bar_chart(
        "canned-chart",
        "Canned responses used by pool",
        f"Canned responses staff used from {first.isoformat()} to {last.isoformat()}, by pool.",
        [Bar(row.pool.name, row.canned_uses) for row in counts],
        value_axis="Canned responses used",
        category_axis="Pool",
    )
    return render_template(
        "staff/reports/replies.html",
        counts=counts,
        first=first,
        last=last,
        errors=errors,
        chart=chart,
        kinds=AUTO_REPLY_KINDS,
    )


@bp.get("/replies.csv")
@reports_role_required
def replies_csv() -> Response:
    viewer = _viewer()
    first, last = _range_params(viewer, FormErrors())
    counts = current_portal().reports.reply_counts(viewer.clinic, first, last)
    _audit(viewer, f"replies-csv from={first.isoformat()} to={last.isoformat()}")
    return csv_response(reply_rows(counts), f"replies-{first.isoformat()}-{last.isoformat()}.csv")


def reply_rows(counts: list[PoolReplyCounts]) -> list[list[object]]:
    rows: list[list[object]] = [
        ["Pool", "Canned responses used", *(f"Auto-replies {kind}" for kind in AUTO_REPLY_KINDS), "Auto-replies total"]
    ]
    for row in counts:
        rows.append(
            [
                row.pool.name,
                row.canned_uses,
                *(row.auto_replies[kind] for kind in AUTO_REPLY_KINDS),
                row.auto_reply_total,
            ]
        )
    return rows


# --- RPT-04 ------------------------------------------------------------------------------------
@bp.get("/timely-access")
@reports_role_required
def timely_access() -> str:
    viewer = _viewer()
    errors = FormErrors()
    first, last = _range_params(viewer, errors)
    report = current_portal().reports.timely_access(viewer.clinic, first, last)
    _audit(viewer, f"timely-access from={first.isoformat()} to={last.isoformat()}")
    return render_template(
        "staff/reports/timely_access.html",
        report=report,
        errors=errors,
        percent_text=percent_text,
        business_days=current_portal().settings.timely_access_business_days,
    )


def timely_rows(report: TimelyAccess) -> list[list[object]]:
    return [
        ["Measure", "Patients", "Of", "Share"],
        ["Timely access", report.patients_timely, report.patients_with_results, percent_text(report.timely_share)],
        [
            "View, download or transmit",
            report.patients_with_vdt,
            report.patients_active,
            percent_text(report.vdt_share),
        ],
    ]


def _blank(value: float | None) -> object:
    return "" if value is None else value
