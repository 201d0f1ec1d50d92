"""Staff console pages of the demographics area: verifying patients' change requests (DEM-01)
and the possible duplicate accounts stopped at enrollment (DEM-04).

Front desk, support, supervisors and administrators work these queues; change requests are
those of the member's own clinic. Every decision is audited by the services.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers.response import Response

from reference_portal.portal import current_portal
from reference_portal.services.demographics import ChangeRequest, DuplicateCandidate
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.staff import StaffRole
from reference_portal.staff_access import StaffViewer, current_staff, staff_required

bp = Blueprint("staff_demographics", __name__, url_prefix="/staff")

VERIFYING_ROLES = frozenset({StaffRole.FRONT_DESK, StaffRole.SUPPORT, StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR})
FIELD_LABELS = {
    "phone": "Phone",
    "email": "Email address",
    "line1": "Street address",
    "line2": "Apartment, suite or unit",
    "city": "City",
    "state": "State",
    "postal_code": "ZIP code",
}


def _verifier() -> StaffViewer:
    viewer = current_staff()
    if viewer is None or viewer.member.role not in VERIFYING_ROLES:
        abort(404)
    return viewer


# --- DEM-01: change requests -----------------------------------------------------------------
@bp.get("/demographics")
@staff_required
def demographics_queue() -> str:
    viewer = _verifier()
    portal = current_portal()
    rows = []
    for change in portal.demographics.pending(viewer.clinic.id):
        patient = portal.patients.by_id(change.patient_id)
        rows.append((change, patient))
    return render_template("staff/demographics/queue.html", rows=rows, labels=FIELD_LABELS)


@bp.post("/demographics/<request_id>/approve")
@staff_required
def approve(request_id: str) -> Response:
    viewer = _verifier()
    portal = current_portal()
    change = _change_of_clinic(viewer, request_id)
    name = _patient_name(change)
    try:
        portal.demographics.approve(change, actor=viewer.member.actor)
    except RefusedError as refused:
        flash(str(refused), "status")
    else:
        flash(f"The change for {name} is approved and saved to the record.", "status")
    return redirect(url_for(".demographics_queue"))


@bp.post("/demographics/<request_id>/reject")
@staff_required
def reject(request_id: str) -> Response:
    viewer = _verifier()
    portal = current_portal()
    change = _change_of_clinic(viewer, request_id)
    name = _patient_name(change)
    try:
        portal.demographics.reject(change, actor=viewer.member.actor)
    except RefusedError as refused:
        flash(str(refused), "status")
    else:
        flash(f"The change for {name} is rejected. The record is unchanged.", "status")
    return redirect(url_for(".demographics_queue"))


def _change_of_clinic(viewer: StaffViewer, request_id: str) -> ChangeRequest:
    portal = current_portal()
    try:
        change = portal.demographics.get(request_id)
    except NotFoundError:
        abort(404)
    if portal.patients.by_id(change.patient_id).clinic_id != viewer.clinic.id:
        abort(404)
    return change


def _patient_name(change: ChangeRequest) -> str:
    demographics = current_portal().patients.by_id(change.patient_id).demographics
    return f"{demographics.first_name} {demographics.last_name}"


# --- DEM-04: possible duplicate accounts -----------------------------------------------------
@bp.get("/duplicates")
@staff_required
def duplicates() -> str:
    _verifier()
    portal = current_portal()
    rows = [
        (candidate, portal.accounts.by_id(candidate.matched_account_id))
        for candidate in portal.duplicates.open_candidates()
    ]
    return render_template("staff/demographics/duplicates.html", rows=rows)


@bp.post("/duplicates/<candidate_id>/resolve")
@staff_required
def resolve_duplicate(candidate_id: str) -> Response:
    viewer = _verifier()
    portal = current_portal()
    try:
        candidate: DuplicateCandidate = portal.duplicates.get(candidate_id)
    except NotFoundError:
        abort(404)
    try:
        portal.duplicates.resolve(candidate, actor=viewer.member.actor)
    except RefusedError as refused:
        flash(str(refused), "status")
    else:
        flash(
            f"The possible duplicate for {candidate.claim.first_name} {candidate.claim.last_name} is resolved.",
            "status",
        )
    return redirect(url_for(".duplicates"))
