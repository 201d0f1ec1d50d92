"""Account self-service: resetting a forgotten password (AUTH-06).

The emailed link (/password/reset/<token>) is followed once: the token is checked, only the
reset's opaque id goes into the flow cookie, and the browser is sent on to /password/reset, so
the token does not stay in the address bar, the history or a Referer header.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.forms import FormErrors
from reference_portal.language import current_language
from reference_portal.portal import current_portal
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.i18n import translate
from reference_portal.services.password_reset import LINK_PROBLEM

bp = Blueprint("account", __name__)

RESET_KEY = "password_reset"


@bp.get("/password/forgot")
def forgot_password() -> str:
    return render_template("account/forgot_password.html", errors=FormErrors(), values={}, minutes=_link_minutes())


@bp.post("/password/forgot")
def send_reset_link() -> Response | tuple[str, int]:
    username = request.form.get("username", "").strip()
    if not username:
        errors = FormErrors()
        errors.add("username", messages.RESET_USERNAME_MISSING)
        return render_template("account/forgot_password.html", errors=errors, values={}, minutes=_link_minutes()), 200
    current_portal().password_reset.request(
        username, lambda token: url_for(".open_reset_link", token=token, _external=True)
    )
    flash(translate(messages.RESET_LINK_SENT, current_language()).format(minutes=_link_minutes()), "status")
    return redirect(url_for(".reset_link_sent"))


@bp.get("/password/forgot/sent")
def reset_link_sent() -> str:
    return render_template("account/reset_link_sent.html")


@bp.get("/password/reset/<token>")
def open_reset_link(token: str) -> Response | tuple[str, int]:
    try:
        reset = current_portal().password_reset.open_link(token)
    except RefusedError as refused:
        return _link_refused(refused)
    session[RESET_KEY] = reset.public_id
    return redirect(url_for(".new_password"))


@bp.get("/password/reset")
def new_password() -> Response | str:
    reset_id = session.get(RESET_KEY)
    if not isinstance(reset_id, str):
        return redirect(url_for(".forgot_password"))
    return render_template("account/reset_password.html", errors=FormErrors())


@bp.post("/password/reset")
def change_password() -> Response | tuple[str, int]:
    reset_id = session.get(RESET_KEY)
    if not isinstance(reset_id, str):
        return redirect(url_for(".forgot_password"))
    try:
        current_portal().password_reset.change_password(
            reset_id, request.form.get("new_password", ""), request.form.get("confirm_new_password", "")
        )
    except NotFoundError:
        session.pop(RESET_KEY, None)
        return redirect(url_for(".forgot_password"))
    except RefusedError as refused:
        if refused.has(LINK_PROBLEM):
            session.pop(RESET_KEY, None)
            return _link_refused(refused)
        return render_template("account/reset_password.html", errors=FormErrors(refused.problems)), 200
    session.pop(RESET_KEY, None)
    flash(messages.PASSWORD_CHANGED, "status")
    return redirect(url_for("auth.sign_in"))


def _link_refused(refused: RefusedError) -> tuple[str, int]:
    """A used, expired or unknown link: say which, and offer a new one (never a form)."""
    return render_template("account/reset_link_refused.html", problems=refused.problems, minutes=_link_minutes()), 200


def _link_minutes() -> int:
    return int(current_portal().settings.password_reset_link_lifetime.total_seconds() // 60)
