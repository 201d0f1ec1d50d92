"""Enrollment: activation code + date of birth, then username and password; asking for a new
code; and signing up online without a code (identity verified by staff later).

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
from reference_portal.services.code_requests import CodeRequestForm
from reference_portal.services.demographics import PossibleDuplicateError  # demographics area
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.self_enrollment import SignUpForm
from reference_portal.services.validation import parse_iso_date

bp = Blueprint("enrollment", __name__)

PENDING_KEY = "pending_activation"
PROBLEM_CATEGORY = "activation-problem"  # flashed when step two sends the patient back
# Refusals after which the patient needs a new code: the page offers to request one.
NEEDS_NEW_CODE = (messages.ACTIVATION_EXPIRED, messages.ACTIVATION_VOID)


# --- activation code --------------------------------------------------------------------------
@bp.get("/activate")
def activate() -> str:
    carried = [str(message) for message in get_flashed_messages(category_filter=[PROBLEM_CATEGORY])]
    errors = FormErrors(Problem(message, CODE_FIELD) for message in carried)
    needs_new_code = any(message in NEEDS_NEW_CODE for message in carried)
    return render_template("enrollment/activate.html", errors=errors, values={}, expired=needs_new_code)


@bp.post("/activate")
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
    needs_new_code = False
    if not errors and birth is not None:
        try:
            code = current_portal().activation.verify_identity(code_text, birth)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
            needs_new_code = refused.has(CodeState.EXPIRED.value) or any(
                problem.message == messages.ACTIVATION_VOID for problem in refused.problems
            )
        else:
            session[PENDING_KEY] = code.public_id
            return redirect(url_for(".create_account"))
    values = {CODE_FIELD: code_text, "date_of_birth": birth_text}
    page = render_template("enrollment/activate.html", errors=errors, values=values, expired=needs_new_code)
    return page, 200


@bp.get("/activate/account")
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


@bp.post("/activate/account")
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
        current_portal().duplicates.screen_activation(pending, form)  # demographics area (DEM-04)
        current_portal().accounts.create_from_activation(pending, form)
    except PossibleDuplicateError:
        session.pop(PENDING_KEY, None)
        return redirect(url_for("profile.enrollment_on_hold"))
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


# --- a new code (ENR-02) ----------------------------------------------------------------------
@bp.get("/activate/request-new-code")
def request_new_code() -> str:
    return render_template("enrollment/request_code.html", errors=FormErrors(), values={})


@bp.post("/activate/request-new-code")
def send_code_request() -> Response | tuple[str, int]:
    form = CodeRequestForm(
        first_name=request.form.get("first_name", ""),
        last_name=request.form.get("last_name", ""),
        date_of_birth=request.form.get("date_of_birth", ""),
        email=request.form.get("email", ""),
    )
    try:
        current_portal().code_requests.submit(form)
    except RefusedError as refused:
        kept = ("first_name", "last_name", "date_of_birth", "email")
        values = {name: str(getattr(form, name)).strip() for name in kept}
        page = render_template("enrollment/request_code.html", errors=FormErrors(refused.problems), values=values)
        return page, 200
    flash(messages.CODE_REQUEST_RECEIVED, "status")
    return redirect(url_for(".code_requested"))


@bp.get("/activate/request-new-code/sent")
def code_requested() -> str:
    days = current_portal().settings.activation_code_lifetime.days
    return render_template("enrollment/code_requested.html", days=days)


# --- signing up online (ENR-05) ---------------------------------------------------------------
@bp.get("/sign-up")
def sign_up() -> str:
    return render_template("enrollment/sign_up.html", errors=FormErrors(), values={})


@bp.post("/sign-up")
def save_sign_up() -> Response | tuple[str, int]:
    form = SignUpForm(
        first_name=request.form.get("first_name", ""),
        last_name=request.form.get("last_name", ""),
        date_of_birth=request.form.get("date_of_birth", ""),
        email=request.form.get("email", ""),
        username=request.form.get("username", ""),
        password=request.form.get("password", ""),
        confirm_password=request.form.get("confirm_password", ""),
    )
    try:
        current_portal().duplicates.screen_sign_up(form)  # demographics area (DEM-04)
        current_portal().self_enrollment.sign_up(form)
    except PossibleDuplicateError:
        return redirect(url_for("profile.enrollment_on_hold"))
    except RefusedError as refused:
        kept = ("first_name", "last_name", "date_of_birth", "email", "username")
        values = {name: str(getattr(form, name)).strip() for name in kept}
        return render_template("enrollment/sign_up.html", errors=FormErrors(refused.problems), values=values), 200
    flash(messages.SIGNED_UP, "status")
    return redirect(url_for("auth.sign_in"))


def _pending_code_id() -> str | None:
    pending = session.get(PENDING_KEY)
    return pending if isinstance(pending, str) else None


def _back_to_step_one(problem: RefusedError | NotFoundError) -> Response:
    session.pop(PENDING_KEY, None)
    if isinstance(problem, RefusedError):
        for item in problem.problems:
            flash(item.message, PROBLEM_CATEGORY)
    return redirect(url_for(".activate"))
