"""View, download, transmit, the pages (VDT-03..VDT-06): "Download your record", "Send your
record" and the activity log. The rules are in services/vdt.py; these routes only collect the
form, call the service and show what it says.

Whose record: the one on screen (`viewer.subject`), with the viewer's permissions; a viewer
without the DOWNLOAD function (a parent with limited access) gets a 404, like any page they may
not open.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import Viewer, current_viewer, signed_in_required
from reference_portal.blueprints.record_display import clinic_zone, moment_text
from reference_portal.forms import FormErrors
from reference_portal.language import current_language
from reference_portal.portal import current_portal
from reference_portal.services.errors import Problem, RefusedError
from reference_portal.services.i18n import translate
from reference_portal.services.vdt import Actor, DateRange, ExportFormat, TransmitForm, parse_date_range

bp = Blueprint("record_download", __name__)

DATE_FIELDS = ("dates", "date_from", "date_to")


def actor_of(viewer: Viewer) -> Actor:
    """Who acts, by name: the patient themselves, or the proxy (their own name, not the patient's)."""
    if viewer.acting_for_someone_else or viewer.patient is None:
        name = viewer.account_name
    else:
        name = f"{viewer.patient.demographics.first_name} {viewer.patient.demographics.last_name}"
    return Actor(viewer.account.actor, name, viewer.permissions.relationship)


def date_range_from(form: dict[str, str]) -> DateRange:
    return parse_date_range(form.get("dates", ""), form.get("date_from", ""), form.get("date_to", ""))


@bp.get("/health-summary/download")
@signed_in_required
def download() -> str:
    viewer = _exporting_viewer()
    return render_template(
        "vdt/download.html",
        errors=FormErrors(),
        values={"dates": "everything", "format": "human"},
        subject=viewer.subject,
    )


@bp.post("/health-summary/download")
@signed_in_required
def make_download() -> Response | str:
    viewer = _exporting_viewer()
    assert viewer.subject is not None
    values = _values("format", *DATE_FIELDS)
    problems: list[Problem] = []
    date_range = DateRange()
    try:
        date_range = date_range_from(values)
    except RefusedError as refused:
        problems += refused.problems
    try:
        fmt = ExportFormat(values.get("format", ""))
    except ValueError:
        problems.append(Problem(messages.VDT_CHOOSE_FORMAT, "format"))
    if problems:
        return render_template("vdt/download.html", errors=FormErrors(problems), values=values, subject=viewer.subject)
    file = current_portal().record_export.download(
        actor_of(viewer), viewer.subject, viewer.permissions, date_range, fmt
    )
    response = make_response(file.data)
    response.headers["Content-Type"] = file.content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/health-summary/transmit")
@signed_in_required
def transmit() -> str:
    viewer = _exporting_viewer()
    return render_template(
        "vdt/transmit.html", errors=FormErrors(), values={"dates": "everything"}, subject=viewer.subject
    )


@bp.post("/health-summary/transmit")
@signed_in_required
def send_record() -> Response | str:
    viewer = _exporting_viewer()
    assert viewer.subject is not None
    values = _values("send_to", "email", "direct", "understood", *DATE_FIELDS)
    problems: list[Problem] = []
    date_range = DateRange()
    try:
        date_range = date_range_from(values)
    except RefusedError as refused:
        problems += refused.problems
    form = TransmitForm(
        send_to=values.get("send_to", ""),
        email=values.get("email", ""),
        direct=values.get("direct", ""),
        understood=bool(values.get("understood")),
        date_range=date_range,
    )
    service = current_portal().record_export
    try:
        if problems:
            service.check_transmit(form)  # every problem of the form at once
            raise RefusedError(*problems)
        address = service.transmit(actor_of(viewer), viewer.subject, viewer.permissions, form)
    except RefusedError as refused:
        all_problems = [*refused.problems, *(p for p in problems if p not in refused.problems)]
        return render_template(
            "vdt/transmit.html", errors=FormErrors(all_problems), values=values, subject=viewer.subject
        )
    flash(translate(messages.VDT_SENT, current_language()).format(address=address), "status")
    return redirect(url_for(".activity"))


@bp.get("/health-summary/activity")
@signed_in_required
def activity() -> str:
    viewer = _viewer()
    if viewer.subject is None:
        abort(404)
    portal = current_portal()
    subject = viewer.subject
    zone = clinic_zone(portal, subject)
    service = portal.record_export
    rows = [
        {
            "action": entry.action_text,
            "dates": DateRange(entry.date_from, entry.date_to).describe() if entry.date_from or entry.date_to else "",
            "when": moment_text(entry.occurred_at, zone),
            "iso": entry.occurred_at.astimezone(zone).isoformat(),
            "who": service.who(entry, subject),
            "addressee": entry.addressee,
        }
        for entry in service.viewed_activity(actor_of(viewer), subject, viewer.permissions)
    ]
    return render_template(
        "vdt/activity.html",
        rows=rows,
        subject=subject,
        timezone=zone.key,
        may_export=service.may_export(viewer.permissions),
    )


# --- helpers ---------------------------------------------------------------------------------
def _viewer() -> Viewer:
    viewer = current_viewer()
    assert viewer is not None  # signed_in_required
    return viewer


def _exporting_viewer() -> Viewer:
    viewer = _viewer()
    if viewer.subject is None or not current_portal().record_export.may_export(viewer.permissions):
        abort(404)
    return viewer


def _values(*names: str) -> dict[str, str]:
    return {name: request.form.get(name, "").strip() for name in names}
