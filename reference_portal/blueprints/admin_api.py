"""The admin API: what clinic staff and the EHR do, as JSON. Bearer-token protected, in every mode.

Ids in and out are opaque public ids. A request may carry the clock scope like any other.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from reference_portal.blueprints.admin_messaging_api import clinic_schedule_fields
from reference_portal.blueprints.json_api import install_error_handlers, json_body, protect_with_admin_token
from reference_portal.portal import Portal, current_portal
from reference_portal.services.accounts import AccountReport, NewAccount
from reference_portal.services.activation import ActivationCode, CodeState
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.patients import Patient, demographics_from_mapping
from reference_portal.services.validation import parse_iso_date
from reference_portal.timestamps import to_iso

bp = Blueprint("admin_api", __name__, url_prefix="/api/admin")
install_error_handlers(bp)

ACTOR = "admin-api"


protect_with_admin_token(bp)


@bp.post("/clinics")
def create_clinic() -> tuple[Response, int]:
    body = json_body()
    clinic = current_portal().clinics.create(_text(body, "name"), _text(body, "timezone"), _optional_text(body, "code"))
    return jsonify(id=clinic.public_id, name=clinic.name, code=clinic.code, timezone=clinic.timezone), 201


@bp.get("/clinics/<clinic_id>")
def get_clinic(clinic_id: str) -> Response:
    portal = current_portal()
    clinic = portal.clinics.get(clinic_id)
    schedule = clinic_schedule_fields(portal, clinic)  # messaging area: phone, hours, holidays
    return jsonify(id=clinic.public_id, name=clinic.name, code=clinic.code, timezone=clinic.timezone, **schedule)


@bp.post("/patients")
def register_patient() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    clinic = _clinic_from(portal, body)
    demographics = demographics_from_mapping(body, portal.clock.now().date())
    patient = portal.patients.register(clinic, _text(body, "mrn"), demographics, source=ACTOR)
    return jsonify(_patient_json(portal, patient)), 201


@bp.get("/patients/<patient_id>")
def get_patient(patient_id: str) -> Response:
    portal = current_portal()
    return jsonify(_patient_json(portal, portal.patients.get(patient_id)))


@bp.post("/patients/lookup")
def find_patient() -> Response:
    """By MRN, in the body: an MRN never goes in a URL."""
    portal = current_portal()
    patient = portal.patients.find_by_mrn(_text(json_body(), "mrn"))
    if patient is None:
        raise NotFoundError("No patient with that MRN.")
    return jsonify(_patient_json(portal, patient))


@bp.post("/activation-codes")
def issue_activation_code() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    patient = portal.patients.get(_text(body, "patient_id"))
    clinic = _clinic_from(portal, body)
    issued = portal.activation.issue(patient, clinic, actor=ACTOR)
    return jsonify(
        id=issued.record.public_id,
        code=issued.code,
        patient_id=patient.public_id,
        clinic_id=clinic.public_id,
        issued_at=to_iso(issued.record.issued_at),
        expires_at=to_iso(issued.record.expires_at),
    ), 201


@bp.post("/enrollments")
def assisted_enrollment() -> tuple[Response, int]:
    """Staff enroll a patient at the desk: the same checks as self-service activation, in one call.

    The code must be valid for the patient's date of birth and is used up, exactly as in the browser.
    `mfa_email_confirmed` (default true): staff checked the email with the patient at the desk, so
    the first sign-in needs no set-up of sign-in codes; false leaves that set-up to the patient.
    """
    portal = current_portal()
    body = json_body()
    birth = parse_iso_date(_text(body, "date_of_birth"))
    if birth is None:
        raise RefusedError.because("date_of_birth must be YYYY-MM-DD.", "date_of_birth")
    mfa_email_confirmed = body.get("mfa_email_confirmed", True)
    if not isinstance(mfa_email_confirmed, bool):
        raise RefusedError.because("mfa_email_confirmed must be true or false.", "mfa_email_confirmed")
    code = portal.activation.verify_identity(_text(body, "code"), birth)
    password = _text(body, "password")
    form = NewAccount(
        username=_text(body, "username"), email=_text(body, "email"), password=password, confirm_password=password
    )
    account = portal.accounts.create_from_activation(code.public_id, form, sign_in_codes_confirmed=mfa_email_confirmed)
    patient = portal.patients.by_id(code.patient_id)
    return jsonify(
        account_id=account.public_id,
        patient_id=patient.public_id,
        username=account.username,
        mfa_email_confirmed=mfa_email_confirmed,
    ), 201


@bp.get("/patients/<patient_id>/account")
def account_status(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    return jsonify(_account_json(portal, patient, portal.accounts.report(patient)))


# --- JSON shapes -----------------------------------------------------------------------------
def _patient_json(portal: Portal, patient: Patient) -> dict[str, Any]:
    demographics = patient.demographics
    return {
        "id": patient.public_id,
        "mrn": patient.mrn,
        "clinic_id": portal.clinics.by_id(patient.clinic_id).public_id,
        "first_name": demographics.first_name,
        "last_name": demographics.last_name,
        "date_of_birth": demographics.date_of_birth.isoformat(),
        "sex": demographics.sex,
        "email": demographics.email,
        "phone": demographics.phone,
        "address": demographics.address.as_dict(),
    }


def _account_json(portal: Portal, patient: Patient, report: AccountReport) -> dict[str, Any]:
    account = report.account
    return {
        "patient_id": patient.public_id,
        "status": report.status.value,
        "account": None
        if account is None
        else {
            "id": account.public_id,
            "username": account.username,
            "locked_at": to_iso(account.locked_at) if account.locked_at else None,
            "failed_sign_ins": account.failed_sign_ins,
        },
        "latest_code": None
        if report.latest_code is None or report.latest_code_state is None
        else _code_json(portal, report.latest_code, report.latest_code_state),
    }


def _code_json(portal: Portal, code: ActivationCode, state: CodeState) -> dict[str, Any]:
    return {
        "id": code.public_id,
        "state": state.value,
        "clinic_id": portal.clinics.by_id(code.clinic_id).public_id,
        "issued_at": to_iso(code.issued_at),
        "expires_at": to_iso(code.expires_at),
        "wrong_answers": code.wrong_answers,
    }


# --- body fields -----------------------------------------------------------------------------
def _clinic_from(portal: Portal, body: dict[str, Any]) -> Clinic:
    clinic_id = _text(body, "clinic_id")
    try:
        return portal.clinics.get(clinic_id)
    except NotFoundError:
        raise RefusedError.because(f"No clinic with id {clinic_id}.", "clinic_id") from None


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RefusedError.because(f"{name} is required.", name)
    return value.strip()


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RefusedError.because(f"{name} must be a string.", name)
    return value.strip() or None
