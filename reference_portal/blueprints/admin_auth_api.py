"""The admin API of the enrollment and authentication area: what the front desk and support do.

GET  /api/admin/activation-code-requests         open "Request a new code" requests
POST /api/admin/activation-codes/resend          {patient_id, request_id?}: a fresh code, emailed
GET  /api/admin/identity-verifications           self-enrolled accounts waiting for staff
POST /api/admin/accounts/<id>/verify-identity    {patient_id}: link the account to the record
GET  /api/admin/accounts/<id>                    access status and recent security events
POST /api/admin/accounts/<id>/unlock             unlock after a lockout

Ids in and out are opaque public ids. Every change is audited with the actor "admin-api".
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from reference_portal.blueprints.json_api import install_error_handlers, json_body, protect_with_admin_token
from reference_portal.portal import Portal, current_portal
from reference_portal.services.accounts import Account
from reference_portal.services.code_requests import CodeRequest
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.patients import Patient
from reference_portal.services.self_enrollment import SelfEnrollment
from reference_portal.timestamps import to_iso

bp = Blueprint("admin_auth_api", __name__, url_prefix="/api/admin")
install_error_handlers(bp)
protect_with_admin_token(bp)

ACTOR = "admin-api"
SECURITY_EVENTS_SHOWN = 20


# --- new activation codes (ENR-02) -----------------------------------------------------------
@bp.get("/activation-code-requests")
def open_code_requests() -> Response:
    portal = current_portal()
    return jsonify(requests=[_request_json(portal, request) for request in portal.code_requests.pending()])


@bp.post("/activation-codes/resend")
def resend_activation_code() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    patient = _patient_from(portal, _text(body, "patient_id"))
    request_id = body.get("request_id")
    if request_id is not None and not isinstance(request_id, str):
        raise RefusedError.because("request_id must be a string.", "request_id")
    resent = portal.code_requests.resend(patient, actor=ACTOR, request_public_id=request_id)
    issued = resent.issued
    return jsonify(
        id=issued.record.public_id,
        code=issued.code,
        patient_id=patient.public_id,
        clinic_id=portal.clinics.by_id(issued.record.clinic_id).public_id,
        issued_at=to_iso(issued.record.issued_at),
        expires_at=to_iso(issued.record.expires_at),
        notice_sent=resent.notice_sent,
        resolved_requests=resent.resolved_requests,
    ), 201


# --- identity verification of self-enrolled accounts (ENR-05) ---------------------------------
@bp.get("/identity-verifications")
def pending_verifications() -> Response:
    portal = current_portal()
    return jsonify(accounts=[_enrollment_json(portal, enrollment) for enrollment in portal.self_enrollment.pending()])


@bp.post("/accounts/<account_id>/verify-identity")
def verify_identity(account_id: str) -> Response:
    portal = current_portal()
    account = portal.accounts.get(account_id)
    patient = _patient_from(portal, _text(json_body(), "patient_id"))
    portal.self_enrollment.verify_identity(account, patient, actor=ACTOR)
    return jsonify(_account_json(portal, portal.accounts.get(account_id)))


# --- access status and unlocking (AUTH-02) ----------------------------------------------------
@bp.get("/accounts/<account_id>")
def account_status(account_id: str) -> Response:
    portal = current_portal()
    return jsonify(_account_json(portal, portal.accounts.get(account_id)))


@bp.post("/accounts/<account_id>/unlock")
def unlock_account(account_id: str) -> Response:
    portal = current_portal()
    account = portal.accounts.unlock(portal.accounts.get(account_id), actor=ACTOR)
    return jsonify(_account_json(portal, account))


# --- JSON shapes -----------------------------------------------------------------------------
def _account_json(portal: Portal, account: Account) -> dict[str, Any]:
    enrollment = portal.self_enrollment.of_account(account)
    if enrollment is not None and enrollment.identity_pending:
        identity = "pending"
    elif account.patient_id is not None:
        identity = "verified"
    else:
        identity = "no-record"  # a proxy-only account
    patient = portal.patients.by_id(account.patient_id) if account.patient_id else None
    return {
        "id": account.public_id,
        "username": account.username,
        "patient_id": patient.public_id if patient else None,
        "status": "locked" if account.locked else "active",
        "locked_at": to_iso(account.locked_at) if account.locked_at else None,
        "failed_sign_ins": account.failed_sign_ins,
        "identity": identity,
        "sign_in_codes": "set-up-required" if portal.mfa.needs_setup(account.id) else "confirmed",
        "security_events": [
            {
                "occurred_at": to_iso(event.occurred_at),
                "actor": event.actor,
                "action": event.action,
                "detail": event.detail,
            }
            for event in portal.accounts.security_events(account, limit=SECURITY_EVENTS_SHOWN)
        ],
    }


def _request_json(portal: Portal, request: CodeRequest) -> dict[str, Any]:
    patient = portal.patients.by_id(request.patient_id) if request.patient_id else None
    clinic = portal.clinics.by_id(request.clinic_id) if request.clinic_id else None
    return {
        "id": request.public_id,
        "first_name": request.first_name,
        "last_name": request.last_name,
        "date_of_birth": request.date_of_birth.isoformat(),
        "email": request.email,
        "requested_at": to_iso(request.requested_at),
        "patient_id": patient.public_id if patient else None,
        "clinic_id": clinic.public_id if clinic else None,
    }


def _enrollment_json(portal: Portal, enrollment: SelfEnrollment) -> dict[str, Any]:
    account = portal.accounts.by_id(enrollment.account_id)
    return {
        "account_id": account.public_id,
        "username": account.username,
        "first_name": enrollment.claim.first_name,
        "last_name": enrollment.claim.last_name,
        "date_of_birth": enrollment.claim.date_of_birth.isoformat(),
        "email": enrollment.email,
        "submitted_at": to_iso(enrollment.submitted_at),
        "possible_matches": [patient.public_id for patient in portal.self_enrollment.possible_matches(enrollment)],
    }


# --- body fields -----------------------------------------------------------------------------
def _patient_from(portal: Portal, patient_id: str) -> Patient:
    try:
        return portal.patients.get(patient_id)
    except NotFoundError:
        raise RefusedError.because(f"No patient with id {patient_id}.", "patient_id") from None


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RefusedError.because(f"{name} is required.", name)
    return value.strip()
