"""Who is looking: the signed-in viewer behind the `portal_session` cookie."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec

from flask import flash, g, redirect, request, url_for
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

    @property
    def first_name(self) -> str:
        return self.patient.first_name if self.patient else self.account.username

    @property
    def acting_for_someone_else(self) -> bool:
        return self.permissions.relationship is not Relationship.SELF


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
        g.session_ended = True
    if not isinstance(state, ActiveSession):
        return None
    account = state.account
    patient = portal.patients.by_id(account.patient_id) if account.patient_id else None
    # The proxy area replaces this with the record the viewer switched to and its permissions.
    return Viewer(state, account, patient, subject=patient, permissions=Permissions.own_record())


def signed_in_required(view: Callable[P, Response | str]) -> Callable[P, Response | str]:
    """Send anyone not signed in to the sign-in page (saying so if their session timed out)."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> Response | str:
        if current_viewer() is None:
            if g.get("session_ended"):
                flash(messages.SESSION_ENDED, "status")
            return redirect(url_for("auth.sign_in"))
        g.signed_in_page = True
        return view(*args, **kwargs)

    return guarded
