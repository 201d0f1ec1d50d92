"""Secure messaging for patients and their proxies: the inbox, a new message, a conversation.

The conversation belongs to the record on screen (`viewer.subject`); the account that acts
(`viewer.account`, a proxy's own account when a proxy writes) is recorded with each message.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import Viewer, current_viewer, signed_in_required
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.attachments import ATTACHMENT_FIELD, Upload
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.messaging import Conversation, Download, NewMessage
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Function

bp = Blueprint("messaging", __name__)

PROVIDER_CHOICE = "provider"
ATTACHMENT_PROBLEM = "attachment-problem"  # flashed when an upload was too large to read at all


@bp.app_template_filter("clinic_time")
def clinic_time(moment: datetime, zone: str) -> str:
    """An instant on a clinic's wall clock, as people read it: Mar 2, 2026, 4:05 PM CST."""
    local = moment.astimezone(ZoneInfo(zone))
    hour = local.hour % 12 or 12
    return f"{local:%b} {local.day}, {local.year}, {hour}:{local:%M} {'AM' if local.hour < 12 else 'PM'} {local:%Z}"


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> Response:
    """A request too big to read at all: back to the form, with the error on the attachment field."""
    flash(current_portal().attachments.too_large_problem().message, ATTACHMENT_PROBLEM)
    return redirect(request.path)


# --- the inbox -------------------------------------------------------------------------------
@bp.get("/messages")
@signed_in_required
def inbox() -> str:
    _, patient = _messaging_viewer()
    portal = current_portal()
    return render_template(
        "messaging/inbox.html",
        patient=patient,
        conversations=portal.messaging.conversations_for(patient),
        zone=portal.clinics.by_id(patient.clinic_id).timezone,
    )


# --- a new message ---------------------------------------------------------------------------
@bp.get("/messages/new")
@signed_in_required
def compose() -> str:
    _, patient = _messaging_viewer()
    return _compose_page(patient, _carried_errors(), values={})


@bp.post("/messages/new")
@signed_in_required
def send() -> Response | str:
    viewer, patient = _messaging_viewer()
    new = NewMessage(
        topic=request.form.get("topic", ""),
        subject=request.form.get("subject", ""),
        body=request.form.get("body", ""),
        attachment=_upload(),
        to_provider=request.form.get("recipient") == PROVIDER_CHOICE,
    )
    try:
        sent = current_portal().messaging.send(patient, viewer.account, new, sender_name=_acting_name(viewer))
    except RefusedError as refused:
        values = {name: request.form.get(name, "") for name in ("topic", "subject", "body", "recipient")}
        return _compose_page(patient, FormErrors(refused.problems), values)
    flash(messages.MESSAGE_SENT, "status")
    return redirect(url_for(".conversation", conversation_id=sent.conversation.public_id))


# --- a conversation --------------------------------------------------------------------------
@bp.get("/messages/<conversation_id>")
@signed_in_required
def conversation(conversation_id: str) -> str:
    viewer, patient = _messaging_viewer()
    found = _own_conversation(patient, conversation_id)
    return _conversation_page(viewer, patient, found, _carried_errors(), reply="")


@bp.post("/messages/<conversation_id>")
@signed_in_required
def reply(conversation_id: str) -> Response | str:
    viewer, patient = _messaging_viewer()
    found = _own_conversation(patient, conversation_id)
    text = request.form.get("body", "")
    try:
        current_portal().messaging.reply_as_patient(
            patient, viewer.account, found, text, _upload(), sender_name=_acting_name(viewer)
        )
    except RefusedError as refused:
        return _conversation_page(viewer, patient, found, FormErrors(refused.problems), reply=text)
    flash(messages.MESSAGE_SENT, "status")
    return redirect(url_for(".conversation", conversation_id=found.public_id))


@bp.get("/messages/attachments/<attachment_id>")
@signed_in_required
def attachment(attachment_id: str) -> Response:
    viewer, patient = _messaging_viewer()
    try:
        download = current_portal().messaging.download_for_patient(patient, viewer.account, attachment_id)
    except NotFoundError:
        abort(404)
    return attachment_response(download)


def attachment_response(download: Download) -> Response:
    """The file as uploaded, with its checked content type; always a download, never rendered inline."""
    attachment = download.attachment
    response = Response(download.content, mimetype=attachment.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    response.headers["Content-Length"] = str(attachment.size_bytes)
    return response


# --- helpers ---------------------------------------------------------------------------------
def _messaging_viewer() -> tuple[Viewer, Patient]:
    """The signed-in viewer and the record on screen, when that record may be messaged about."""
    viewer = current_viewer()
    assert viewer is not None  # signed_in_required ran first
    if viewer.subject is None or not viewer.permissions.allows(Function.MESSAGING):
        abort(
            Response(
                render_template("messaging/not_available.html", not_allowed=messages.MESSAGING_NOT_ALLOWED),
                403,
                mimetype="text/html",  # werkzeug's Response is text/plain by default: the page showed as source
            )
        )
    return viewer, viewer.subject


def _acting_name(viewer: Viewer) -> str | None:
    """The name of the person at the keyboard (a proxy's own name when they write for someone)."""
    return viewer.account_name or None


def _own_conversation(patient: Patient, conversation_id: str) -> Conversation:
    try:
        return current_portal().messaging.conversation_for_patient(patient, conversation_id)
    except NotFoundError:
        abort(404)


def _upload() -> Upload | None:
    file = request.files.get(ATTACHMENT_FIELD)
    if file is None or not file.filename:
        return None
    return Upload(file.filename, file.read())


def _carried_errors() -> FormErrors:
    carried = get_flashed_messages(category_filter=[ATTACHMENT_PROBLEM])
    return FormErrors(Problem(str(message), ATTACHMENT_FIELD) for message in carried)


def _compose_page(patient: Patient, errors: FormErrors, values: dict[str, str]) -> str:
    portal = current_portal()
    return render_template(
        "messaging/compose.html",
        topic_options=[(topic.key, topic.name) for topic in portal.routing.topics()],
        provider=portal.staff.provider_for(patient),
        attachment_hint=portal.attachments.hint(),
        errors=errors,
        values=values,
    )


def _conversation_page(viewer: Viewer, patient: Patient, found: Conversation, errors: FormErrors, reply: str) -> str:
    portal = current_portal()
    return render_template(
        "messaging/conversation.html",
        conversation=found,
        entries=portal.messaging.read_as_patient(patient, viewer.account, found),
        attachment_endpoint="messaging.attachment",
        urgent_advisory=messages.URGENT_ADVISORY,
        zone=portal.clinics.by_id(found.clinic_id).timezone,
        attachment_hint=portal.attachments.hint(),
        errors=errors,
        reply=reply,
    )
