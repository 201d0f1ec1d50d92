"""The staff console under /staff: sign-in, the clinic's message pools, reading and answering.

Staff see only their own clinic; a pool page lists only what the member may work. Every
conversation opened and every attachment downloaded is audited by the messaging service.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.blueprints.messaging import attachment_response
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.messaging import Conversation
from reference_portal.services.staff import StaffRole
from reference_portal.staff_access import STAFF_SESSION_COOKIE, StaffViewer, current_staff, staff_required

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.app_context_processor
def _staff_globals() -> dict[str, object]:
    """`staff` in every template, so any area's staff page can extend staff/base.html."""
    return {"staff": current_staff()}


@bp.errorhandler(404)
def _not_found(_error: Exception) -> tuple[str, int]:
    return render_template("staff/not_found.html"), 404


@bp.after_request
def _forget_stale_cookie(response: Response) -> Response:
    if g.get("staff_cookie_stale"):
        response.delete_cookie(STAFF_SESSION_COOKIE, path="/")
    return response


# --- signing in and out ----------------------------------------------------------------------
@bp.get("/sign-in")
def sign_in() -> Response | str:
    if current_staff() is not None:
        return redirect(url_for(".console"))
    return render_template("staff/sign_in.html", errors=FormErrors(), values={})


@bp.post("/sign-in")
def check_password() -> Response | str:
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    errors = FormErrors()
    if not username:
        errors.add("username", messages.SIGN_IN_USERNAME_MISSING)
    if not password:
        errors.add("password", messages.SIGN_IN_PASSWORD_MISSING)
    if not errors:
        portal = current_portal()
        try:
            member = portal.staff.check_password(username, password)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
        else:
            token = portal.staff_sessions.start(member)
            response = redirect(url_for(".console"))
            response.set_cookie(
                STAFF_SESSION_COOKIE, token, httponly=True, samesite="Lax", secure=request.is_secure, path="/"
            )
            return response
    return render_template("staff/sign_in.html", errors=errors, values={"username": username})


@bp.post("/sign-out")
def sign_out() -> Response:
    viewer = current_staff()
    if viewer is not None:
        current_portal().staff_sessions.sign_out(viewer.session)
    flash(messages.STAFF_SIGNED_OUT, "status")
    response = redirect(url_for(".sign_in"))
    response.delete_cookie(STAFF_SESSION_COOKIE, path="/")
    return response


# --- the console -----------------------------------------------------------------------------
@bp.get("")
@staff_required
def console() -> str:
    viewer = _viewer()
    portal = current_portal()
    summaries = portal.staff_inbox.pool_summaries(viewer.member)
    direct = portal.staff_inbox.provider_queue(viewer.member) if viewer.member.role is StaffRole.PROVIDER else None
    response_hours = int(portal.settings.message_response_target.total_seconds() // 3600)
    return render_template("staff/console.html", summaries=summaries, direct=direct, response_hours=response_hours)


@bp.get("/pools/<pool_id>")
@staff_required
def pool(pool_id: str) -> str:
    viewer = _viewer()
    portal = current_portal()
    try:
        found = portal.pools.get(pool_id)
    except NotFoundError:
        abort(404)
    if not portal.pools.can_open(viewer.member, found):
        abort(404)  # another clinic's pool, or one the member does not work: as if it did not exist
    items = portal.staff_inbox.queue(found)
    return render_template("staff/pool.html", pool=found, items=items, zone=viewer.clinic.timezone)


@bp.get("/my-messages")
@staff_required
def my_messages() -> str:
    viewer = _viewer()
    if viewer.member.role is not StaffRole.PROVIDER:
        abort(404)
    items = current_portal().staff_inbox.provider_queue(viewer.member)
    return render_template("staff/my_messages.html", items=items, zone=viewer.clinic.timezone)


# --- one conversation ------------------------------------------------------------------------
@bp.get("/messages/<conversation_id>")
@staff_required
def conversation(conversation_id: str) -> str:
    return _conversation_page(_conversation(conversation_id), FormErrors(), reply="", canned_id=None)


@bp.post("/messages/<conversation_id>")
@staff_required
def answer(conversation_id: str) -> Response | str:
    viewer = _viewer()
    found = _conversation(conversation_id)
    inbox = current_portal().staff_inbox
    reply = request.form.get("reply", "")
    canned_id = request.form.get("canned_response_id", "").strip() or None
    if request.form.get("action") == "insert":
        chosen = request.form.get("canned_response", "").strip()
        if not chosen:
            errors = FormErrors([Problem(messages.CANNED_RESPONSE_MISSING, "canned_response")])
            return _conversation_page(found, errors, reply=reply, canned_id=canned_id)
        try:
            response, text = inbox.insert_canned_response(viewer.member, found, chosen)
        except RefusedError as refused:
            return _conversation_page(found, FormErrors(refused.problems), reply=reply, canned_id=canned_id)
        combined = f"{reply.rstrip()}\n\n{text}" if reply.strip() else text
        return _conversation_page(found, FormErrors(), reply=combined, canned_id=response.public_id)
    try:
        inbox.reply(viewer.member, found, reply, canned_id)
    except RefusedError as refused:
        return _conversation_page(found, FormErrors(refused.problems), reply=reply, canned_id=canned_id)
    flash(messages.REPLY_SENT, "status")
    return redirect(url_for(".conversation", conversation_id=found.public_id))


@bp.get("/attachments/<attachment_id>")
@staff_required
def attachment(attachment_id: str) -> Response:
    try:
        download = current_portal().staff_inbox.download(_viewer().member, attachment_id)
    except NotFoundError:
        abort(404)
    return attachment_response(download)


# --- helpers ---------------------------------------------------------------------------------
def _viewer() -> StaffViewer:
    viewer = current_staff()
    assert viewer is not None  # staff_required ran first
    return viewer


def _conversation(conversation_id: str) -> Conversation:
    try:
        return current_portal().staff_inbox.open(_viewer().member, conversation_id)
    except NotFoundError:
        abort(404)


def _conversation_page(found: Conversation, errors: FormErrors, *, reply: str, canned_id: str | None) -> str:
    viewer = _viewer()
    portal = current_portal()
    inbox = portal.staff_inbox
    canned = inbox.canned_responses_for(found)
    return render_template(
        "staff/conversation.html",
        conversation=found,
        patient=portal.patients.by_id(found.patient_id),
        holder=inbox.holder_name(found),
        overdue=portal.messaging.is_overdue(found, portal.clock.now()),
        entries=inbox.read(viewer.member, found),
        attachment_endpoint="staff.attachment",
        zone=viewer.clinic.timezone,
        canned_options=[(response.public_id, response.title) for response in canned],
        errors=errors,
        reply=reply,
        canned_id=canned_id,
    )
