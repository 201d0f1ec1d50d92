"""Admin API for proxy access: what staff do at the desk, as JSON (bearer-token protected).

POST /api/admin/proxies                           register a parent, adult proxy or legal guardian
GET  /api/admin/proxies/<id>                      one relationship, evaluated now
POST /api/admin/proxies/<id>/revoke               end it (staff; a patient revokes on /sharing)
POST /api/admin/proxies/<id>/part2-consent        {"given": bool}: 42 CFR Part 2 consent on file
POST /api/admin/proxies/<id>/adolescent-consent   {"full_access": bool}: a 12-17-year-old's consent form
GET  /api/admin/patients/<id>/proxies             who can act in this patient's record
GET  /api/admin/accounts/<id>/proxies             whose records this account acts in
POST /api/admin/proxy-codes                       a proxy code for a child: {"patient_id", "relationship"}
POST /api/admin/proxy-enrollments                 a parent enrolls at the desk with a proxy code

Ids in and out are opaque public ids; the rules are the services' (proxies, proxy_codes).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify

from reference_portal.blueprints.json_api import install_error_handlers, json_body, protect_with_admin_token
from reference_portal.portal import Portal, current_portal
from reference_portal.services.accounts import Account, NewAccount
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.permissions import Relationship
from reference_portal.services.proxies import ProxyListing, ProxyPerson
from reference_portal.services.proxy_codes import IssuedProxyCode, NewProxyAccount
from reference_portal.services.validation import looks_like_email, parse_iso_date
from reference_portal.timestamps import from_iso, to_iso

bp = Blueprint("admin_proxy_api", __name__, url_prefix="/api/admin")
protect_with_admin_token(bp)
install_error_handlers(bp)

ACTOR = "admin-api"


@bp.post("/proxies")
def create_proxy() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    patient = portal.patients.get(_text(body, "patient_id"))
    kind = _relationship(body)
    account_id = _optional_text(body, "proxy_account_id")
    account = _account(portal, account_id) if account_id else None
    person = None if account else _person(body.get("proxy"))
    relationship = portal.proxies.create(
        patient,
        kind,
        actor=ACTOR,
        proxy_account=account,
        person=person,
        expires_at=_optional_instant(body, "expires_at"),
        part2_consent=_flag(body, "part2_consent"),
    )
    shape = _proxy_json(portal, portal.proxies.listing(relationship))
    if account is None:  # the person enrolls with this code (it completes this relationship)
        issued = portal.proxy_codes.issue(patient, kind, actor=ACTOR, pending=relationship)
        shape["proxy_code"] = _code_json(issued)
    return jsonify(shape), 201


@bp.get("/proxies/<proxy_id>")
def get_proxy(proxy_id: str) -> Response:
    portal = current_portal()
    return jsonify(_proxy_json(portal, portal.proxies.listing(portal.proxies.get(proxy_id))))


@bp.post("/proxies/<proxy_id>/revoke")
def revoke_proxy(proxy_id: str) -> Response:
    portal = current_portal()
    revoked = portal.proxies.revoke(portal.proxies.get(proxy_id), actor=ACTOR)
    return jsonify(_proxy_json(portal, portal.proxies.listing(revoked)))


@bp.post("/proxies/<proxy_id>/part2-consent")
def part2_consent(proxy_id: str) -> Response:
    portal = current_portal()
    given = _required_flag(json_body(), "given")
    changed = portal.proxies.set_part2_consent(portal.proxies.get(proxy_id), given, actor=ACTOR)
    return jsonify(_proxy_json(portal, portal.proxies.listing(changed)))


@bp.post("/proxies/<proxy_id>/adolescent-consent")
def adolescent_consent(proxy_id: str) -> Response:
    """Staff record a 12-17-year-old's signed consent form (the teen can also do it on /sharing)."""
    portal = current_portal()
    full_access = _required_flag(json_body(), "full_access")
    relationship = portal.proxies.get(proxy_id)
    patient = portal.patients.by_id(relationship.patient_id)
    changed = portal.proxies.set_adolescent_full_access(patient, proxy_id, full_access, actor=ACTOR)
    return jsonify(_proxy_json(portal, portal.proxies.listing(changed)))


@bp.get("/patients/<patient_id>/proxies")
def proxies_of_patient(patient_id: str) -> Response:
    portal = current_portal()
    listings = portal.proxies.proxies_of(portal.patients.get(patient_id))
    return jsonify(proxies=[_proxy_json(portal, listing) for listing in listings])


@bp.get("/accounts/<account_id>/proxies")
def proxies_of_account(account_id: str) -> Response:
    portal = current_portal()
    listings = portal.proxies.records_of(portal.accounts.get(account_id))
    return jsonify(proxies=[_proxy_json(portal, listing) for listing in listings])


@bp.post("/proxy-codes")
def issue_proxy_code() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    patient = portal.patients.get(_text(body, "patient_id"))
    issued = portal.proxy_codes.issue(patient, _relationship(body, default=Relationship.PARENT), actor=ACTOR)
    return jsonify({**_code_json(issued), "patient_id": patient.public_id}), 201


@bp.post("/proxy-enrollments")
def proxy_enrollment() -> tuple[Response, int]:
    """A parent enrolls at the desk: the same checks as /activate/proxy, in one call.

    With `account_id` the record is added to that existing account; otherwise a proxy-only
    account is created from first_name, last_name, username, email and password
    (`mfa_email_confirmed`, default true: staff checked the email address at the desk).
    """
    portal = current_portal()
    body = json_body()
    birth = parse_iso_date(_text(body, "date_of_birth"))
    if birth is None:
        raise RefusedError.because("date_of_birth (the patient's) must be YYYY-MM-DD.", "date_of_birth")
    code = portal.proxy_codes.verify_identity(_text(body, "code"), birth)
    account_id = _optional_text(body, "account_id")
    if account_id:
        account = _account(portal, account_id)
        portal.proxy_codes.redeem_for(account, code.public_id)
    else:
        password = _text(body, "password")
        form = NewProxyAccount(
            first_name=_text(body, "first_name"),
            last_name=_text(body, "last_name"),
            account=NewAccount(
                username=_text(body, "username"),
                email=_text(body, "email"),
                password=password,
                confirm_password=password,
            ),
        )
        confirmed = _flag(body, "mfa_email_confirmed", default=True)
        account = portal.proxy_codes.redeem_with_new_account(code.public_id, form, sign_in_codes_confirmed=confirmed)
    patient = portal.proxy_codes.patient_of(code)
    records = [item for item in portal.proxies.records_of(account) if item.patient.id == patient.id]
    return jsonify(
        account_id=account.public_id,
        username=account.username,
        patient_id=patient.public_id,
        proxy=_proxy_json(portal, records[-1]) if records else None,
    ), 201


# --- JSON shapes -----------------------------------------------------------------------------
def _proxy_json(portal: Portal, listing: ProxyListing) -> dict[str, Any]:
    relationship, access = listing.relationship, listing.access
    permissions = access.permissions

    def moment(value: Any) -> str | None:
        return to_iso(value) if value is not None else None

    return {
        "id": relationship.public_id,
        "patient_id": listing.patient.public_id,
        "proxy_account_id": listing.proxy_account.public_id if listing.proxy_account else None,
        "proxy_name": listing.proxy_name,
        "relationship": relationship.relationship.value,
        "status": access.state.value,
        "access_level": permissions.access_level if permissions else None,
        "functions": sorted(function.value for function in permissions.functions) if permissions else [],
        "sensitive_categories": sorted(category.value for category in permissions.sensitive_categories)
        if permissions
        else [],
        "patient_age": access.age,
        "adolescent_full_access": relationship.adolescent_granted_full_access,
        "part2_consent": relationship.part2_consent,
        "granted_by": relationship.granted_by,
        "created_at": moment(relationship.created_at),
        "expires_at": moment(relationship.expires_at),
        "renewed_at": moment(relationship.renewed_at),
        "revoked_at": moment(relationship.revoked_at),
        "ended_notice_sent_at": moment(relationship.ended_notice_sent_at),
    }


def _code_json(issued: IssuedProxyCode) -> dict[str, Any]:
    record = issued.record
    return {
        "id": record.public_id,
        "code": issued.code,
        "relationship": record.relationship.value,
        "issued_at": to_iso(record.issued_at),
        "expires_at": to_iso(record.expires_at),
    }


# --- body fields -----------------------------------------------------------------------------
def _relationship(body: dict[str, Any], default: Relationship | None = None) -> Relationship:
    value = body.get("relationship")
    if value is None and default is not None:
        return default
    text = value.strip().lower().replace("_", "-") if isinstance(value, str) else ""
    try:
        kind = Relationship(text)
    except ValueError:
        kind = Relationship.SELF
    if kind in (Relationship.SELF, Relationship.PARTNER):
        raise RefusedError.because("relationship must be parent, adult-proxy or guardian.", "relationship")
    return kind


def _account(portal: Portal, account_id: str) -> Account:
    try:
        return portal.accounts.get(account_id)
    except NotFoundError:
        raise RefusedError.because(f"No account with id {account_id}.", "proxy_account_id") from None


def _person(value: Any) -> ProxyPerson:
    if not isinstance(value, dict):
        raise RefusedError.because(
            "Give proxy_account_id, or proxy: {first_name, last_name, email} for a person without an account.",
            "proxy",
        )
    first, last, email = (value.get(name) for name in ("first_name", "last_name", "email"))
    if not isinstance(first, str) or not first.strip() or not isinstance(last, str) or not last.strip():
        raise RefusedError.because("proxy.first_name and proxy.last_name are required.", "proxy")
    if email is not None and (not isinstance(email, str) or not looks_like_email(email.strip())):
        raise RefusedError.because("proxy.email is not an email address.", "proxy")
    return ProxyPerson(first.strip(), last.strip(), email.strip() if isinstance(email, str) else None)


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RefusedError.because(f"{name} is required.", name)
    return value.strip()


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RefusedError.because(f"{name} must be a string.", name)
    return value.strip() or None


def _optional_instant(body: dict[str, Any], name: str) -> datetime | None:
    text = _optional_text(body, name)
    if text is None:
        return None
    try:
        return from_iso(text)
    except ValueError:
        raise RefusedError.because(f"{name} must be an ISO-8601 instant, like 2027-09-01T12:00:00Z.", name) from None


def _flag(body: dict[str, Any], name: str, *, default: bool = False) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise RefusedError.because(f"{name} must be true or false.", name)
    return value


def _required_flag(body: dict[str, Any], name: str) -> bool:
    if name not in body:
        raise RefusedError.because(f"{name} is required (true or false).", name)
    return _flag(body, name)
