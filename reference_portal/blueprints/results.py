"""Test results: the list, one result, and the patient's release preference.

Every page asks the service for what *this viewer* may see of the record on screen (release
rules and `Permissions`); another patient's result id, an unreleased result or one outside the
viewer's sensitive categories is a plain 404. The /home results badge and upcoming appointments
come from here too (`results_home`, `upcoming_appointments` in templates).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import Viewer, current_viewer, signed_in_required
from reference_portal.blueprints.record_display import clinic_zone, day_text, local_day, moment_text, result_view
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.errors import NotFoundError
from reference_portal.services.permissions import Function, Relationship

bp = Blueprint("results", __name__)

PREFERENCE_FIELD = "release_preference"
IMMEDIATELY, AFTER_REVIEW = "immediately", "after-review"
# Who may choose for the record on screen: the patient, or their legal representative.
CHOOSERS = frozenset({Relationship.SELF, Relationship.PARENT, Relationship.GUARDIAN})


@bp.get("/results")
@signed_in_required
def results_list() -> str:
    viewer = _viewer()
    portal = current_portal()
    subject = viewer.subject
    if subject is None or not viewer.permissions.allows(Function.RESULTS):
        return render_template("results/list.html", allowed=False, rows=[], waiting=0, next_release="")
    zone = clinic_zone(portal, subject)
    overview = portal.results.overview(viewer.account, subject, viewer.permissions)
    rows = [result_view(portal, result, zone, is_new=result.id in overview.new) for result in overview.results]
    next_release = day_text(local_day(overview.next_release, zone)) if overview.next_release else ""
    return render_template(
        "results/list.html",
        allowed=True,
        rows=rows,
        waiting=overview.waiting,
        next_release=next_release,
        can_choose=viewer.permissions.relationship in CHOOSERS,
    )


@bp.get("/results/preferences")
@signed_in_required
def preferences() -> str:
    viewer = _viewer()
    choice = _current_choice(viewer)
    return render_template("results/preferences.html", errors=FormErrors(), choice=choice, **_preference_page(viewer))


@bp.post("/results/preferences")
@signed_in_required
def save_preferences() -> Response | str:
    viewer = _viewer()
    page = _preference_page(viewer)
    if not page["can_choose"] or viewer.subject is None:
        abort(404)
    choice = request.form.get(PREFERENCE_FIELD, "")
    if choice not in (IMMEDIATELY, AFTER_REVIEW):
        errors = FormErrors()
        errors.add(PREFERENCE_FIELD, messages.RESULTS_PREFERENCE_MISSING)
        return render_template("results/preferences.html", errors=errors, choice="", **page)
    current_portal().results.set_wait_for_review(viewer.subject, choice == AFTER_REVIEW, actor=viewer.account.actor)
    flash(messages.RESULTS_PREFERENCE_SAVED, "status")
    return redirect(url_for(".preferences"))


@bp.get("/results/<result_id>")
@signed_in_required
def result_detail(result_id: str) -> str:
    viewer = _viewer()
    portal = current_portal()
    subject = viewer.subject
    if subject is None:
        abort(404)
    try:
        result = portal.results.open(viewer.account, subject, viewer.permissions, result_id)
    except NotFoundError:
        abort(404)
    return render_template("results/detail.html", result=result_view(portal, result, clinic_zone(portal, subject)))


# --- the home page's results badge and appointments ------------------------------------------
@dataclass(frozen=True)
class HomeResults:
    allowed: bool
    new_count: int


@dataclass(frozen=True)
class UpcomingAppointment:
    when: str
    starts_iso: str
    clinic: str
    provider: str
    minutes: int | None


@bp.app_context_processor
def _home_helpers() -> dict[str, object]:
    return {"results_home": _results_home, "upcoming_appointments": _upcoming_appointments}


def _results_home() -> HomeResults:
    viewer = current_viewer()
    if viewer is None or viewer.subject is None or not viewer.permissions.allows(Function.RESULTS):
        return HomeResults(False, 0)
    results = current_portal().results
    results.release_due(viewer.subject)
    return HomeResults(True, results.new_result_count(viewer.account, viewer.subject, viewer.permissions))


def _upcoming_appointments() -> list[UpcomingAppointment]:
    viewer = current_viewer()
    if viewer is None or viewer.subject is None:
        return []
    portal = current_portal()
    upcoming = []
    for appointment in portal.appointments.upcoming(viewer.subject, viewer.permissions):
        clinic = portal.clinics.by_id(appointment.clinic_id)
        upcoming.append(
            UpcomingAppointment(
                when=moment_text(appointment.starts_at, clinic.zone),
                starts_iso=appointment.starts_at.astimezone(clinic.zone).isoformat(),
                clinic=clinic.name,
                provider=appointment.provider or "",
                minutes=appointment.minutes,
            )
        )
    return upcoming


# --- helpers ---------------------------------------------------------------------------------
def _viewer() -> Viewer:
    viewer = current_viewer()
    assert viewer is not None  # signed_in_required
    return viewer


def _current_choice(viewer: Viewer) -> str:
    if viewer.subject is None:
        return IMMEDIATELY
    return AFTER_REVIEW if current_portal().results.waits_for_review(viewer.subject) else IMMEDIATELY


def _preference_page(viewer: Viewer) -> dict[str, object]:
    allowed = viewer.subject is not None and viewer.permissions.allows(Function.RESULTS)
    days = current_portal().settings.patient_wait_days
    return {
        "can_choose": allowed and viewer.permissions.relationship in CHOOSERS,
        "wait_days": days,
        "field": PREFERENCE_FIELD,
        "options": (
            (IMMEDIATELY, "As soon as they are ready"),
            (AFTER_REVIEW, f"After my clinician has reviewed them, or after {days} days"),
        ),
    }
