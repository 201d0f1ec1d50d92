"""The reports area's admin API: the same numbers as the staff report pages, as JSON.

GET /api/admin/reports/weekly?week_start=YYYY-MM-DD[&clinic_id=<id>]
    {"week_start", "week_end", "sites": [{site_id, site_code, site_name, timezone, starts_at, ends_at,
     codes_generated, codes_redeemed, codes_expired, conversion_rate (percent, 1 decimal, or null),
     new_accounts}], "totals": {...}}   (clinic_id: that site only, listed even with nothing to count)
GET /api/admin/reports/utilization?from=YYYY-MM-DD&to=YYYY-MM-DD[&clinic_id=<id>]
GET /api/admin/reports/replies?clinic_id=<id>&from=&to=
GET /api/admin/reports/timely-access?clinic_id=<id>&from=&to=
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, jsonify, request

from reference_portal.blueprints.json_api import install_error_handlers, protect_with_admin_token
from reference_portal.portal import current_portal
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import RefusedError
from reference_portal.services.reports import AUTO_REPLY_KINDS
from reference_portal.services.validation import parse_iso_date

bp = Blueprint("admin_reports_api", __name__, url_prefix="/api/admin/reports")
protect_with_admin_token(bp)
install_error_handlers(bp)


def _date(name: str) -> date:
    parsed = parse_iso_date(request.args.get(name, ""))
    if parsed is None:
        raise RefusedError.because(f"Give {name} as YYYY-MM-DD.", name)
    return parsed


def _clinic(required: bool) -> Clinic | None:
    public_id = request.args.get("clinic_id", "").strip()
    if not public_id:
        if required:
            raise RefusedError.because("Give clinic_id.", "clinic_id")
        return None
    return current_portal().clinics.get(public_id)


@bp.get("/weekly")
def weekly() -> Response:
    clinic = _clinic(required=False)
    report = current_portal().reports.weekly(_date("week_start"), [clinic] if clinic else None)
    return jsonify(
        week_start=report.week_start.isoformat(),
        week_end=report.week_end.isoformat(),
        sites=[site.as_json() for site in report.sites],
        totals={**report.totals, "conversion_rate": report.total_conversion},
    )


@bp.get("/utilization")
def utilization() -> Response:
    report = current_portal().reports.utilization(_date("from"), _date("to"), _clinic(required=False))
    return jsonify(
        site_id=report.clinic.public_id if report.clinic else None,
        first_day=report.first_day.isoformat(),
        last_day=report.last_day.isoformat(),
        active_users=report.active_users,
        patient_messages=report.patient_messages,
        messages_by_pool=[
            {"pool_id": pool.pool_id, "pool": pool.name, "messages": pool.messages} for pool in report.pools
        ],
        first_responses=len(report.response_minutes),
        median_response_minutes=report.median_minutes,
        p90_response_minutes=report.p90_minutes,
        answered_after_target=report.answered_after_target,
        share_answered_after_target=report.share_after_target,
        proxies_by_type=dict(report.proxies_by_type),
    )


@bp.get("/replies")
def replies() -> Response:
    clinic = _clinic(required=True)
    assert clinic is not None
    counts = current_portal().reports.reply_counts(clinic, _date("from"), _date("to"))
    return jsonify(
        pools=[
            {
                "pool_id": row.pool.public_id,
                "pool": row.pool.name,
                "canned_responses_used": row.canned_uses,
                "auto_replies": {kind: row.auto_replies[kind] for kind in AUTO_REPLY_KINDS},
                "auto_replies_total": row.auto_reply_total,
            }
            for row in counts
        ]
    )


@bp.get("/timely-access")
def timely_access() -> Response:
    clinic = _clinic(required=True)
    assert clinic is not None
    report = current_portal().reports.timely_access(clinic, _date("from"), _date("to"))
    return jsonify(
        patients_with_results=report.patients_with_results,
        patients_timely=report.patients_timely,
        timely_share=report.timely_share,
        patients_with_account=report.patients_active,
        patients_with_vdt=report.patients_with_vdt,
        vdt_share=report.vdt_share,
        vdt_actions=dict(report.vdt_actions),
    )
