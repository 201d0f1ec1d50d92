"""Enrollment: activation code + date of birth, then username and password.

The code never travels in a URL: after the identity check only the code's opaque id is kept,
in the signed flow cookie, until the account is created.
"""

from __future__ import annotations

from flask import Blueprint, flash, get_flashed_messages, redirect, render_template, request, session, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.accounts import NewAccount
from reference_portal.services.activation import CODE_FIELD, CodeState
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.validation import parse_iso_date

bp = Blueprint("enrollment", __name__, url_prefix="/activate")

PENDING_KEY = "pending_activation"
PROBLEM_CATEGORY = "activation-problem"  # flashed when step two sends the patient back


@bp.get("")
def activate() -> str:
    carried = [str(message) for message in get_flashed_messages(category_filter=[PROBLEM_CATEGORY])]
    errors = FormErrors(Problem(message, CODE_FIELD) for message in carried)
    expired = messages.ACTIVATION_EXPIRED in carried
    return render_template("enrollment/activate.html", errors=errors, values={}, expired=expired)


@bp.post("")
def check_identity() -> Response | tuple[str, int]:
    code_text = request.form.get(CODE_FIELD, "").strip()
    birth_text = request.form.get("date_of_birth", "").strip()
    errors = FormErrors()
    if not code_text:
        errors.add(CODE_FIELD, messages.ACTIVATION_CODE_MISSING)
    birth = parse_iso_date(birth_text)
    if not birth_text:
        errors.add("date_of_birth", messages.DATE_OF_BIRTH_MISSING)
    elif birth is None:
        errors.add("date_of_birth", messages.DATE_OF_BIRTH_INVALID)
    expired = False
    if not errors and birth is not None:
        try:
            code = current_portal().activation.verify_identity(code_text, birth)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
            expired = refused.has(CodeState.EXPIRED.value)
        else:
            session[PENDING_KEY] = code.public_id
            return redirect(url_for(".create_account"))
    values = {CODE_FIELD: code_text, "date_of_birth": birth_text}
    page = render_template("enrollment/activate.html", errors=errors, values=values, expired=expired)
    return page, 200


@bp.get("/account")
def create_account() -> Response | str:
    pending = _pending_code_id()
    if pending is None:
        return redirect(url_for(".activate"))
    portal = current_portal()
    try:
        code = portal.activation.usable(pending)
    except (RefusedError, NotFoundError) as problem:
        return _back_to_step_one(problem)
    patient = portal.patients.by_id(code.patient_id)
    values = {"email": patient.demographics.email or ""}
    return render_template("enrollment/account.html", errors=FormErrors(), values=values)


@bp.post("/account")
def save_account() -> Response | tuple[str, int]:
    pending = _pending_code_id()
    if pending is None:
        return redirect(url_for(".activate"))
    form = NewAccount(
        username=request.form.get("username", ""),
        email=request.form.get("email", ""),
        password=request.form.get("password", ""),
        confirm_password=request.form.get("confirm_password", ""),
    )
    try:
        current_portal().accounts.create_from_activation(pending, form)
    except NotFoundError as missing:
        return _back_to_step_one(missing)
    except RefusedError as refused:
        if any(problem.field == CODE_FIELD for problem in refused.problems):
            return _back_to_step_one(refused)
        values = {"username": form.username.strip(), "email": form.email.strip()}
        return render_template("enrollment/account.html", errors=FormErrors(refused.problems), values=values), 200
    session.pop(PENDING_KEY, None)
    flash(messages.ACCOUNT_READY, "status")
    return redirect(url_for("auth.sign_in"))


@bp.get("/request-new-code")
def request_new_code() -> str:
    return render_template("enrollment/request_code.html")


def _pending_code_id() -> str | None:
    pending = session.get(PENDING_KEY)
    return pending if isinstance(pending, str) else None


def _back_to_step_one(problem: RefusedError | NotFoundError) -> Response:
    session.pop(PENDING_KEY, None)
    if isinstance(problem, RefusedError):
        for item in problem.problems:
            flash(item.message, PROBLEM_CATEGORY)
    return redirect(url_for(".activate"))
