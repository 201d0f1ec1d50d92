"""Proxy access pages: the "viewing <name>" banner and record switcher on every signed-in page,
the sharing page (an adult shares with another adult; an adolescent gives a parent full access),
and proxy enrollment with a proxy code (/activate/proxy).

Routes only call services: the rules are in services/proxies.py, proxy_policy.py, proxy_codes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, g, get_flashed_messages, redirect, render_template, request, session, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.access import Viewer, current_viewer, signed_in_required
from reference_portal.forms import FormErrors
from reference_portal.language import current_language
from reference_portal.portal import current_portal
from reference_portal.services.accounts import NewAccount
from reference_portal.services.activation import CodeState
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.i18n import translate
from reference_portal.services.permissions import Relationship
from reference_portal.services.proxies import ENDS_ON_FIELD, IDENTIFIER_FIELD, ProxyListing, RecordChoice, long_date
from reference_portal.services.proxy_codes import CODE_FIELD, NewProxyAccount
from reference_portal.services.proxy_policy import AccessState, AgeBand
from reference_portal.services.validation import parse_iso_date

bp = Blueprint("proxy", __name__)

PENDING_KEY = "pending_proxy_code"
BIRTH_FIELD = "patient_date_of_birth"
PROBLEM_CATEGORY = "proxy-code-problem"
FUNCTION_WORDS = {"messaging": "messages", "scheduling": "appointments", "health-summary": "health summary"}
RELATIONSHIP_LABELS = {
    Relationship.PARENT: "Parent",
    Relationship.ADULT_PROXY: "Adult proxy",
    Relationship.GUARDIAN: "Legal guardian",
}


# --- the banner and switcher (included by base.html on every signed-in page) ------------------
@dataclass(frozen=True)
class RecordBar:
    viewer: Viewer
    choices: list[RecordChoice]

    @property
    def viewing_someone_else(self) -> bool:
        return self.viewer.subject is not None and self.viewer.acting_for_someone_else

    @property
    def banner(self) -> str:
        subject = self.viewer.subject
        return messages.VIEWING_RECORD.format(name=subject.first_name) if subject else ""

    @property
    def banner_text(self) -> str:
        """The banner's wording before the name is filled in (translated with the name by the page)."""
        return messages.VIEWING_RECORD

    @property
    def access_level(self) -> str:
        return messages.ACCESS_LEVEL_LABELS.get(self.viewer.permissions.access_level, "")

    @staticmethod
    def label(choice: RecordChoice) -> str:
        if choice.own:
            return "Your own record"
        demographics = choice.patient.demographics
        return f"{demographics.first_name} {demographics.last_name}"


@bp.app_context_processor
def record_bar_helper() -> dict[str, Any]:
    return {"record_bar": _record_bar}


def _record_bar() -> RecordBar | None:
    """Once per rendered page: the banner when viewing someone else's record, and the switcher."""
    if "record_bar" not in g:
        viewer = current_viewer()
        g.record_bar = (
            RecordBar(viewer, current_portal().proxies.record_choices(viewer.account)) if viewer is not None else None
        )
    bar = g.record_bar
    return bar if isinstance(bar, RecordBar) else None


@bp.post("/proxy/switch")
@signed_in_required
def switch() -> Response:
    viewer = current_viewer()
    assert viewer is not None
    try:
        current_portal().proxies.switch(
            viewer.session.id, viewer.account, viewer.patient, request.form.get("subject", "")
        )
    except RefusedError as refused:
        for problem in refused.problems:
            flash(problem.message, "status")
    return redirect(url_for("home.home"))


# --- sharing: the patient decides who else sees their record -------------------------------------
@bp.get("/sharing")
@signed_in_required
def sharing() -> str:
    return _sharing_page(FormErrors(), {})


@bp.post("/sharing")
@signed_in_required
def share() -> Response | str:
    viewer = _viewer()
    proxies = current_portal().proxies
    if viewer.patient is None or proxies.band_of(viewer.patient) is not AgeBand.ADULT:
        flash(messages.SHARE_MINOR, "status")  # the page offers them no form: say why, not which field
        return redirect(url_for(".sharing"))
    identifier = request.form.get(IDENTIFIER_FIELD, "").strip()
    ends_text = request.form.get(ENDS_ON_FIELD, "").strip()
    part2 = request.form.get("part2_consent") == "yes"
    values = {IDENTIFIER_FIELD: identifier, ENDS_ON_FIELD: ends_text, "part2_consent": "yes" if part2 else ""}
    ends_on = parse_iso_date(ends_text) if ends_text else None
    errors = FormErrors()
    if not identifier:
        errors.add(IDENTIFIER_FIELD, messages.SHARE_IDENTIFIER_MISSING)
    if ends_text and ends_on is None:
        errors.add(ENDS_ON_FIELD, messages.SHARE_ENDS_ON_INVALID)
    if not errors:
        try:
            relationship = proxies.share(viewer.account, viewer.patient, identifier, ends_on, part2_consent=part2)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
        else:
            listing = proxies.listing(relationship)
            flash(_said(messages.SHARED, name=listing.proxy_name, until=_until(listing)), "status")
            return redirect(url_for(".sharing"))
    return _sharing_page(errors, values)


@bp.post("/sharing/<proxy_id>/renew")
@signed_in_required
def renew(proxy_id: str) -> Response:
    return _change(proxy_id, "renew")


@bp.post("/sharing/<proxy_id>/revoke")
@signed_in_required
def revoke(proxy_id: str) -> Response:
    return _change(proxy_id, "revoke")


@bp.post("/sharing/<proxy_id>/full-access")
@signed_in_required
def grant_full_access(proxy_id: str) -> Response:
    return _change(proxy_id, "grant-full")


@bp.post("/sharing/<proxy_id>/limited-access")
@signed_in_required
def revoke_full_access(proxy_id: str) -> Response:
    return _change(proxy_id, "revoke-full")


def _change(proxy_id: str, action: str) -> Response:
    viewer = _viewer()
    if viewer.patient is None:
        return redirect(url_for(".sharing"))
    proxies = current_portal().proxies
    patient, actor = viewer.patient, viewer.account.actor
    try:
        if action == "renew":
            changed = proxies.renew(patient, proxy_id, actor=actor)
            template = messages.RENEWED
        elif action == "revoke":
            changed = proxies.revoke_by_patient(patient, proxy_id, actor=actor)
            template = messages.REVOKED
        else:
            granted = action == "grant-full"
            changed = proxies.set_adolescent_full_access(patient, proxy_id, granted, actor=actor)
            template = messages.FULL_ACCESS_GRANTED if granted else messages.FULL_ACCESS_REVOKED
    except RefusedError as refused:
        for problem in refused.problems:
            flash(problem.message, "status")
        return redirect(url_for(".sharing"))
    listing = proxies.listing(changed)
    flash(_said(template, name=listing.proxy_name, until=_until(listing)), "status")
    return redirect(url_for(".sharing"))


def _sharing_page(errors: FormErrors, values: dict[str, str]) -> str:
    viewer = _viewer()
    proxies = current_portal().proxies
    own = viewer.patient
    listings = [item for item in proxies.proxies_of(own) if _shown(item)] if own else []
    band = proxies.band_of(own) if own else None
    settings = current_portal().settings
    return render_template(
        "proxy/sharing.html",
        errors=errors,
        values=values,
        own=own,
        band=band.value if band else None,
        listings=listings,
        latest=long_date(proxies.latest_expiry(own)) if own else "",
        latest_iso=proxies.latest_expiry(own).isoformat() if own else "",
        months=settings.adult_proxy_lifetime_months,
        limited_from_age=settings.proxy_full_access_max_age + 1,
        limited_parts=_in_words(settings.proxy_limited_access_functions),
        describe=_describe,
    )


def _in_words(functions: tuple[str, ...]) -> str:
    """("messaging", "scheduling", "allergies") -> "messages, appointments and allergies"."""
    lang = current_language()
    words = [translate(FUNCTION_WORDS.get(name, name.replace("-", " ")), lang) for name in functions]
    and_ = f" {translate('and', lang)} "
    return and_.join(words) if len(words) < 3 else ", ".join(words[:-1]) + and_ + words[-1]


def _said(template: str, **values: str) -> str:
    """A status message with values, in the page's language (plain text: the page escapes it)."""
    return translate(template, current_language()).format(**values)


def _shown(item: ProxyListing) -> bool:
    """Revoked and ended relationships drop off the list; an expired adult proxy stays, to renew."""
    return item.access.state not in (AccessState.REVOKED, AccessState.ENDED)


def _describe(item: ProxyListing) -> dict[str, Any]:
    access = item.access
    if access.state is AccessState.EXPIRED:
        level = "Expired"
    elif access.state is AccessState.PENDING:
        level = "Not enrolled yet"
    elif access.permissions is not None and access.permissions.access_level == "limited":
        level = "Limited access"
    else:
        level = "Full access"
    relationship = item.relationship
    return {
        "id": relationship.public_id,
        "name": item.proxy_name,
        "relationship": RELATIONSHIP_LABELS.get(relationship.relationship, relationship.relationship.value),
        "level": level,
        "until": _until(item),
        "adult_proxy": relationship.relationship is Relationship.ADULT_PROXY,
        "full_by_adolescent": relationship.adolescent_granted_full_access,
        "adolescent_can_change": relationship.relationship in (Relationship.PARENT, Relationship.GUARDIAN)
        and access.band is AgeBand.ADOLESCENT,
    }


def _until(item: ProxyListing) -> str:
    expires_at = item.relationship.expires_at
    if expires_at is None:
        return ""
    return long_date(current_portal().proxies.local_date(item.patient, expires_at))


def _viewer() -> Viewer:
    viewer = current_viewer()
    assert viewer is not None  # the routes are @signed_in_required
    return viewer


# --- proxy enrollment with a proxy code (ENR-06) ---------------------------------------------------
@bp.get("/activate/proxy")
def activate() -> str:
    errors = FormErrors(Problem(message, CODE_FIELD) for message in _flashed_problems())
    return render_template("proxy/activate.html", errors=errors, values={}, expired=False)


@bp.post("/activate/proxy")
def check_code() -> Response | tuple[str, int]:
    code_text = request.form.get(CODE_FIELD, "").strip()
    birth_text = request.form.get(BIRTH_FIELD, "").strip()
    errors = FormErrors()
    if not code_text:
        errors.add(CODE_FIELD, messages.PROXY_CODE_MISSING)
    birth = parse_iso_date(birth_text)
    if not birth_text:
        errors.add(BIRTH_FIELD, messages.PATIENT_BIRTH_DATE_MISSING)
    elif birth is None:
        errors.add(BIRTH_FIELD, messages.PATIENT_BIRTH_DATE_INVALID)
    expired = False
    if not errors and birth is not None:
        codes = current_portal().proxy_codes
        try:
            code = codes.verify_identity(code_text, birth)
            viewer = current_viewer()
            if viewer is not None:
                codes.redeem_for(viewer.account, code.public_id)
                flash(_said(messages.PROXY_ATTACHED, name=codes.patient_of(code).first_name), "status")
                return redirect(url_for("home.home"))
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
            expired = refused.has(CodeState.EXPIRED.value)
        else:
            session[PENDING_KEY] = code.public_id
            return redirect(url_for(".create_account"))
    values = {CODE_FIELD: code_text, BIRTH_FIELD: birth_text}
    return render_template("proxy/activate.html", errors=errors, values=values, expired=expired), 200


@bp.get("/activate/proxy/account")
def create_account() -> Response | str:
    pending = _pending_code_id()
    if pending is None:
        return redirect(url_for(".activate"))
    codes = current_portal().proxy_codes
    try:
        code = codes.usable(pending)
    except (RefusedError, NotFoundError) as problem:
        return _back_to_step_one(problem)
    patient = codes.patient_of(code)
    return render_template("proxy/account.html", errors=FormErrors(), values={}, patient_first_name=patient.first_name)


@bp.post("/activate/proxy/account")
def save_account() -> Response | tuple[str, int]:
    pending = _pending_code_id()
    if pending is None:
        return redirect(url_for(".activate"))
    form = NewProxyAccount(
        first_name=request.form.get("first_name", ""),
        last_name=request.form.get("last_name", ""),
        account=NewAccount(
            username=request.form.get("username", ""),
            email=request.form.get("email", ""),
            password=request.form.get("password", ""),
            confirm_password=request.form.get("confirm_password", ""),
        ),
    )
    codes = current_portal().proxy_codes
    try:
        codes.redeem_with_new_account(pending, form)
    except NotFoundError as missing:
        return _back_to_step_one(missing)
    except RefusedError as refused:
        if any(problem.field == CODE_FIELD for problem in refused.problems):
            return _back_to_step_one(refused)
        values = {
            "first_name": form.first_name.strip(),
            "last_name": form.last_name.strip(),
            "username": form.account.username.strip(),
            "email": form.account.email.strip(),
        }
        patient = codes.patient_of(codes.get(pending))
        page = render_template(
            "proxy/account.html",
            errors=FormErrors(refused.problems),
            values=values,
            patient_first_name=patient.first_name,
        )
        return page, 200
    session.pop(PENDING_KEY, None)
    flash(messages.ACCOUNT_READY, "status")
    return redirect(url_for("auth.sign_in"))


def _pending_code_id() -> str | None:
    pending = session.get(PENDING_KEY)
    return pending if isinstance(pending, str) else None


def _flashed_problems() -> list[str]:
    return [str(message) for message in get_flashed_messages(category_filter=[PROBLEM_CATEGORY])]


def _back_to_step_one(problem: RefusedError | NotFoundError) -> Response:
    session.pop(PENDING_KEY, None)
    if isinstance(problem, RefusedError):
        for item in problem.problems:
            flash(item.message, PROBLEM_CATEGORY)
    return redirect(url_for(".activate"))
