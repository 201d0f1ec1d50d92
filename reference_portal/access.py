"""Who is looking: the signed-in viewer behind the `portal_session` cookie."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.portal import current_portal
from reference_portal.services.accounts import Account
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Permissions, Relationship
from reference_portal.services.sessions import ActiveSession, EndedSession, SessionEnd

SESSION_COOKIE = "portal_session"

P = ParamSpec("P")


@dataclass(frozen=True)
class Viewer:
    """The signed-in account, and whose record is on screen with what permissions.

    `patient` is the account's own patient record (None for a proxy-only account); `subject` is
    the patient whose record is being viewed: the own record, or the one a proxy switched to.
    """

    session: ActiveSession
    account: Account
    patient: Patient | None
    subject: Patient | None
    permissions: Permissions
    # Proxy area: the person acting, by name ("Sent by <account_name> for <subject>"); for a
    # proxy-only account (no record of its own) the name they enrolled with.
    account_name: str = ""
    account_first_name: str = ""

    @property
    def first_name(self) -> str:
        if self.patient:
            return self.patient.first_name
        return self.account_first_name or claimed_first_name(self) or self.account.username

    @property
    def acting_for_someone_else(self) -> bool:
        return self.permissions.relationship is not Relationship.SELF

    @property
    def identity_pending(self) -> bool:
        """Signed up online and not verified by staff yet: no clinical data (auth area, below)."""
        return identity_pending(self)


def current_viewer() -> Viewer | None:
    """Resolved once per request; an ended or unknown session means nobody is signed in."""
    if "viewer" not in g:
        g.viewer = _resolve_viewer()
    viewer = g.viewer
    return viewer if isinstance(viewer, Viewer) else None


def _resolve_viewer() -> Viewer | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    portal = current_portal()
    state = portal.sessions.resume(token)
    g.session_cookie_stale = not isinstance(state, ActiveSession)
    if isinstance(state, EndedSession) and state.reason is not SessionEnd.SIGNED_OUT:
        g.session_ended = state.reason
    if not isinstance(state, ActiveSession):
        return None
    account = state.account
    patient = portal.patients.by_id(account.patient_id) if account.patient_id else None
    # Proxy area: the record this session switched to (kept server-side), with what the account
    # may do in it, computed afresh on every request (a revoked or expired proxy loses it now).
    view = portal.proxies.view_for(state.id, account, patient)
    g.record_access_lost = view.lost_record is not None
    name = portal.proxies.person_name(account)
    return Viewer(
        state,
        account,
        patient,
        subject=view.subject,
        permissions=view.permissions,
        account_name=f"{name[0]} {name[1]}" if name else account.username,
        account_first_name=name[0] if name else "",
    )


def record_access_lost_page() -> Response:
    """Proxy area: the request after a proxy lost the record on screen is refused with a notice."""
    return make_response(render_template("proxy/access_ended.html"), 403)


def signed_in_required(view: Callable[P, Response | str]) -> Callable[P, Response | str]:
    """Send anyone not signed in to the sign-in page (saying so if their session timed out).

    An account whose identity is still being verified sees a notice instead of the page, unless
    the view is marked `open_while_identity_pending` (home, account settings).
    """
    open_while_pending = getattr(view, OPEN_WHILE_PENDING_ATTRIBUTE, False)

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> Response | str:
        viewer = current_viewer()
        if viewer is None:
            ended = g.get("session_ended")
            if isinstance(ended, SessionEnd):
                flash(session_ended_message(ended), "status")
            return redirect(url_for("auth.sign_in"))
        g.signed_in_page = True
        if g.get("record_access_lost"):  # proxy area: revoked, expired or ended mid-session
            return record_access_lost_page()
        if not open_while_pending and viewer.identity_pending:
            return identity_pending_page()
        return view(*args, **kwargs)

    return guarded


# --- record access guard (auth area) ---------------------------------------------------------
# Every route that shows a record, message or result checks it against the viewer: an id that
# is not the record on screen (another patient's, or one that does not exist) is a plain 404,
# so a changed id in a URL reveals nothing, not even whether the id exists (AUTH-07).

OPEN_WHILE_PENDING_ATTRIBUTE = "open_while_identity_pending"

# The heading of a clinical page replaced by the identity-pending notice, by blueprint.
_PENDING_PAGE_HEADINGS = {"messaging": "Messages", "results": "Test results", "vdt": "Health summary"}


def require_subject(patient_public_id: str) -> Patient:
    """The record on screen when the URL names it; 404 for any other patient id."""
    viewer = current_viewer()
    subject = viewer.subject if viewer else None
    if subject is None or subject.public_id != patient_public_id:
        abort(404)
    return subject


def require_subject_owns(owner_patient_id: int | None) -> Patient:
    """For a message, result or document found by its own id: 404 unless it belongs to the record on screen."""
    viewer = current_viewer()
    subject = viewer.subject if viewer else None
    if subject is None or owner_patient_id is None or subject.id != owner_patient_id:
        abort(404)
    return subject


def open_while_identity_pending(view: Callable[P, Response | str]) -> Callable[P, Response | str]:
    """Mark a signed-in page that shows no clinical data, so an unverified account may open it.

    Put it below `@signed_in_required`.
    """
    setattr(view, OPEN_WHILE_PENDING_ATTRIBUTE, True)
    return view


def identity_pending(viewer: Viewer) -> bool:
    """Once per request: has this account signed up online and not been verified yet?"""
    cached = g.get("identity_pending")
    if isinstance(cached, tuple) and cached[0] == viewer.account.id:
        return bool(cached[1])
    pending = viewer.patient is None and current_portal().self_enrollment.identity_pending(viewer.account)
    g.identity_pending = (viewer.account.id, pending)
    return pending


def identity_pending_page() -> str:
    heading = _PENDING_PAGE_HEADINGS.get(request.blueprint or "", "Your health record")
    return render_template("auth/identity_pending.html", heading=heading)


def session_ended_message(reason: SessionEnd) -> str:
    """What the sign-in page says after a session ended without the patient signing out."""
    if reason is SessionEnd.IDLE:
        minutes = int(current_portal().settings.session_idle_timeout.total_seconds() // 60)
        return messages.SESSION_ENDED_IDLE.format(minutes=minutes)
    return messages.SESSION_ENDED


def claimed_first_name(viewer: Viewer) -> str | None:
    """The first name an account gave when it signed up online (no record of its own yet)."""
    enrollment = current_portal().self_enrollment.of_account(viewer.account)
    return enrollment.claim.first_name if enrollment else None
