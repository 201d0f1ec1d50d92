"""The support view of the staff console (SUP-01) under /staff/support.

Support and front-desk staff find a patient (by name and date of birth, or MRN, always in a POST
body, never in the URL), see the portal account's status, resend an activation code or unlock
the account. No clinical data is shown. The support service audits every search, view and action.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.staff import StaffMember
from reference_portal.services.support import SupportSearch
from reference_portal.services.validation import parse_iso_date
from reference_portal.staff_access import current_staff, staff_required

bp = Blueprint("staff_support", __name__, url_prefix="/staff/support")


def _member() -> StaffMember:
    viewer = current_staff()
    assert viewer is not None  # staff_required ran first
    if not current_portal().support.may_use(viewer.member):
        abort(404)
    return viewer.member


@bp.get("")
@staff_required
def search_page() -> str:
    _member()
    return render_template("staff/support/search.html", errors=FormErrors(), values={}, entries=None)


@bp.post("")
@staff_required
def search() -> str:
    member = _member()
    values = {name: request.form.get(name, "").strip() for name in ("first_name", "last_name", "date_of_birth", "mrn")}
    errors = FormErrors()
    date_of_birth = parse_iso_date(values["date_of_birth"]) if values["date_of_birth"] else None
    if values["date_of_birth"] and date_of_birth is None:
        errors.add("date_of_birth", messages.SUPPORT_DATE_OF_BIRTH_INVALID)
    entries = None
    if not errors:
        query = SupportSearch(values["first_name"], values["last_name"], date_of_birth, values["mrn"])
        try:
            entries = current_portal().support.search(member, query)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
    return render_template("staff/support/search.html", errors=errors, values=values, entries=entries)


@bp.get("/patients/<patient_id>")
@staff_required
def account(patient_id: str) -> str:
    member = _member()
    try:
        entry = current_portal().support.entry(member, patient_id)
    except NotFoundError:
        abort(404)
    return render_template("staff/support/account.html", entry=entry, errors=FormErrors())


@bp.post("/patients/<patient_id>/resend-code")
@staff_required
def resend_code(patient_id: str) -> Response | str:
    member = _member()
    portal = current_portal()
    try:
        resent = portal.support.resend_code(member, patient_id)
    except NotFoundError:
        abort(404)
    except RefusedError as refused:
        return _account_with_errors(member, patient_id, refused.problems)
    flash(messages.SUPPORT_CODE_RESENT if resent.notice_sent else messages.SUPPORT_CODE_NOT_EMAILED, "status")
    return redirect(url_for(".account", patient_id=patient_id))


@bp.post("/patients/<patient_id>/unlock")
@staff_required
def unlock(patient_id: str) -> Response | str:
    member = _member()
    try:
        current_portal().support.unlock(member, patient_id)
    except NotFoundError:
        abort(404)
    except RefusedError as refused:
        return _account_with_errors(member, patient_id, refused.problems)
    flash(messages.SUPPORT_ACCOUNT_UNLOCKED, "status")
    return redirect(url_for(".account", patient_id=patient_id))


def _account_with_errors(member: StaffMember, patient_id: str, problems: tuple[Problem, ...]) -> str:
    entry = current_portal().support.entry(member, patient_id)
    return render_template("staff/support/account.html", entry=entry, errors=FormErrors(problems))


@bp.errorhandler(404)
def _not_found(_error: Exception) -> tuple[str, int]:
    return render_template("staff/not_found.html"), 404
