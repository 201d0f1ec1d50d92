"""Sign-in (password, then an emailed one-time code) and sign-out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import SESSION_COOKIE, current_viewer
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.errors import RefusedError
from reference_portal.services.sign_in import CODE_FIELD

bp = Blueprint("auth", __name__)

CHALLENGE_KEY = "sign_in_challenge"


@bp.get("/sign-in")
def sign_in() -> Response | str:
    if current_viewer() is not None:
        return redirect(url_for("home.home"))
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
            challenge = portal.sign_in.send_challenge(account)
            session[CHALLENGE_KEY] = challenge.public_id
            return redirect(url_for(".verify"))
    return render_template("auth/sign_in.html", errors=errors, values={"username": username}), 200


@bp.get("/sign-in/verify")
def verify() -> Response | str:
    if not isinstance(session.get(CHALLENGE_KEY), str):
        return redirect(url_for(".sign_in"))
    return render_template("auth/verify.html", errors=FormErrors())


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
            account = portal.sign_in.verify_code(challenge_id, code)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
        else:
            token = portal.sessions.start(account)
            session.clear()  # a fresh flow cookie (and CSRF token) for the signed-in session
            response = redirect(url_for("home.home"))
            response.set_cookie(
                SESSION_COOKIE, token, httponly=True, samesite="Lax", secure=request.is_secure, path="/"
            )
            return response
    return render_template("auth/verify.html", errors=errors), 200


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
