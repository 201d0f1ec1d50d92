"""Admin API for partner organisations under an MOU (PRX-09, PRX-10), as JSON (bearer token).

POST   /api/admin/partner-organizations                  {"name", "clinic_id", "kind"}
GET    /api/admin/partner-organizations/<id>
POST   /api/admin/partner-organizations/<id>/deactivate
POST   /api/admin/mous                                   {"organization_id", "starts_on", "ends_on",
                                                          "functions": [...], "sensitive_categories"?: [...],
                                                          "site_administrator"?: {"first_name", "last_name",
                                                          "username", "password", "email"}}
GET    /api/admin/mous/<id>
PUT    /api/admin/mous/<id>                              {"starts_on", "ends_on", "functions", "sensitive_categories"?}
POST   /api/admin/partner-users                          {"organization_id", "first_name", "last_name",
                                                          "username", "password", "email"}
GET    /api/admin/partner-users/<id>
GET    /api/admin/mous/<id>/attributions
POST   /api/admin/mous/<id>/attributions                 {"patient_id"}
DELETE /api/admin/mous/<id>/attributions/<patient_id>

Ids in and out are opaque public ids; dates are YYYY-MM-DD in the organisation's clinic time zone
(the end date is the MOU's last valid day). Every change is audited with the actor "admin-api".
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from reference_portal.blueprints.json_api import install_error_handlers, json_body, protect_with_admin_token
from reference_portal.portal import Portal, current_portal
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.partners import Mou, MouTerms, NewPartnerUser, Organization, PartnerUser
from reference_portal.services.validation import parse_iso_date
from reference_portal.timestamps import to_iso

bp = Blueprint("admin_partner_api", __name__, url_prefix="/api/admin")
protect_with_admin_token(bp)
install_error_handlers(bp)

ACTOR = "admin-api"


# --- organisations ---------------------------------------------------------------------------
@bp.post("/partner-organizations")
def create_organization() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    clinic_id = _text(body, "clinic_id")
    try:
        clinic = portal.clinics.get(clinic_id)
    except NotFoundError:
        raise RefusedError.because(f"No clinic with id {clinic_id}.", "clinic_id") from None
    organization = portal.partners.create_organization(
        _optional_text(body, "name"), clinic, _optional_text(body, "kind"), actor=ACTOR
    )
    return jsonify(organization_json(portal, organization)), 201


@bp.get("/partner-organizations/<organization_id>")
def get_organization(organization_id: str) -> Response:
    portal = current_portal()
    return jsonify(organization_json(portal, portal.partners.organization(organization_id)))


@bp.post("/partner-organizations/<organization_id>/deactivate")
def deactivate_organization(organization_id: str) -> Response:
    portal = current_portal()
    organization = portal.partners.deactivate(portal.partners.organization(organization_id), actor=ACTOR)
    return jsonify(organization_json(portal, organization))


# --- MOUs ------------------------------------------------------------------------------------
@bp.post("/mous")
def create_mou() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    organization = _organization_from(portal, body)
    administrator = body.get("site_administrator")
    if administrator is not None and not isinstance(administrator, dict):
        raise RefusedError.because("site_administrator must be an object.", "site_administrator")
    mou = portal.partners.create_mou(
        organization,
        _terms(body),
        site_administrator=_new_user(administrator) if administrator else None,
        actor=ACTOR,
    )
    return jsonify(mou_json(portal, mou)), 201


@bp.get("/mous/<mou_id>")
def get_mou(mou_id: str) -> Response:
    portal = current_portal()
    return jsonify(mou_json(portal, portal.partners.mou(mou_id)))


@bp.put("/mous/<mou_id>")
def update_mou(mou_id: str) -> Response:
    portal = current_portal()
    mou = portal.partners.update_mou(portal.partners.mou(mou_id), _terms(json_body()), actor=ACTOR)
    return jsonify(mou_json(portal, mou))


# --- partner users ---------------------------------------------------------------------------
@bp.post("/partner-users")
def create_user() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    organization = _organization_from(portal, body)
    user = portal.partners.create_user(organization, _new_user(body), actor=ACTOR)
    return jsonify(user_json(portal, user)), 201


@bp.get("/partner-users/<user_id>")
def get_user(user_id: str) -> Response:
    portal = current_portal()
    return jsonify(user_json(portal, portal.partners.user(user_id)))


# --- attribution -----------------------------------------------------------------------------
@bp.get("/mous/<mou_id>/attributions")
def list_attributions(mou_id: str) -> Response:
    portal = current_portal()
    mou = portal.partners.mou(mou_id)
    return jsonify({"mou_id": mou.public_id, "attributions": _attributions(portal, mou)})


@bp.post("/mous/<mou_id>/attributions")
def attribute(mou_id: str) -> tuple[Response, int]:
    portal = current_portal()
    mou = portal.partners.mou(mou_id)
    patient_id = _text(json_body(), "patient_id")
    try:
        patient = portal.patients.get(patient_id)
    except NotFoundError:
        raise RefusedError.because(f"No patient with id {patient_id}.", "patient_id") from None
    portal.partners.attribute(mou, patient, actor=ACTOR)
    return jsonify({"mou_id": mou.public_id, "attributions": _attributions(portal, mou)}), 201


@bp.delete("/mous/<mou_id>/attributions/<patient_id>")
def remove_attribution(mou_id: str, patient_id: str) -> Response:
    portal = current_portal()
    mou = portal.partners.mou(mou_id)
    portal.partners.remove_attribution(mou, portal.patients.get(patient_id), actor=ACTOR)
    return jsonify({"mou_id": mou.public_id, "attributions": _attributions(portal, mou)})


# --- JSON shapes -----------------------------------------------------------------------------
def organization_json(portal: Portal, organization: Organization) -> dict[str, Any]:
    partners = portal.partners
    current = partners.current_mou(organization)
    return {
        "id": organization.public_id,
        "name": organization.name,
        "clinic_id": portal.clinics.by_id(organization.clinic_id).public_id,
        "kind": organization.kind.value,
        "created_at": to_iso(organization.created_at),
        "active": not organization.deactivated,
        "deactivated_at": to_iso(organization.deactivated_at) if organization.deactivated_at else None,
        "today": partners.today_for(organization).isoformat(),
        "current_mou_id": current.public_id if current else None,
        "mou_ids": [mou.public_id for mou in partners.mous(organization)],
        "user_ids": [user.public_id for user in partners.users(organization)],
    }


def mou_json(portal: Portal, mou: Mou) -> dict[str, Any]:
    partners = portal.partners
    organization = partners.organization_by_id(mou.organization_id)
    administrator = partners.user_by_id(mou.site_administrator_id) if mou.site_administrator_id else None
    return {
        "id": mou.public_id,
        "organization_id": organization.public_id,
        "starts_on": mou.starts_on.isoformat(),
        "ends_on": mou.ends_on.isoformat(),
        "functions": sorted(function.value for function in mou.functions),
        "sensitive_categories": sorted(category.value for category in mou.sensitive_categories),
        "site_administrator": user_json(portal, administrator) if administrator else None,
        "in_force": partners.mou_in_force(mou, partners.today_for(organization)),
        "patient_ids": [attribution.patient.public_id for attribution in partners.attributions(mou)],
    }


def user_json(portal: Portal, user: PartnerUser) -> dict[str, Any]:
    account = portal.partners.account_of(user)
    return {
        "id": user.public_id,
        "organization_id": portal.partners.organization_by_id(user.organization_id).public_id,
        "account_id": account.public_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": account.username,
        "email": account.email,
        "locked": account.locked,
    }


def _attributions(portal: Portal, mou: Mou) -> list[dict[str, Any]]:
    return [
        {"patient_id": item.patient.public_id, "attributed_at": to_iso(item.attributed_at)}
        for item in portal.partners.attributions(mou)
    ]


# --- body fields -----------------------------------------------------------------------------
def _organization_from(portal: Portal, body: dict[str, Any]) -> Organization:
    organization_id = _text(body, "organization_id")
    try:
        return portal.partners.organization(organization_id)
    except NotFoundError:
        raise RefusedError.because(f"No partner organization with id {organization_id}.", "organization_id") from None


def _terms(body: dict[str, Any]) -> MouTerms:
    problems: list[Problem] = []
    starts_on = parse_iso_date(str(body.get("starts_on") or ""))
    ends_on = parse_iso_date(str(body.get("ends_on") or ""))
    functions = body.get("functions")
    categories = body.get("sensitive_categories", [])
    if not isinstance(functions, list) or not all(isinstance(name, str) for name in functions):
        problems.append(Problem("functions must be a list of function names.", "functions"))
        functions = []
    if not isinstance(categories, list) or not all(isinstance(name, str) for name in categories):
        problems.append(Problem("sensitive_categories must be a list of category names.", "sensitive_categories"))
        categories = []
    if problems:
        raise RefusedError(*problems)
    return MouTerms(starts_on, ends_on, tuple(functions), tuple(categories))


def _new_user(body: dict[str, Any]) -> NewPartnerUser:
    return NewPartnerUser(
        first_name=_optional_text(body, "first_name"),
        last_name=_optional_text(body, "last_name"),
        username=_optional_text(body, "username"),
        password=_password(body),
        email=_optional_text(body, "email"),
    )


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RefusedError.because(f"{name} is required.", name)
    return value.strip()


def _optional_text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    return value.strip() if isinstance(value, str) else ""


def _password(body: dict[str, Any]) -> str:
    value = body.get("password")
    return value if isinstance(value, str) else ""
