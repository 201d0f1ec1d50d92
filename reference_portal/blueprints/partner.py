"""The partner users' side under /partner (PRX-09, PRX-10): sign-in, the attributed patients,
and one patient's record with only the functions the MOU permits.

Partner users have their own session cookie (`partner_session`) on the patients' session table,
so idle and absolute timeouts, lockout and sign-out are the patients'. Every request checks the
organisation's access afresh: after the MOU's last day or a deactivation the next request ends
the session and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.accounts import Account
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.partners import Organization, PartnerPatient, PartnerUser
from reference_portal.services.permissions import Function
from reference_portal.services.sessions import ActiveSession, EndedSession, SessionEnd

bp = Blueprint("partner", __name__, url_prefix="/partner")

PARTNER_SESSION_COOKIE = "partner_session"


@dataclass(frozen=True)
class PartnerViewer:
    session: ActiveSession
    account: Account
    user: PartnerUser
    organization: Organization


def current_partner() -> PartnerViewer | None:
    """Resolved once per request; an ended session, or an organisation whose access ended, is nobody."""
    if "partner_viewer" not in g:
        g.partner_viewer = _resolve()
    viewer = g.partner_viewer
    return viewer if isinstance(viewer, PartnerViewer) else None


def _resolve() -> PartnerViewer | None:
    token = request.cookies.get(PARTNER_SESSION_COOKIE)
    if not token:
        return None
    portal = current_portal()
    state = portal.sessions.resume(token)
    if not isinstance(state, ActiveSession):
        g.partner_cookie_stale = True
        if isinstance(state, EndedSession) and state.reason is not SessionEnd.SIGNED_OUT:
            g.partner_session_ended = True
        return None
    user = portal.partners.user_for_account(state.account)
    if user is None:  # a patient's session token: not a partner session
        g.partner_cookie_stale = True
        return None
    ended = portal.partners.access_end(user)
    if ended is not None:  # the MOU ended or the organisation was deactivated mid-session
        portal.partners.record_refusal(user, ended)
        portal.sessions.sign_out(state)
        g.partner_cookie_stale = True
        g.partner_access_ended = True
        return None
    return PartnerViewer(state, state.account, user, portal.partners.organization_by_id(user.organization_id))


@bp.app_context_processor
def _partner_globals() -> dict[str, object]:
    return {"partner": current_partner() if request.blueprint == "partner" else None}


@bp.after_request
def _forget_stale_cookie(response: Response) -> Response:
    if g.get("partner_cookie_stale"):
        response.delete_cookie(PARTNER_SESSION_COOKIE, path="/")
    return response


def _access_ended_page() -> Response:
    return make_response(render_template("partner/access_ended.html"), 403)


def _viewer_or_redirect() -> PartnerViewer | Response:
    viewer = current_partner()
    if viewer is not None:
        return viewer
    if g.get("partner_access_ended"):
        return _access_ended_page()
    if g.get("partner_session_ended"):
        flash(messages.SESSION_ENDED, "status")
    return redirect(url_for(".sign_in"))


# --- signing in and out ----------------------------------------------------------------------
@bp.get("/sign-in")
def sign_in() -> Response | str:
    if current_partner() is not None:
        return redirect(url_for(".patients"))
    if g.get("partner_access_ended"):
        return render_template(
            "partner/sign_in.html", errors=FormErrors([Problem(messages.PARTNER_ACCESS_ENDED, "username")]), values={}
        )
    if g.get("partner_session_ended"):
        flash(messages.SESSION_ENDED, "status")
    return render_template("partner/sign_in.html", errors=FormErrors(), values={})


@bp.post("/sign-in")
def check_password() -> Response | str:
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
            user = portal.partners.check_sign_in(username, password)
        except RefusedError as refused:
            errors = FormErrors(refused.problems)
        else:
            token = portal.sessions.start(portal.partners.account_of(user))
            response = redirect(url_for(".patients"))
            response.set_cookie(
                PARTNER_SESSION_COOKIE, token, httponly=True, samesite="Lax", secure=request.is_secure, path="/"
            )
            return response
    return render_template("partner/sign_in.html", errors=errors, values={"username": username})


@bp.post("/sign-out")
def sign_out() -> Response:
    viewer = current_partner()
    if viewer is not None:
        current_portal().sessions.sign_out(viewer.session)
    flash(messages.PARTNER_SIGNED_OUT, "status")
    response = redirect(url_for(".sign_in"))
    response.delete_cookie(PARTNER_SESSION_COOKIE, path="/")
    return response


# --- the patients ----------------------------------------------------------------------------
@bp.get("")
def patients() -> Response | str:
    viewer = _viewer_or_redirect()
    if isinstance(viewer, Response):
        return viewer
    listed = current_portal().partners.attributed_patients(viewer.user)
    return render_template("partner/patients.html", patients=listed, day_text=day_text)


@bp.get("/patients/<patient_id>")
def patient(patient_id: str) -> Response | str:
    viewer = _viewer_or_redirect()
    if isinstance(viewer, Response):
        return viewer
    portal = current_portal()
    try:
        opened = portal.partners.open_patient(viewer.user, patient_id)
    except NotFoundError:
        abort(404)
    return render_template("partner/patient.html", **_record_of(viewer, opened))


def _record_of(viewer: PartnerViewer, opened: PartnerPatient) -> dict[str, object]:
    """Only what the MOU permits, through the same services (and audits) as the patient's own pages."""
    portal = current_portal()
    subject, permissions = opened.patient, opened.permissions
    zone = portal.clinics.by_id(subject.clinic_id).zone
    results = []
    if permissions.allows(Function.RESULTS):
        overview = portal.results.overview(viewer.account, subject, permissions)
        results = [
            {
                "test_name": result.test_name,
                "value_text": " ".join(part for part in (result.value, result.units or "") if part),
                "reference_range": result.reference_range or "",
                "flag": portal.results.describe_flag(result.abnormal_flag),
                "reported_iso": result.reported_at.astimezone(zone).date().isoformat(),
                "reported_day": day_text(result.reported_at.astimezone(zone).date()),
            }
            for result in overview.results
        ]
    sections = portal.clinical_record.sections_for(viewer.account.actor, subject, permissions)
    appointments = []
    if permissions.allows(Function.SCHEDULING):
        upcoming = portal.appointments.upcoming(subject, permissions)
        portal.audit.record(
            viewer.account.actor,
            "appointments-viewed",
            patient_id=subject.id,
            detail=f"appointments={len(upcoming)} as {permissions.relationship}",
        )
        appointments = [
            {
                "when": item.starts_at.astimezone(zone).strftime("%A %d %B %Y, %H:%M").replace(" 0", " "),
                "iso": item.starts_at.isoformat(),
                "provider": item.provider or "",
            }
            for item in upcoming
        ]
    return {
        "opened": opened,
        "subject": subject,
        "results": results,
        "show_results": permissions.allows(Function.RESULTS),
        "sections": sections,
        "show_appointments": permissions.allows(Function.SCHEDULING),
        "appointments": appointments,
        "day_text": day_text,
    }


def day_text(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""
