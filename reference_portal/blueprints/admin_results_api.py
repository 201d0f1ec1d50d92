"""The results area's admin API: what the EHR and clinicians do besides HL7 (bearer-token protected).

Results
  POST /api/admin/patients/<patient_id>/results      file a result (as the lab interface would)
  GET  /api/admin/patients/<patient_id>/results      every result with its release state
  GET  /api/admin/results/<result_id>
  POST /api/admin/results/<result_id>/release        {"staff_name"}              clinician release
  POST /api/admin/results/<result_id>/hold           {"reason", "reviewer"}     Preventing-Harm hold
  POST /api/admin/results/<result_id>/lift-hold      {"staff_name"}
  POST /api/admin/results/release-due                the scheduled job: record ended waits, send notices
  PUT  /api/admin/patients/<patient_id>/results-preference  {"wait_for_clinician": true|false}
Clinical record
  POST /api/admin/patients/<patient_id>/problems | medications | allergies | immunizations | vitals | care-team
  POST /api/admin/patients/<patient_id>/notes        {"type": progress|substance-use|psychotherapy, ...}
  GET  /api/admin/patients/<patient_id>/patient-reported
Appointments
  POST /api/admin/patients/<patient_id>/appointments {"starts_at", "clinic_id"?, "minutes"?, "provider"?}
  GET  /api/admin/patients/<patient_id>/appointments
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request

from reference_portal.blueprints.json_api import install_error_handlers, json_body, protect_with_admin_token
from reference_portal.portal import Portal, current_portal
from reference_portal.services.appointments import Appointment
from reference_portal.services.clinical_record import Section
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.patient_reported import Reading
from reference_portal.services.result_categories import parse_category
from reference_portal.services.results import NewResult, Result, ResultStatus
from reference_portal.timestamps import from_iso, to_iso

bp = Blueprint("admin_results_api", __name__, url_prefix="/api/admin")
protect_with_admin_token(bp)
install_error_handlers(bp)

ACTOR = "admin-api"


# --- results ---------------------------------------------------------------------------------
@bp.post("/patients/<patient_id>/results")
def file_result(patient_id: str) -> tuple[Response, int]:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    body = json_body()
    status_text = _optional_text(body, "status") or ResultStatus.FINAL.value
    try:
        status = ResultStatus(status_text.lower())
    except ValueError:
        raise RefusedError.because("status must be final, preliminary or corrected.", "status") from None
    category_text = _optional_text(body, "category")
    category = parse_category(category_text)
    if category_text and category is None:
        raise RefusedError.because("category must be hiv, sti, pregnancy, substance-use, mental-health or genetic.")
    loinc = _optional_text(body, "loinc_code")
    item = NewResult(
        test_name=_text(body, "test_name"),
        code=_optional_text(body, "code") or loinc or _text(body, "test_name"),
        value=_text(body, "value"),
        loinc_code=loinc,
        units=_optional_text(body, "units"),
        reference_range=_optional_text(body, "reference_range"),
        abnormal_flag=_optional_text(body, "flag"),
        performing_lab=_optional_text(body, "performing_lab"),
        ordering_provider=_optional_text(body, "ordering_provider"),
        status=status,
        collected_at=_optional_instant(body, "collected_at"),
        reported_at=_optional_instant(body, "reported_at"),
        order_key=_optional_text(body, "order_id"),
        category=category,
    )
    result = portal.results.file(patient, item, source=ACTOR)
    portal.results.announce([result])
    return jsonify(_result_json(portal, portal.results.get(result.public_id))), 201


@bp.get("/patients/<patient_id>/results")
def list_results(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    results = portal.results.for_staff(patient, actor=ACTOR)
    return jsonify(results=[_result_json(portal, result) for result in results])


@bp.get("/results/<result_id>")
def get_result(result_id: str) -> Response:
    portal = current_portal()
    return jsonify(_result_json(portal, portal.results.get_for_staff(result_id, actor=ACTOR)))


@bp.post("/results/<result_id>/release")
def release_result(result_id: str) -> Response:
    portal = current_portal()
    result = portal.results.release(portal.results.get(result_id), _text(json_body(), "staff_name"))
    return jsonify(_result_json(portal, result))


@bp.post("/results/<result_id>/hold")
def hold_result(result_id: str) -> Response:
    portal = current_portal()
    body = json_body()
    result = portal.results.hold(portal.results.get(result_id), _text(body, "reason"), _text(body, "reviewer"))
    return jsonify(_result_json(portal, result))


@bp.post("/results/<result_id>/lift-hold")
def lift_hold(result_id: str) -> Response:
    portal = current_portal()
    result = portal.results.lift_hold(portal.results.get(result_id), _text(json_body(), "staff_name"))
    return jsonify(_result_json(portal, result))


@bp.post("/results/release-due")
def release_due() -> Response:
    """What a scheduler runs (on the caller's clock scope): waits that ended are recorded, notices sent.

    `patient_id` limits it to one patient's results: a test on a shared portal that moved its own
    clock must not release anybody else's results early.
    """
    portal = current_portal()
    patient_id = _optional_text(request.get_json(silent=True) or {}, "patient_id")
    patient = portal.patients.get(patient_id) if patient_id else None
    return jsonify(released=portal.results.release_due(patient))


@bp.put("/patients/<patient_id>/results-preference")
def set_results_preference(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    wait = json_body().get("wait_for_clinician")
    if not isinstance(wait, bool):
        raise RefusedError.because("wait_for_clinician must be true or false.", "wait_for_clinician")
    portal.results.set_wait_for_review(patient, wait, actor=ACTOR)
    return jsonify(patient_id=patient.public_id, wait_for_clinician=portal.results.waits_for_review(patient))


# --- clinical record -------------------------------------------------------------------------
@bp.post("/patients/<patient_id>/<any(problems, medications, allergies, immunizations, vitals, 'care-team'):section>")
def add_record_entry(patient_id: str, section: str) -> tuple[Response, int]:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    entry = portal.clinical_record.add(patient, Section(section), json_body(), source=ACTOR)
    category = entry.category.value if entry.category else None
    return jsonify(id=entry.public_id, section=entry.section.value, category=category, **entry.values), 201


@bp.post("/patients/<patient_id>/notes")
def add_note(patient_id: str) -> tuple[Response, int]:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    body = json_body()
    note_id = portal.notes.add(
        patient,
        note_type=_optional_text(body, "type") or "",
        title=_optional_text(body, "title") or "",
        body=_optional_text(body, "text") or "",
        author=_optional_text(body, "author") or "",
        written_at=_optional_instant(body, "written_at"),
        category=_optional_text(body, "category"),
        source=ACTOR,
    )
    return jsonify(id=note_id, type=body.get("type")), 201


@bp.get("/patients/<patient_id>/patient-reported")
def patient_reported(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    readings = portal.patient_reported.for_care_team(patient, actor=ACTOR)
    return jsonify(readings=[_reading_json(reading) for reading in readings])


# --- appointments ----------------------------------------------------------------------------
@bp.post("/patients/<patient_id>/appointments")
def book_appointment(patient_id: str) -> tuple[Response, int]:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    body = json_body()
    clinic_id = _optional_text(body, "clinic_id")
    try:
        clinic = portal.clinics.get(clinic_id) if clinic_id else portal.clinics.by_id(patient.clinic_id)
    except NotFoundError:
        raise RefusedError.because(f"No clinic with id {clinic_id}.", "clinic_id") from None
    starts_at = _optional_instant(body, "starts_at")
    if starts_at is None:
        raise RefusedError.because("starts_at is required.", "starts_at")
    minutes = body.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0):
        raise RefusedError.because("minutes must be a whole number above 0.", "minutes")
    appointment = portal.appointments.book(
        patient,
        clinic,
        starts_at,
        minutes=minutes,
        provider=_optional_text(body, "provider"),
        external_id=_optional_text(body, "appointment_id"),
        source=ACTOR,
    )
    return jsonify(_appointment_json(portal, appointment)), 201


@bp.get("/patients/<patient_id>/appointments")
def list_appointments(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    return jsonify(appointments=[_appointment_json(portal, item) for item in portal.appointments.all_for(patient)])


# --- JSON shapes -----------------------------------------------------------------------------
def _result_json(portal: Portal, result: Result) -> dict[str, Any]:
    patient = portal.patients.by_id(result.patient_id)
    wait_ends = portal.results.wait_ends_at(result)
    return {
        "id": result.public_id,
        "patient_id": patient.public_id,
        "test_name": result.test_name,
        "loinc_code": result.loinc_code,
        "code": result.code,
        "value": result.value,
        "units": result.units,
        "reference_range": result.reference_range,
        "flag": result.abnormal_flag,
        "flag_text": portal.results.describe_flag(result.abnormal_flag).text,
        "performing_lab": result.performing_lab,
        "ordering_provider": result.ordering_provider,
        "status": result.status.value,
        "category": result.category.value if result.category else None,
        "order_id": result.order_key,
        "collected_at": _iso(result.collected_at),
        "reported_at": to_iso(result.reported_at),
        "corrected_at": _iso(result.corrected_at),
        "release": {
            "state": portal.results.release_state(result, patient).value,
            "wait_for_clinician": result.wait_for_review,
            "wait_ends_at": _iso(wait_ends),
            "released_at": _iso(result.released_at),
            "released_by": result.released_by,
            "release_kind": result.release_kind,
        },
        "hold": None
        if result.hold is None
        else {
            "reason": result.hold.reason,
            "reviewer": result.hold.reviewer,
            "placed_at": to_iso(result.hold.placed_at),
        },
        "notified_at": _iso(result.notified_at),
    }


def _reading_json(reading: Reading) -> dict[str, Any]:
    return {
        "id": reading.public_id,
        "type": reading.reading_type.value,
        "label": reading.label,
        "value": reading.value,
        "units": reading.units,
        "taken_on": reading.taken_on.isoformat(),
        "recorded_at": to_iso(reading.recorded_at),
        "recorded_by": reading.recorded_by,
        "relationship": reading.relationship,
        "source": reading.source,
    }


def _appointment_json(portal: Portal, appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.public_id,
        "patient_id": portal.patients.by_id(appointment.patient_id).public_id,
        "clinic_id": portal.clinics.by_id(appointment.clinic_id).public_id,
        "starts_at": to_iso(appointment.starts_at),
        "minutes": appointment.minutes,
        "provider": appointment.provider,
        "appointment_id": appointment.external_id,
    }


# --- body fields -----------------------------------------------------------------------------
def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RefusedError.because(f"{name} is required.", name)
    return value.strip()


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RefusedError.because(f"{name} must be a string.", name)
    return value.strip() or None


def _optional_instant(body: dict[str, Any], name: str) -> datetime | None:
    text = _optional_text(body, name)
    if text is None:
        return None
    try:
        return from_iso(text)
    except ValueError:
        raise RefusedError.because(f"{name} must be an ISO-8601 instant, like 2026-03-01T14:05:00Z.", name) from None


def _iso(moment: datetime | None) -> str | None:
    return to_iso(moment) if moment else None
