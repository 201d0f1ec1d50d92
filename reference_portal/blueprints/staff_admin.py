"""Clinic administration in the staff console (OPS-01, MSG-02, MSG-05): routing rules, canned
responses, opening hours, holidays and the phone number, for the administrator's own clinic.

Administrators only. The rules stay in the messaging area's services (routing, clinic_hours,
canned_responses), which audit every change; a change applies to the next message at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_portal.forms import FormErrors
from reference_portal.portal import current_portal
from reference_portal.services.canned_responses import MERGE_FIELDS
from reference_portal.services.clinic_hours import WEEKDAYS, OpeningSpan
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.staff import StaffRole
from reference_portal.services.validation import parse_iso_date
from reference_portal.staff_access import StaffViewer, current_staff, staff_required

bp = Blueprint("staff_admin", __name__, url_prefix="/staff/admin")

P = ParamSpec("P")
R = TypeVar("R")


def administrator_required(view: Callable[P, R]) -> Callable[P, R | tuple[str, int]]:
    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | tuple[str, int]:
        viewer = current_staff()
        if viewer is None or viewer.member.role is not StaffRole.ADMINISTRATOR:
            return render_template("staff/not_found.html"), 404
        return view(*args, **kwargs)

    return staff_required(guarded)  # type: ignore[return-value]


def _viewer() -> StaffViewer:
    viewer = current_staff()
    assert viewer is not None
    return viewer


@bp.get("")
@administrator_required
def index() -> str:
    return render_template("staff/admin/index.html")


# --- routing rules (MSG-02) ----------------------------------------------------------------------
def _routing_rows(viewer: StaffViewer) -> list[dict[str, object]]:
    portal = current_portal()
    rows: list[dict[str, object]] = []
    for topic in portal.routing.topics():
        rule = portal.routing.rule_for(viewer.clinic, topic)
        route = portal.routing.pool_for(viewer.clinic, topic)
        rows.append(
            {
                "topic": topic,
                "field": f"pool_{topic.key}",
                "pool_id": portal.pools.by_id(rule.pool_id).public_id
                if rule
                else (route.pool.public_id if route.pool else ""),
                "explicit": rule is not None,
                "current": portal.pools.by_id(rule.pool_id).name
                if rule
                else (route.pool.name if route.pool else "None"),
            }
        )
    return rows


@bp.get("/routing")
@administrator_required
def routing() -> str:
    return _render_routing(_viewer(), FormErrors())


def _render_routing(viewer: StaffViewer, errors: FormErrors, status: int = 200) -> str:
    rows = _routing_rows(viewer)  # first: working out a route may set up the clinic's front-desk pool
    pools = current_portal().pools.for_clinic(viewer.clinic.id)
    return render_template(
        "staff/admin/routing.html",
        rows=rows,
        pools=[(pool.public_id, pool.title) for pool in pools],
        errors=errors,
    )


@bp.post("/routing")
@administrator_required
def save_routing() -> Response | tuple[str, int]:
    viewer = _viewer()
    portal = current_portal()
    rows = _routing_rows(viewer)
    pools = {pool.public_id: pool for pool in portal.pools.for_clinic(viewer.clinic.id)}
    errors = FormErrors()
    changes = []
    for row in rows:
        chosen = request.form.get(str(row["field"]), "")
        if chosen not in pools:
            errors.add(str(row["field"]), f"Choose a pool for {row['topic'].name}.")  # type: ignore[attr-defined]
        elif chosen != row["pool_id"]:
            changes.append((row["topic"], pools[chosen]))
    if errors:
        return _render_routing(viewer, errors), 400
    for topic, pool in changes:
        portal.routing.set_rule(viewer.clinic, topic, pool, actor=viewer.member.actor)  # type: ignore[arg-type]
    flash("Routing saved. New messages follow it from now on." if changes else "No routing changes to save.", "status")
    return redirect(url_for(".routing"))


# --- canned responses (MSG-05) -------------------------------------------------------------------
@bp.get("/canned-responses")
@administrator_required
def canned_responses() -> str:
    return _render_canned(_viewer(), FormErrors(), {})


def _render_canned(viewer: StaffViewer, errors: FormErrors, values: dict[str, str]) -> str:
    portal = current_portal()
    pools = portal.pools.for_clinic(viewer.clinic.id)
    return render_template(
        "staff/admin/canned_responses.html",
        by_pool=[(pool, portal.canned_responses.for_pool(pool)) for pool in pools],
        pools=[(pool.public_id, pool.title) for pool in pools],
        errors=errors,
        values=values,
        merge_fields=["{" + name + "}" for name in MERGE_FIELDS],
    )


@bp.post("/canned-responses")
@administrator_required
def add_canned_response() -> Response | tuple[str, int]:
    viewer = _viewer()
    portal = current_portal()
    values = {name: request.form.get(name, "") for name in ("pool", "title", "text")}
    errors = FormErrors()
    pool = next((p for p in portal.pools.for_clinic(viewer.clinic.id) if p.public_id == values["pool"]), None)
    if pool is None:
        errors.add("pool", "Choose the pool that will use this response.")
    else:
        try:
            portal.canned_responses.create(pool, values["title"], values["text"], actor=viewer.member.actor)
        except RefusedError as refused:
            for problem in refused.problems:
                field = {"body": "text"}.get(problem.field or "", problem.field or "text")
                errors.add(field, _sentence(problem.message))
    if errors:
        return _render_canned(viewer, errors, values), 400
    flash(f"Canned response “{values['title'].strip()}” added.", "status")
    return redirect(url_for(".canned_responses"))


# --- hours, holidays and phone (OPS-01) ----------------------------------------------------------
@bp.get("/hours")
@administrator_required
def hours() -> str:
    return _render_hours(_viewer(), FormErrors(), None)


def _hours_values(viewer: StaffViewer) -> dict[str, str]:
    week = current_portal().clinic_hours.weekly_hours(viewer.clinic)
    values: dict[str, str] = {}
    for index, day in enumerate(WEEKDAYS):
        spans = week.on(index)
        if spans:
            values[f"{day}_opens"], values[f"{day}_closes"] = OpeningSpan(spans[0].opens, spans[-1].closes).as_pair()
        else:
            values[f"{day}_closed"] = "yes"
    return values


def _render_hours(viewer: StaffViewer, errors: FormErrors, values: dict[str, str] | None) -> str:
    portal = current_portal()
    week = portal.clinic_hours.weekly_hours(viewer.clinic)
    return render_template(
        "staff/admin/hours.html",
        days=WEEKDAYS,
        values=values if values is not None else _hours_values(viewer),
        has_breaks=any(len(week.on(index)) > 1 for index in range(7)),
        configured=week.configured,
        holidays=portal.clinic_hours.holidays(viewer.clinic),
        phone=portal.clinic_hours.phone(viewer.clinic) or "",
        errors=errors,
    )


@bp.post("/hours")
@administrator_required
def save_hours() -> Response | tuple[str, int]:
    viewer = _viewer()
    values = {key: request.form.get(key, "").strip() for key in request.form if key != "csrf_token"}
    errors = FormErrors()
    week: dict[str, list[list[str]]] = {}
    for day in WEEKDAYS:
        if values.get(f"{day}_closed"):
            week[day] = []
            continue
        opens, closes = values.get(f"{day}_opens", ""), values.get(f"{day}_closes", "")
        if not opens:
            errors.add(f"{day}_opens", f"Enter when the clinic opens on {day.capitalize()}, or tick Closed.")
        if not closes:
            errors.add(f"{day}_closes", f"Enter when the clinic closes on {day.capitalize()}, or tick Closed.")
        week[day] = [[opens, closes]]
    if not errors:
        try:
            current_portal().clinic_hours.set_weekly_hours(viewer.clinic, week, actor=viewer.member.actor)
        except RefusedError as refused:
            for problem in refused.problems:
                errors.add(f"{problem.field}_opens" if problem.field in WEEKDAYS else "monday_opens", problem.message)
    if errors:
        return _render_hours(viewer, errors, values), 400
    flash("Opening hours saved. They apply to new messages and the contact page now.", "status")
    return redirect(url_for(".hours"))


@bp.post("/holidays")
@administrator_required
def add_holiday() -> Response | tuple[str, int]:
    viewer = _viewer()
    errors = FormErrors()
    day = parse_iso_date(request.form.get("date", ""))
    name = request.form.get("name", "")
    if day is None:
        errors.add("date", "Enter the holiday's date, like 2026-12-25.")
    if not name.strip():
        errors.add("name", "Give the holiday a name, like Independence Day.")
    if not errors and day is not None:
        try:
            current_portal().clinic_hours.add_holiday(viewer.clinic, day, name, actor=viewer.member.actor)
        except RefusedError as refused:
            errors = FormErrors(Problem(p.message, p.field) for p in refused.problems)
    if errors:
        return _render_hours(viewer, errors, None), 400
    flash(f"Holiday “{name.strip()}” added.", "status")
    return redirect(url_for(".hours"))


@bp.post("/holidays/<day>/remove")
@administrator_required
def remove_holiday(day: str) -> Response | tuple[str, int]:
    viewer = _viewer()
    parsed = parse_iso_date(day)
    try:
        if parsed is None:
            raise NotFoundError("No such holiday.")
        current_portal().clinic_hours.remove_holiday(viewer.clinic, parsed, actor=viewer.member.actor)
    except NotFoundError:
        return render_template("staff/not_found.html"), 404
    flash("Holiday removed.", "status")
    return redirect(url_for(".hours"))


@bp.post("/phone")
@administrator_required
def save_phone() -> Response | tuple[str, int]:
    viewer = _viewer()
    try:
        current_portal().clinic_hours.set_phone(viewer.clinic, request.form.get("phone"), actor=viewer.member.actor)
    except RefusedError as refused:
        return _render_hours(viewer, FormErrors(refused.problems), None), 400
    flash("Phone number saved.", "status")
    return redirect(url_for(".hours"))


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
