"""The admin API of the demographics area.

GET  /api/admin/demographics-requests                  pending change requests (DEM-01)
GET  /api/admin/demographics-requests/<id>             one request, any status
POST /api/admin/demographics-requests/<id>/approve     {staff_username}: verified, saved to the record
POST /api/admin/demographics-requests/<id>/reject      {staff_username}: refused, the record is unchanged
GET  /api/admin/duplicate-candidates                   enrollments stopped as possible duplicates (DEM-04)
POST /api/admin/duplicate-candidates/<id>/resolve      {staff_username?}
GET  /api/admin/patients/<id>/demographics             the record's demographics now (DEM-02)
PUT  /api/admin/patients/<id>/language                 {language: "en"|"es"}: the patient's account language (DEM-03)

Ids in and out are opaque public ids.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from reference_portal.blueprints.json_api import install_error_handlers, json_body, protect_with_admin_token
from reference_portal.portal import Portal, current_portal
from reference_portal.services.demographics import ChangeRequest, DuplicateCandidate
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.i18n import LANGUAGES, supported
from reference_portal.services.patients import Patient
from reference_portal.timestamps import to_iso

bp = Blueprint("admin_demographics_api", __name__, url_prefix="/api/admin")
install_error_handlers(bp)
protect_with_admin_token(bp)

ACTOR = "admin-api"


@bp.get("/demographics-requests")
def pending_requests() -> Response:
    portal = current_portal()
    return jsonify(requests=[_request_json(portal, change) for change in portal.demographics.pending()])


@bp.get("/demographics-requests/<request_id>")
def one_request(request_id: str) -> Response:
    portal = current_portal()
    return jsonify(_request_json(portal, portal.demographics.get(request_id)))


@bp.post("/demographics-requests/<request_id>/approve")
def approve_request(request_id: str) -> Response:
    portal = current_portal()
    actor = _staff_actor(portal, json_body(), required=True)
    change = portal.demographics.get(request_id)
    patient = portal.demographics.approve(change, actor=actor)
    return jsonify(
        {**_request_json(portal, portal.demographics.get(request_id)), "patient": _demographics_json(patient)}
    )


@bp.post("/demographics-requests/<request_id>/reject")
def reject_request(request_id: str) -> Response:
    portal = current_portal()
    actor = _staff_actor(portal, json_body(), required=True)
    portal.demographics.reject(portal.demographics.get(request_id), actor=actor)
    return jsonify(_request_json(portal, portal.demographics.get(request_id)))


@bp.get("/duplicate-candidates")
def duplicate_candidates() -> Response:
    portal = current_portal()
    return jsonify(candidates=[_candidate_json(portal, candidate) for candidate in portal.duplicates.open_candidates()])


@bp.post("/duplicate-candidates/<candidate_id>/resolve")
def resolve_candidate(candidate_id: str) -> Response:
    portal = current_portal()
    actor = _staff_actor(portal, json_body(), required=False)
    portal.duplicates.resolve(portal.duplicates.get(candidate_id), actor=actor)
    return jsonify(_candidate_json(portal, portal.duplicates.get(candidate_id)))


@bp.get("/patients/<patient_id>/demographics")
def patient_demographics(patient_id: str) -> Response:
    return jsonify(_demographics_json(current_portal().patients.get(patient_id)))


@bp.put("/patients/<patient_id>/language")
def patient_language(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    language = supported(str(json_body().get("language", "")))
    if language is None:
        raise RefusedError.because(f"language must be one of {', '.join(LANGUAGES)}.", "language")
    account = portal.accounts.for_patient(patient)
    if account is None:
        raise NotFoundError(f"Patient {patient_id} has no portal account.")
    portal.languages.choose(account, language)
    return jsonify(patient_id=patient.public_id, account_id=account.public_id, language=language)


def _staff_actor(portal: Portal, body: dict[str, Any], *, required: bool) -> str:
    username = body.get("staff_username")
    if username is None and not required:
        return ACTOR
    if not isinstance(username, str) or not username.strip():
        raise RefusedError.because("staff_username is required: the staff member who verified it.", "staff_username")
    member = portal.staff.find_by_username(username.strip())
    if member is None:
        raise RefusedError.because(f"No staff member with username {username.strip()}.", "staff_username")
    return member.actor


def _request_json(portal: Portal, change: ChangeRequest) -> dict[str, Any]:
    patient = portal.patients.by_id(change.patient_id)
    return {
        "id": change.public_id,
        "patient_id": patient.public_id,
        "status": change.status.value,
        "changed_fields": change.changed_fields,
        "before": change.before.as_dict(),
        "after": change.after.as_dict(),
        "requested_at": to_iso(change.requested_at),
        "decided_at": to_iso(change.decided_at) if change.decided_at else None,
        "decided_by": change.decided_by,
    }


def _candidate_json(portal: Portal, candidate: DuplicateCandidate) -> dict[str, Any]:
    account = portal.accounts.by_id(candidate.matched_account_id)
    patient = portal.patients.by_id(candidate.patient_id) if candidate.patient_id else None
    return {
        "id": candidate.public_id,
        "source": candidate.source,
        "first_name": candidate.claim.first_name,
        "last_name": candidate.claim.last_name,
        "date_of_birth": candidate.claim.date_of_birth.isoformat(),
        "email": candidate.email,
        "username": candidate.username,
        "patient_id": patient.public_id if patient else None,
        "matched_account_id": account.public_id,
        "matched_username": account.username,
        "reasons": [reason.value for reason in candidate.reasons],
        "detected_at": to_iso(candidate.detected_at),
        "resolved_at": to_iso(candidate.resolved_at) if candidate.resolved_at else None,
    }


def _demographics_json(patient: Patient) -> dict[str, Any]:
    demographics = patient.demographics
    return {
        "id": patient.public_id,
        "first_name": demographics.first_name,
        "last_name": demographics.last_name,
        "date_of_birth": demographics.date_of_birth.isoformat(),
        "email": demographics.email,
        "phone": demographics.phone,
        "address": demographics.address.as_dict(),
    }
