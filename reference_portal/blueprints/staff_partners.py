"""Staff console administration of partner organisations and their MOUs (administrator role),
under /staff/partners: organisations of the administrator's clinic, their MOUs (dates,
permitted functions, site administrator), attributed patients, and deactivation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.partners import (
    FUNCTION_LABELS,
    PARTNER_FUNCTIONS,
    Mou,
    MouTerms,
    NewPartnerUser,
    Organization,
    OrganizationKind,
)
from reference_portal.services.staff import StaffRole
from reference_portal.services.validation import parse_iso_date
from reference_portal.staff_access import StaffViewer, current_staff, staff_required

bp = Blueprint("staff_partners", __name__, url_prefix="/staff/partners")

KIND_OPTIONS = [(kind.value, kind.label) for kind in OrganizationKind]
FUNCTION_OPTIONS = [(function.value, FUNCTION_LABELS[function]) for function in PARTNER_FUNCTIONS]
ADMIN_FIELDS = ("admin_first_name", "admin_last_name", "admin_username", "admin_email", "admin_password")


@bp.errorhandler(404)
def _not_found(_error: Exception) -> tuple[str, int]:
    return render_template("staff/not_found.html"), 404


def _viewer() -> StaffViewer:
    viewer = current_staff()
    assert viewer is not None  # staff_required ran first
    if viewer.member.role is not StaffRole.ADMINISTRATOR:
        abort(404)
    return viewer


def _actor() -> str:
    return _viewer().member.actor


# --- organisations ---------------------------------------------------------------------------
@bp.get("")
@staff_required
def organizations() -> str:
    return _organizations_page(FormErrors(), {})


@bp.post("")
@staff_required
def add_organization() -> Response | str:
    viewer = _viewer()
    values = {"name": request.form.get("name", "").strip(), "kind": request.form.get("kind", "")}
    try:
        created = current_portal().partners.create_organization(
            values["name"], viewer.clinic, values["kind"], actor=viewer.member.actor
        )
    except RefusedError as refused:
        return _organizations_page(FormErrors(refused.problems), values)
    return redirect(url_for(".organization", organization_id=created.public_id))


def _organizations_page(errors: FormErrors, values: dict[str, str]) -> str:
    viewer = _viewer()
    partners = current_portal().partners
    rows = [(found, partners.current_mou(found)) for found in partners.organizations(viewer.clinic)]
    return render_template(
        "staff/partners/organizations.html", rows=rows, errors=errors, values=values, kind_options=KIND_OPTIONS
    )


@bp.get("/<organization_id>")
@staff_required
def organization(organization_id: str) -> str:
    return _organization_page(_organization(organization_id), FormErrors(), {}, [])


@bp.post("/<organization_id>/mous")
@staff_required
def add_mou(organization_id: str) -> Response | str:
    found = _organization(organization_id)
    values = {name: request.form.get(name, "").strip() for name in ("starts_on", "ends_on", *ADMIN_FIELDS)}
    values["admin_password"] = request.form.get("admin_password", "")
    chosen = request.form.getlist("functions")
    administrator = None
    if any(values[name] for name in ADMIN_FIELDS):
        administrator = NewPartnerUser(
            values["admin_first_name"],
            values["admin_last_name"],
            values["admin_username"],
            values["admin_password"],
            values["admin_email"],
        )
    try:
        mou = current_portal().partners.create_mou(
            found, _terms(values, chosen), site_administrator=administrator, actor=_actor()
        )
    except RefusedError as refused:
        return _organization_page(found, FormErrors(_admin_fields(refused.problems)), values, chosen)
    flash(messages.MOU_SAVED, "status")
    return redirect(url_for(".mou", mou_id=mou.public_id))


@bp.post("/<organization_id>/deactivate")
@staff_required
def deactivate(organization_id: str) -> Response:
    found = _organization(organization_id)
    current_portal().partners.deactivate(found, actor=_actor())
    flash(messages.PARTNER_ORGANIZATION_DEACTIVATED, "status")
    return redirect(url_for(".organization", organization_id=found.public_id))


def _organization_page(found: Organization, errors: FormErrors, values: dict[str, str], chosen: list[str]) -> str:
    partners = current_portal().partners
    today = partners.today_for(found)
    mous = [(mou, partners.mou_in_force(mou, today), len(partners.attributions(mou))) for mou in partners.mous(found)]
    return render_template(
        "staff/partners/organization.html",
        organization=found,
        mous=mous,
        users=[(user, partners.account_of(user)) for user in partners.users(found)],
        labels=FUNCTION_LABELS,
        function_options=FUNCTION_OPTIONS,
        errors=errors,
        values=values,
        chosen=chosen,
    )


# --- one MOU ---------------------------------------------------------------------------------
@bp.get("/mous/<mou_id>")
@staff_required
def mou(mou_id: str) -> str:
    found = _mou(mou_id)
    return _mou_page(found, FormErrors(), {}, [f.value for f in found.functions], FormErrors(), "")


@bp.post("/mous/<mou_id>")
@staff_required
def save_mou(mou_id: str) -> Response | str:
    found = _mou(mou_id)
    values = {name: request.form.get(name, "").strip() for name in ("starts_on", "ends_on")}
    chosen = request.form.getlist("functions")
    terms = _terms(values, chosen, keep=found)
    try:
        current_portal().partners.update_mou(found, terms, actor=_actor())
    except RefusedError as refused:
        return _mou_page(found, FormErrors(refused.problems), values, chosen, FormErrors(), "")
    flash(messages.MOU_SAVED, "status")
    return redirect(url_for(".mou", mou_id=found.public_id))


@bp.post("/mous/<mou_id>/attributions")
@staff_required
def attribute(mou_id: str) -> Response | str:
    found = _mou(mou_id)
    portal = current_portal()
    mrn = request.form.get("mrn", "").strip()
    patient = portal.patients.find_by_mrn(mrn) if mrn else None
    organization = portal.partners.organization_by_id(found.organization_id)
    if patient is None or patient.clinic_id != organization.clinic_id:
        errors = FormErrors([Problem(messages.PARTNER_PATIENT_NOT_FOUND, "mrn")])
        return _mou_page(found, FormErrors(), {}, [f.value for f in found.functions], errors, mrn)
    portal.partners.attribute(found, patient, actor=_actor())
    flash(messages.PATIENT_ATTRIBUTED, "status")
    return redirect(url_for(".mou", mou_id=found.public_id))


@bp.post("/mous/<mou_id>/attributions/<patient_id>/remove")
@staff_required
def remove_attribution(mou_id: str, patient_id: str) -> Response:
    found = _mou(mou_id)
    portal = current_portal()
    try:
        portal.partners.remove_attribution(found, portal.patients.get(patient_id), actor=_actor())
    except NotFoundError:
        abort(404)
    flash(messages.ATTRIBUTION_REMOVED, "status")
    return redirect(url_for(".mou", mou_id=found.public_id))


def _mou_page(  # noqa: PLR0917 (the page's two forms, each with its values and errors)
    found: Mou,
    errors: FormErrors,
    values: dict[str, str],
    chosen: list[str],
    attribution_errors: FormErrors,
    mrn: str,
) -> str:
    partners = current_portal().partners
    organization = partners.organization_by_id(found.organization_id)
    administrator = partners.user_by_id(found.site_administrator_id) if found.site_administrator_id else None
    return render_template(
        "staff/partners/mou.html",
        mou=found,
        organization=organization,
        administrator=administrator,
        in_force=partners.mou_in_force(found, partners.today_for(organization)),
        attributions=partners.attributions(found),
        function_options=FUNCTION_OPTIONS,
        errors=errors or attribution_errors,
        form_errors=errors,
        attribution_errors=attribution_errors,
        values={"starts_on": found.starts_on.isoformat(), "ends_on": found.ends_on.isoformat(), **values},
        chosen=chosen,
        mrn=mrn,
    )


# --- helpers ---------------------------------------------------------------------------------
def _organization(organization_id: str) -> Organization:
    viewer = _viewer()
    try:
        found = current_portal().partners.organization(organization_id)
    except NotFoundError:
        abort(404)
    if found.clinic_id != viewer.clinic.id:
        abort(404)
    return found


def _mou(mou_id: str) -> Mou:
    viewer = _viewer()
    partners = current_portal().partners
    try:
        found = partners.mou(mou_id)
    except NotFoundError:
        abort(404)
    if partners.organization_by_id(found.organization_id).clinic_id != viewer.clinic.id:
        abort(404)
    return found


def _terms(values: dict[str, str], chosen: list[str], keep: Mou | None = None) -> MouTerms:
    categories = tuple(sorted(c.value for c in keep.sensitive_categories)) if keep else ()
    return MouTerms(
        parse_iso_date(values.get("starts_on", "")),
        parse_iso_date(values.get("ends_on", "")),
        tuple(chosen),
        categories,
    )


def _admin_fields(problems: tuple[Problem, ...]) -> list[Problem]:
    """The site administrator's account problems belong to the admin_* fields of this form."""
    renamed = {"first_name", "last_name", "username", "email", "password", "confirm_password"}
    return [
        Problem(problem.message, f"admin_{problem.field}" if problem.field in renamed else problem.field, problem.kind)
        for problem in problems
        if problem.field != "confirm_password"
    ]
