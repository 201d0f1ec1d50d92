"""Who is working in the staff console: the staff member behind the `staff_session` cookie.

Staff sessions are separate from patient sessions (their own cookie and table) with the same
idle and absolute timeouts; a patient session never opens a staff page, nor the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import flash, g, redirect, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal import messages
from reference_portal.portal import current_portal
from reference_portal.services.clinics import Clinic
from reference_portal.services.sessions import SessionEnd
from reference_portal.services.staff import ActiveStaffSession, EndedStaffSession, StaffMember

STAFF_SESSION_COOKIE = "staff_session"

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class StaffViewer:
    session: ActiveStaffSession
    member: StaffMember
    clinic: Clinic


def current_staff() -> StaffViewer | None:
    """Resolved once per request; an ended or unknown staff session means nobody is signed in."""
    if "staff_viewer" not in g:
        g.staff_viewer = _resolve()
    viewer = g.staff_viewer
    return viewer if isinstance(viewer, StaffViewer) else None


def _resolve() -> StaffViewer | None:
    token = request.cookies.get(STAFF_SESSION_COOKIE)
    if not token:
        return None
    portal = current_portal()
    state = portal.staff_sessions.resume(token)
    g.staff_cookie_stale = not isinstance(state, ActiveStaffSession)
    if isinstance(state, EndedStaffSession) and state.reason is not SessionEnd.SIGNED_OUT:
        g.staff_session_ended = True
    if not isinstance(state, ActiveStaffSession):
        return None
    return StaffViewer(state, state.member, portal.clinics.by_id(state.member.clinic_id))


def staff_required(view: Callable[P, R]) -> Callable[P, R | Response]:
    """Send anyone without a staff session to the staff sign-in page."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        if current_staff() is None:
            if g.get("staff_session_ended"):
                flash(messages.SESSION_ENDED, "status")
            return redirect(url_for("staff.sign_in"))
        return view(*args, **kwargs)

    return guarded
