"""The staff console's audit log (AUD-01), read-only: administrators and supervisors see who
accessed which patient's information, what kind, what they did and when.

Filters: a patient (found by MRN, which is sent by POST and never put in a URL: the page then
names the patient by opaque id) and the kind of actor. There is no route that changes or removes
an entry (every method other than GET and HEAD is refused), and reading the log is itself
audited.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal.blueprints.record_display import moment_text
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.audit_queries import ActorKind
from reference_portal.services.errors import NotFoundError, Problem
from reference_portal.services.patients import Patient
from reference_portal.services.staff import OVERSEEING_ROLES
from reference_portal.staff_access import StaffViewer, current_staff, staff_required

bp = Blueprint("staff_audit", __name__, url_prefix="/staff/audit")

P = ParamSpec("P")
R = TypeVar("R")

MRN_MISSING = "Enter the patient's MRN"
MRN_UNKNOWN = "No patient has that MRN"
SHOWN = 200


def audit_role_required(view: Callable[P, R]) -> Callable[P, R | tuple[str, int]]:
    """Supervisors and administrators only; other staff get the console's not-found page."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | tuple[str, int]:
        viewer = current_staff()
        if viewer is None or viewer.member.role not in OVERSEEING_ROLES:
            return render_template("staff/not_found.html"), 404
        return view(*args, **kwargs)

    return staff_required(guarded)  # type: ignore[return-value]


@bp.get("")
@audit_role_required
def audit_log() -> str:
    return _page(FormErrors(), mrn="")


@bp.post("/patient")
@audit_role_required
def find_patient() -> Response | str:
    """The MRN search: a match goes back to the log filtered by the patient's opaque id."""
    mrn = request.form.get("mrn", "").strip()
    if not mrn:
        return _page(FormErrors([Problem(MRN_MISSING, "mrn")]), mrn=mrn)
    patient = current_portal().patients.find_by_mrn(mrn)
    if patient is None:
        return _page(FormErrors([Problem(MRN_UNKNOWN, "mrn")]), mrn=mrn)
    return redirect(url_for(".audit_log", patient=patient.public_id, actor=request.form.get("actor") or None))


def _page(errors: FormErrors, *, mrn: str) -> str:
    viewer = _viewer()
    portal = current_portal()
    patient = _patient(request.args.get("patient") or request.form.get("patient") or "")
    actor_text = request.args.get("actor") or request.form.get("actor") or ""
    actor_kind = ActorKind(actor_text) if actor_text in {kind.value for kind in ActorKind} else None
    entries = portal.audit_queries.entries(patient=patient, actor_kind=actor_kind, limit=SHOWN)
    portal.audit.record(
        viewer.member.actor,
        "audit-log-viewed",
        patient_id=patient.id if patient else None,
        clinic_id=viewer.clinic.id,
        detail=f"actor={actor_kind.value if actor_kind else 'any'}",
    )
    zone = viewer.clinic.zone
    rows = [
        {
            "who": entry.who,
            "kind": entry.actor_kind.label,
            "patient": _patient_text(entry.patient),
            "category": entry.category,
            "action": entry.action,
            "detail": entry.detail,
            "when": moment_text(entry.occurred_at, zone),
            "iso": entry.occurred_at.astimezone(zone).isoformat(),
        }
        for entry in entries
    ]
    return render_template(
        "staff/audit/log.html",
        errors=errors,
        rows=rows,
        shown=SHOWN,
        patient=patient,
        patient_text=_patient_text(patient),
        mrn=mrn,
        actor=actor_kind.value if actor_kind else "",
        actor_options=[(kind.value, kind.label) for kind in ActorKind],
        timezone=zone.key,
    )


def _patient(public_id: str) -> Patient | None:
    if not public_id:
        return None
    try:
        return current_portal().patients.get(public_id)
    except NotFoundError:
        return None


def _patient_text(patient: Patient | None) -> str:
    if patient is None:
        return ""
    return f"{patient.demographics.first_name} {patient.demographics.last_name} (MRN {patient.mrn})"


def _viewer() -> StaffViewer:
    viewer = current_staff()
    assert viewer is not None
    return viewer
