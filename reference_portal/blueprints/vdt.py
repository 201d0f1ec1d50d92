"""View, download, transmit: the health summary, its clinical notes, and home readings
(download, transmit and the activity log are in record_download.py).

Each section of the summary is there only when the viewer's `Permissions` allow it, and shows
only the entries in sensitive categories the viewer may see: a parent of a 12-17-year-old sees
immunizations and allergies (and the clinic's contact details, which are not PHI).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import Viewer, current_viewer, signed_in_required
from reference_portal.blueprints.record_display import clinic_zone, day_text, local_day, result_view
from reference_portal.blueprints.record_download import DATE_FIELDS, actor_of, date_range_from
from reference_portal.forms import FormErrors
from reference_portal.portal import Portal, current_portal
from reference_portal.services.clinical_record import SummarySection
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.patient_reported import READING_SPECS, ReadingForm
from reference_portal.services.permissions import Function
from reference_portal.services.vdt import DateRange

bp = Blueprint("vdt", __name__)

RECENT_RESULTS = 5
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@bp.get("/health-summary")
@signed_in_required
def health_summary() -> str:
    viewer = _viewer()
    portal = current_portal()
    subject = viewer.subject
    if subject is None:
        return render_template("vdt/health_summary.html", subject=None, sections=[], clinic=None)
    zone = clinic_zone(portal, subject)
    permissions = viewer.permissions
    # VDT area: a date or date range limits what is viewed (VDT-03), and the view is in the activity log
    date_values = {name: request.args.get(name, "").strip() for name in DATE_FIELDS}
    date_errors = FormErrors()
    try:
        date_range = date_range_from(date_values)
    except RefusedError as refused:
        date_errors, date_range = FormErrors(refused.problems), DateRange()
    export = portal.record_export
    sections = [
        SummarySection(section.spec, export.entries_in_range(section.spec, section.entries, date_range))
        for section in portal.clinical_record.sections_for(viewer.account.actor, subject, permissions)
    ]
    results = [
        result_view(portal, result, zone)
        for result in portal.results.visible_to(subject, permissions)
        if export.in_range(date_range, local_day(result.reported_at, zone))
    ]
    export.record_view(actor_of(viewer), subject, date_range)
    return render_template(
        "vdt/health_summary.html",
        subject=subject,
        sections=sections,
        day_text=day_text,
        show_results=permissions.allows(Function.RESULTS),
        results=results if not date_range.everything else results[:RECENT_RESULTS],
        more_results=date_range.everything and len(results) > RECENT_RESULTS,
        show_readings=permissions.allows(Function.PATIENT_REPORTED),
        readings=[
            reading
            for reading in portal.patient_reported.visible_to(subject, permissions)
            if export.in_range(date_range, reading.taken_on)
        ],
        show_notes=permissions.allows(Function.NOTES),
        notes=[
            (note, day_text(local_day(note.written_at, zone)))
            for note in portal.notes.visible_to(subject, permissions)
            if export.in_range(date_range, local_day(note.written_at, zone))
        ],
        clinic=_clinic_contact(portal, portal.clinics.by_id(subject.clinic_id)),
        date_values={"dates": "everything", **{k: v for k, v in date_values.items() if v}},
        date_errors=date_errors,
        date_range=date_range,
        may_export=export.may_export(permissions),
    )


@bp.get("/health-summary/notes/<note_id>")
@signed_in_required
def note(note_id: str) -> str:
    viewer = _viewer()
    portal = current_portal()
    if viewer.subject is None:
        abort(404)
    try:
        found = portal.notes.open(viewer.account, viewer.subject, viewer.permissions, note_id)
    except NotFoundError:
        abort(404)
    written = day_text(local_day(found.written_at, clinic_zone(portal, viewer.subject)))
    return render_template("vdt/note.html", note=found, written=written)


@bp.get("/health-summary/readings/new")
@signed_in_required
def new_reading() -> str:
    _reading_viewer()
    return render_template("vdt/new_reading.html", errors=FormErrors(), values={}, **_reading_choices())


@bp.post("/health-summary/readings/new")
@signed_in_required
def save_reading() -> Response | str:
    viewer = _reading_viewer()
    assert viewer.subject is not None
    form = ReadingForm(
        reading_type=request.form.get("reading_type", ""),
        value=request.form.get("value", ""),
        taken_on=request.form.get("taken_on", ""),
    )
    try:
        current_portal().patient_reported.record(viewer.account, viewer.subject, viewer.permissions, form)
    except RefusedError as refused:
        values = {"reading_type": form.reading_type, "value": form.value.strip(), "taken_on": form.taken_on.strip()}
        return render_template(
            "vdt/new_reading.html", errors=FormErrors(refused.problems), values=values, **_reading_choices()
        )
    flash(messages.READING_SAVED, "status")
    return redirect(url_for(".health_summary", _anchor="home-readings"))


# --- the clinic's contact details ------------------------------------------------------------
@dataclass(frozen=True)
class ClinicContact:
    name: str
    phone: str
    hours: list[tuple[str, str]]  # ("Monday to Friday", "8:00 AM to 5:00 PM")
    timezone: str


def _clinic_contact(portal: Portal, clinic: Clinic) -> ClinicContact:
    """Name, phone and opening hours (kept by the messaging area: they drive after-hours replies)."""
    week = portal.clinic_hours.weekly_hours(clinic)
    texts = [
        ", ".join(f"{_clock(span.opens)} to {_clock(span.closes)}" for span in week.on(day)) or "Closed"
        for day in range(7)
    ]
    hours: list[tuple[str, str]] = []
    start = 0
    for day in range(1, 8):
        if day == 7 or texts[day] != texts[start]:
            last = day - 1
            joiner = " and " if last == start + 1 else " to "
            days = WEEKDAY_NAMES[start] if last == start else f"{WEEKDAY_NAMES[start]}{joiner}{WEEKDAY_NAMES[last]}"
            hours.append((days, texts[start]))
            start = day
    return ClinicContact(clinic.name, portal.clinic_hours.phone(clinic) or "", hours, clinic.timezone)


def _clock(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    suffix = "AM" if hour % 24 < 12 else "PM"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"


# --- helpers ---------------------------------------------------------------------------------
def _viewer() -> Viewer:
    viewer = current_viewer()
    assert viewer is not None  # signed_in_required
    return viewer


def _reading_viewer() -> Viewer:
    viewer = _viewer()
    if viewer.subject is None or not viewer.permissions.allows(Function.PATIENT_REPORTED):
        abort(404)
    return viewer


def _reading_choices() -> dict[str, object]:
    return {
        "reading_types": [(kind.value, spec.label) for kind, spec in READING_SPECS.items()],
        "units": [(spec.label, spec.units, spec.example) for spec in READING_SPECS.values()],
    }
