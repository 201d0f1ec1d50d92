"""Sign-in (password, then an emailed one-time code), first-time set-up of sign-in codes,
the session-timeout warning, and sign-out.

The flow cookie carries only opaque ids between the steps: the account waiting to set up its
sign-in codes, then the challenge waiting for its code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import SESSION_COOKIE, current_viewer, session_ended_message
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.accounts import Account
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.sessions import EndedSession, SessionEnd, TimeLeft
from reference_portal.services.sign_in import CODE_FIELD, SETUP_EMAIL_FIELD

bp = Blueprint("auth", __name__)

CHALLENGE_KEY = "sign_in_challenge"
SETUP_KEY = "sign_in_codes_setup"  # the account (public id) that must set up sign-in codes first
SETTING_UP_KEY = "sign_in_codes_setting_up"  # the waiting challenge also confirms the address


# --- password --------------------------------------------------------------------------------
@bp.get("/sign-in")
def sign_in() -> Response | str:
    if current_viewer() is not None:
        return redirect(url_for("home.home"))
    ended = g.get("session_ended")
    if isinstance(ended, SessionEnd):  # a timed-out session's cookie came back: say why
        flash(session_ended_message(ended), "status")
    return render_template("auth/sign_in.html", errors=FormErrors(), values={})


@bp.post("/sign-in")
def check_password() -> Response | tuple[str, int]:
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
            account = portal.sign_in.check_password(username, password)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
        else:
            session.pop(CHALLENGE_KEY, None)
            session.pop(SETTING_UP_KEY, None)
            if portal.sign_in.needs_sign_in_code_setup(account):
                session[SETUP_KEY] = account.public_id
                return redirect(url_for(".set_up_codes"))
            session.pop(SETUP_KEY, None)
            challenge = portal.sign_in.send_challenge(account)
            session[CHALLENGE_KEY] = challenge.public_id
            return redirect(url_for(".verify"))
    return render_template("auth/sign_in.html", errors=errors, values={"username": username}), 200


# --- first sign-in: where the codes go -------------------------------------------------------
@bp.get("/sign-in/set-up-codes")
def set_up_codes() -> Response | str:
    account = _account_setting_up()
    if account is None:
        return redirect(url_for(".sign_in"))
    return render_template("auth/set_up_codes.html", errors=FormErrors(), values={SETUP_EMAIL_FIELD: account.email})


@bp.post("/sign-in/set-up-codes")
def send_setup_code() -> Response | tuple[str, int]:
    account = _account_setting_up()
    if account is None:
        return redirect(url_for(".sign_in"))
    email = request.form.get(SETUP_EMAIL_FIELD, "").strip()
    try:
        challenge = current_portal().sign_in.send_setup_challenge(account, email)
    except RefusedError as refused:
        values = {SETUP_EMAIL_FIELD: email}
        return render_template("auth/set_up_codes.html", errors=FormErrors(refused.problems), values=values), 200
    session.pop(SETUP_KEY, None)
    session[CHALLENGE_KEY] = challenge.public_id
    session[SETTING_UP_KEY] = True
    return redirect(url_for(".verify"))


# --- the one-time code -----------------------------------------------------------------------
@bp.get("/sign-in/verify")
def verify() -> Response | str:
    if not isinstance(session.get(CHALLENGE_KEY), str):
        return redirect(url_for(".sign_in"))
    return render_template("auth/verify.html", errors=FormErrors(), setting_up=bool(session.get(SETTING_UP_KEY)))


@bp.post("/sign-in/verify")
def check_code() -> Response | tuple[str, int]:
    challenge_id = session.get(CHALLENGE_KEY)
    if not isinstance(challenge_id, str):
        return redirect(url_for(".sign_in"))
    code = request.form.get(CODE_FIELD, "").strip()
    errors = FormErrors()
    if not code:
        errors.add(CODE_FIELD, messages.ONE_TIME_CODE_MISSING)
    else:
        portal = current_portal()
        try:
            verified = portal.sign_in.verify_code(challenge_id, code)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
        else:
            token = portal.sessions.start(verified.account)
            session.clear()  # a fresh flow cookie (and CSRF token) for the signed-in session
            if verified.set_up_sign_in_codes:
                flash(messages.MFA_SET_UP, "status")
            response = redirect(url_for("home.home"))
            response.set_cookie(
                SESSION_COOKIE, token, httponly=True, samesite="Lax", secure=request.is_secure, path="/"
            )
            return response
    page = render_template("auth/verify.html", errors=errors, setting_up=bool(session.get(SETTING_UP_KEY)))
    return page, 200


@bp.post("/sign-out")
def sign_out() -> Response:
    viewer = current_viewer()
    if viewer is not None:
        current_portal().sessions.sign_out(viewer.session)
    session.clear()
    flash(messages.SIGNED_OUT, "status")
    response = redirect(url_for("public.landing"))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- the session-timeout warning (AUTH-03) ---------------------------------------------------
# /session/status must never count as activity: it reads the session without touching it (no
# current_viewer() here), so a page left open and polling still times out.
@bp.get("/session/status")
def session_status() -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    state = current_portal().sessions.status(token) if token else None
    return jsonify(_status_json(state))


@bp.post("/session/extend")
def extend_session() -> Response:
    """ "Stay signed in": from the warning's script (JSON) or as a plain form (back to the page)."""
    token = request.cookies.get(SESSION_COOKIE)
    state = current_portal().sessions.extend(token) if token else None
    if _wants_json():
        return jsonify(_status_json(state, extended=isinstance(state, TimeLeft)))
    if isinstance(state, TimeLeft):
        flash(messages.SESSION_STILL_SIGNED_IN, "status")
        return redirect(_local_path(request.form.get("next", "")) or url_for("home.home"))
    if isinstance(state, EndedSession) and state.reason is not SessionEnd.SIGNED_OUT:
        flash(session_ended_message(state.reason), "status")
    response = redirect(url_for(".sign_in"))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@dataclass(frozen=True)
class SessionTiming:
    """What a signed-in page tells its timeout script (static/session.js)."""

    left: TimeLeft
    warning_seconds: int
    poll_seconds: int

    @property
    def warn_now(self) -> bool:
        return self.left.seconds <= self.warning_seconds


@bp.app_context_processor
def _session_timing() -> dict[str, Any]:
    viewer = current_viewer()
    if viewer is None:
        return {"session_timing": None}
    portal = current_portal()
    settings = portal.settings
    return {
        "identity_pending_message": messages.IDENTITY_PENDING,
        "session_timing": SessionTiming(
            portal.sessions.time_left(viewer.session),
            int(settings.session_warning_before_timeout.total_seconds()),
            max(1, int(settings.session_status_poll_interval.total_seconds())),
        ),
    }


def _status_json(state: TimeLeft | EndedSession | None, *, extended: bool = False) -> dict[str, Any]:
    if isinstance(state, TimeLeft):
        settings = current_portal().settings
        return {
            "signed_in": True,
            "seconds_left_idle": state.idle_seconds,
            "seconds_left_absolute": state.absolute_seconds,
            "warning_seconds": int(settings.session_warning_before_timeout.total_seconds()),
            "extended": extended,
        }
    reason = state.reason if isinstance(state, EndedSession) else None
    if reason is SessionEnd.SIGNED_OUT:  # in another tab
        message = messages.SIGNED_OUT
    else:
        message = session_ended_message(reason) if reason else messages.SESSION_ENDED
    return {
        "signed_in": False,
        "reason": reason.value if reason else None,
        "message": message,
        "sign_in_url": url_for(".sign_in"),
    }


def _wants_json() -> bool:
    accepted = request.accept_mimetypes
    return accepted.best == "application/json" or (accepted.accept_json and not accepted.accept_html)


def _local_path(target: str) -> str | None:
    """Only a path on this site (no scheme, host or //): never an open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _account_setting_up() -> Account | None:
    public_id = session.get(SETUP_KEY)
    if not isinstance(public_id, str):
        return None
    try:
        return current_portal().accounts.get(public_id)
    except NotFoundError:
        session.pop(SETUP_KEY, None)
        return None
