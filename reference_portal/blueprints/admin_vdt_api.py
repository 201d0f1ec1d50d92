"""The VDT and audit areas' admin API (bearer-token protected), for the harness.

GET /api/admin/patients/<patient_id>/activity   the patient-visible activity log, newest first
    {"activity": [{"id", "action", "action_text", "occurred_at", "who", "actor_name",
                   "relationship", "addressee", "channel", "date_from", "date_to"}]}
GET /api/admin/audit?patient_id=&since=&actor_type=&limit=
    {"entries": [{"occurred_at", "actor", "actor_type", "who", "patient_id", "category",
                  "action", "detail"}]}   newest first; patient_id is the patient's public id
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from reference_portal.blueprints.json_api import install_error_handlers, protect_with_admin_token
from reference_portal.portal import current_portal
from reference_portal.services.audit_queries import DEFAULT_LIMIT, ActorKind
from reference_portal.services.errors import RefusedError
from reference_portal.timestamps import from_iso, to_iso

bp = Blueprint("admin_vdt_api", __name__, url_prefix="/api/admin")
protect_with_admin_token(bp)
install_error_handlers(bp)

MAX_LIMIT = 5000


@bp.get("/patients/<patient_id>/activity")
def activity(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    service = portal.record_export
    return jsonify(
        activity=[
            {
                "id": entry.public_id,
                "action": entry.action.value,
                "action_text": entry.action_text,
                "occurred_at": to_iso(entry.occurred_at),
                "who": service.who(entry, patient),
                "actor_name": entry.actor_name,
                "relationship": entry.relationship.value,
                "addressee": entry.addressee,
                "channel": entry.channel,
                "date_from": entry.date_from.isoformat() if entry.date_from else None,
                "date_to": entry.date_to.isoformat() if entry.date_to else None,
            }
            for entry in service.activity(patient)
        ]
    )


@bp.get("/audit")
def audit() -> Response:
    portal = current_portal()
    patient = portal.patients.get(request.args["patient_id"]) if request.args.get("patient_id") else None
    since = None
    if request.args.get("since"):
        try:
            # an unencoded "+00:00" arrives as " 00:00": read it as the "+" it was
            since = from_iso(request.args["since"].strip().replace(" ", "+"))
        except ValueError:
            raise RefusedError.because("since must be an ISO 8601 date-time with a time zone.", "since") from None
    kind = None
    if request.args.get("actor_type"):
        try:
            kind = ActorKind(request.args["actor_type"])
        except ValueError:
            names = ", ".join(k.value for k in ActorKind)
            raise RefusedError.because(f"actor_type must be one of: {names}.", "actor_type") from None
    try:
        limit = min(int(request.args.get("limit", DEFAULT_LIMIT)), MAX_LIMIT)
    except ValueError:
        raise RefusedError.because("limit must be a whole number.", "limit") from None
    entries = portal.audit_queries.entries(patient=patient, actor_kind=kind, since=since, limit=limit)
    return jsonify(
        entries=[
            {
                "occurred_at": to_iso(entry.occurred_at),
                "actor": entry.actor,
                "actor_type": entry.actor_kind.value,
                "who": entry.who,
                "patient_id": entry.patient.public_id if entry.patient else None,
                "category": entry.category,
                "action": entry.action,
                "detail": entry.detail,
            }
            for entry in entries
        ]
    )
