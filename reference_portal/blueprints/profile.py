"""The patient's profile (DEM-01) and the portal language (DEM-03).

/profile shows the contact details on record and takes a change request, which waits for staff
verification; /language switches the portal between English and Spanish on every page.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import current_viewer, open_while_identity_pending, signed_in_required
from reference_portal.forms import FormErrors
from reference_portal.language import LANGUAGE_COOKIE, current_language, gettext
from reference_portal.portal import current_portal
from reference_portal.services.demographics import FIELD_ORDER, ContactDetails
from reference_portal.services.errors import RefusedError
from reference_portal.services.i18n import LANGUAGES, supported

bp = Blueprint("profile", __name__)

LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


@bp.record_once
def _install_translation(state: BlueprintSetupState) -> None:
    """`_()` in every template (macros included), and the page language for <html lang>."""
    state.app.jinja_env.globals.update(_=gettext, page_language=current_language, languages=LANGUAGES)


# --- profile (DEM-01) --------------------------------------------------------------------------
@bp.get("/profile")
@signed_in_required
@open_while_identity_pending  # shows the identity notice itself, and no clinical data
def profile() -> str:
    return _profile_page(FormErrors(), values=None)


@bp.post("/profile")
@signed_in_required
@open_while_identity_pending
def request_changes() -> Response | str:
    viewer = current_viewer()
    assert viewer is not None
    if viewer.patient is None:
        return redirect(url_for(".profile"))
    form = {name: request.form.get(name, "") for name in FIELD_ORDER}
    try:
        current_portal().demographics.request_change(viewer.patient, viewer.account, form)
    except RefusedError as refused:
        return _profile_page(FormErrors(refused.problems), values=form)  # 200, with the error summary
    flash(messages.PROFILE_CHANGE_REQUESTED, "status")
    return redirect(url_for(".profile"))


def _profile_page(errors: FormErrors, values: dict[str, str] | None) -> str:
    viewer = current_viewer()
    assert viewer is not None
    patient = viewer.patient
    if patient is None:  # a proxy-only account, or identity not verified yet: no record of its own
        return render_template("profile/profile.html", patient=None, errors=errors)
    portal = current_portal()
    on_record = ContactDetails.of(patient)
    portal.audit.record(viewer.account.actor, "demographics-viewed", patient_id=patient.id, clinic_id=patient.clinic_id)
    pending = portal.demographics.pending_for(patient)
    return render_template(
        "profile/profile.html",
        patient=patient,
        on_record=on_record,
        pending=pending,
        values=values if values is not None else on_record.as_dict(),
        errors=errors,
    )


# --- enrollment stopped as a possible duplicate (DEM-04) ---------------------------------------
@bp.get("/sign-up/on-hold")
def enrollment_on_hold() -> str:
    """Says nothing about which detail matched or whose account it is."""
    return render_template("profile/enrollment_on_hold.html")


# --- language (DEM-03) -------------------------------------------------------------------------
@bp.post("/language")
def change_language() -> Response:
    """Remember the language in a cookie and, when signed in, on the account; back to the page."""
    language = supported(request.form.get("language"))
    back = request.form.get("next", "")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = url_for("public.landing")
    response = redirect(back)
    if language is None:
        return response
    viewer = current_viewer()
    if viewer is not None:
        current_portal().languages.choose(viewer.account, language)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=LANGUAGE_COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response
