"""The messaging area's admin API: clinic hours and holidays, staff, pools, routing rules,
canned responses, a patient's provider, and read access to pools and conversations.

Bearer-token protected like every admin API; ids in and out are opaque public ids. Each call
can carry the scenario's clock scope (`X-Portal-Clock`), so hours, out-of-office periods and
overdue flags are worked out on the scenario's clock.

PUT    /api/admin/clinics/<id>/hours              {"monday": [["08:00", "17:00"]], ...}  (a day left out is closed)
GET    /api/admin/clinics/<id>/hours
POST   /api/admin/clinics/<id>/holidays           {"date": "YYYY-MM-DD", "name"}
GET    /api/admin/clinics/<id>/holidays
DELETE /api/admin/clinics/<id>/holidays/<date>
PUT    /api/admin/clinics/<id>/contact            {"phone"}
POST   /api/admin/staff                           {clinic_id, first_name, last_name, role, username, password}
GET    /api/admin/staff/<id>
PUT    /api/admin/staff/<id>/out-of-office        {"from", "until", "covering_pool_id"}  (dates or instants)
DELETE /api/admin/staff/<id>/out-of-office
POST   /api/admin/staff/<id>/unlock
POST   /api/admin/pools                           {clinic_id, name, kind, member_ids?}
GET    /api/admin/pools?clinic_id=
GET    /api/admin/pools/<id>
POST   /api/admin/pools/<id>/members              {staff_id}
GET    /api/admin/pools/<id>/messages
GET    /api/admin/topics
POST   /api/admin/routing-rules                   {clinic_id, topic (null: the clinic's default), pool_id}
GET    /api/admin/routing-rules?clinic_id=
PUT    /api/admin/patients/<id>/provider          {staff_id}
GET    /api/admin/patients/<id>/messages
GET    /api/admin/messages/<id>
POST   /api/admin/messages/<id>/replies           {staff_id, body?, canned_response_id?}  (no body: the canned text)
POST   /api/admin/canned-responses                {pool_id, title, body}
GET    /api/admin/canned-responses?pool_id=|clinic_id=&from=YYYY-MM-DD&to=YYYY-MM-DD   (uses per pool)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, jsonify, request

from reference_portal.blueprints.json_api import install_error_handlers, json_body, protect_with_admin_token
from reference_portal.portal import Portal, current_portal
from reference_portal.services.clinic_hours import local_day_start
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.messaging import Conversation
from reference_portal.services.pools import Pool
from reference_portal.services.routing import RoutingRule, Topic, topic_by_key
from reference_portal.services.staff import NewStaffMember, StaffMember
from reference_portal.services.validation import parse_iso_date
from reference_portal.timestamps import from_iso, to_iso

bp = Blueprint("admin_messaging_api", __name__, url_prefix="/api/admin")
protect_with_admin_token(bp)
install_error_handlers(bp)

ACTOR = "admin-api"
DEFAULT_TOPICS = frozenset({"default", "*"})


# --- clinics: hours, holidays, contact -------------------------------------------------------
@bp.put("/clinics/<clinic_id>/hours")
def set_hours(clinic_id: str) -> Response:
    portal = current_portal()
    clinic = portal.clinics.get(clinic_id)
    portal.clinic_hours.set_weekly_hours(clinic, json_body(), actor=ACTOR)
    return jsonify(clinic_schedule_json(portal, clinic))


@bp.get("/clinics/<clinic_id>/hours")
def get_hours(clinic_id: str) -> Response:
    portal = current_portal()
    return jsonify(clinic_schedule_json(portal, portal.clinics.get(clinic_id)))


@bp.post("/clinics/<clinic_id>/holidays")
def add_holiday(clinic_id: str) -> tuple[Response, int]:
    portal = current_portal()
    clinic = portal.clinics.get(clinic_id)
    body = json_body()
    holiday = portal.clinic_hours.add_holiday(clinic, _date(body, "date"), _text(body, "name"), actor=ACTOR)
    return jsonify(
        id=holiday.public_id, clinic_id=clinic.public_id, date=holiday.day.isoformat(), name=holiday.name
    ), 201


@bp.get("/clinics/<clinic_id>/holidays")
def list_holidays(clinic_id: str) -> Response:
    portal = current_portal()
    clinic = portal.clinics.get(clinic_id)
    return jsonify(clinic_id=clinic.public_id, holidays=_holidays_json(portal, clinic))


@bp.delete("/clinics/<clinic_id>/holidays/<day>")
def remove_holiday(clinic_id: str, day: str) -> tuple[str, int]:
    portal = current_portal()
    parsed = parse_iso_date(day)
    if parsed is None:
        raise RefusedError.because("The date must be YYYY-MM-DD.", "date")
    portal.clinic_hours.remove_holiday(portal.clinics.get(clinic_id), parsed, actor=ACTOR)
    return "", 204


@bp.put("/clinics/<clinic_id>/contact")
def set_contact(clinic_id: str) -> Response:
    portal = current_portal()
    clinic = portal.clinics.get(clinic_id)
    phone = json_body().get("phone")
    if phone is not None and not isinstance(phone, str):
        raise RefusedError.because("phone must be a string.", "phone")
    portal.clinic_hours.set_phone(clinic, phone, actor=ACTOR)
    return jsonify(clinic_id=clinic.public_id, phone=portal.clinic_hours.phone(clinic))


def clinic_schedule_json(portal: Portal, clinic: Clinic) -> dict[str, Any]:
    return {"clinic_id": clinic.public_id, "timezone": clinic.timezone, **clinic_schedule_fields(portal, clinic)}


def clinic_schedule_fields(portal: Portal, clinic: Clinic) -> dict[str, Any]:
    """The clinic's phone, hours and holidays, and whether it is open on the caller's clock."""
    hours = portal.clinic_hours.weekly_hours(clinic)
    now = portal.clock.now()
    return {
        "phone": portal.clinic_hours.phone(clinic),
        "hours": hours.as_mapping(),
        "hours_configured": hours.configured,
        "holidays": _holidays_json(portal, clinic),
        "open_now": portal.clinic_hours.is_open(clinic, now),
        "local_time": portal.clinic_hours.local_moment(clinic, now).isoformat(timespec="seconds"),
    }


def _holidays_json(portal: Portal, clinic: Clinic) -> list[dict[str, str]]:
    return [
        {"id": holiday.public_id, "date": holiday.day.isoformat(), "name": holiday.name}
        for holiday in portal.clinic_hours.holidays(clinic)
    ]


# --- staff -----------------------------------------------------------------------------------
@bp.post("/staff")
def create_staff() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    clinic = _clinic_from(portal, body)
    new = NewStaffMember(
        first_name=_text(body, "first_name"),
        last_name=_text(body, "last_name"),
        role=_text(body, "role"),
        username=_text(body, "username"),
        password=_text(body, "password"),
    )
    return jsonify(_staff_json(portal, portal.staff.create(clinic, new, actor=ACTOR))), 201


@bp.get("/staff/<staff_id>")
def get_staff(staff_id: str) -> Response:
    portal = current_portal()
    return jsonify(_staff_json(portal, portal.staff.get(staff_id)))


@bp.put("/staff/<staff_id>/out-of-office")
def set_out_of_office(staff_id: str) -> Response:
    portal = current_portal()
    member = portal.staff.get(staff_id)
    body = json_body()
    clinic = portal.clinics.by_id(member.clinic_id)
    away_from = _moment(body, "from", clinic, day_end=False)
    away_until = _moment(body, "until", clinic, day_end=True)
    pool = _pool_from(portal, body, "covering_pool_id")
    updated = portal.staff.set_out_of_office(member, away_from, away_until, pool, actor=ACTOR)
    return jsonify(_staff_json(portal, updated))


@bp.delete("/staff/<staff_id>/out-of-office")
def clear_out_of_office(staff_id: str) -> Response:
    portal = current_portal()
    return jsonify(_staff_json(portal, portal.staff.clear_out_of_office(portal.staff.get(staff_id), actor=ACTOR)))


@bp.post("/staff/<staff_id>/unlock")
def unlock_staff(staff_id: str) -> Response:
    portal = current_portal()
    return jsonify(_staff_json(portal, portal.staff.unlock(portal.staff.get(staff_id), actor=ACTOR)))


def _staff_json(portal: Portal, member: StaffMember) -> dict[str, Any]:
    away = None
    if member.away_from and member.away_until:
        away = {
            "from": to_iso(member.away_from),
            "until": to_iso(member.away_until),
            "covering_pool_id": portal.pools.by_id(member.covering_pool_id).public_id
            if member.covering_pool_id
            else None,
            "away_now": member.away_at(portal.clock.now()),
        }
    return {
        "id": member.public_id,
        "clinic_id": portal.clinics.by_id(member.clinic_id).public_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "display_name": member.display_name,
        "role": member.role.value,
        "username": member.username,
        "locked": member.locked,
        "out_of_office": away,
    }


# --- pools -----------------------------------------------------------------------------------
@bp.post("/pools")
def create_pool() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    clinic = _clinic_from(portal, body)
    members = [_staff_by_id(portal, value, "member_ids") for value in _list(body, "member_ids")]
    pool = portal.pools.create(clinic, _text(body, "name"), _text(body, "kind"), actor=ACTOR)
    for member in members:
        portal.pools.add_member(pool, member, actor=ACTOR)
    return jsonify(_pool_json(portal, pool)), 201


@bp.get("/pools")
def list_pools() -> Response:
    portal = current_portal()
    clinic = portal.clinics.get(_query(request.args, "clinic_id"))
    return jsonify(
        clinic_id=clinic.public_id, pools=[_pool_json(portal, pool) for pool in portal.pools.for_clinic(clinic.id)]
    )


@bp.get("/pools/<pool_id>")
def get_pool(pool_id: str) -> Response:
    portal = current_portal()
    return jsonify(_pool_json(portal, portal.pools.get(pool_id)))


@bp.post("/pools/<pool_id>/members")
def add_pool_member(pool_id: str) -> Response:
    portal = current_portal()
    pool = portal.pools.get(pool_id)
    portal.pools.add_member(pool, _staff_by_id(portal, _text(json_body(), "staff_id"), "staff_id"), actor=ACTOR)
    return jsonify(_pool_json(portal, pool))


@bp.get("/pools/<pool_id>/messages")
def pool_messages(pool_id: str) -> Response:
    """What the pool's page lists, for checks without a staff browser."""
    portal = current_portal()
    pool = portal.pools.get(pool_id)
    items = portal.staff_inbox.queue(pool)
    return jsonify(
        pool_id=pool.public_id,
        messages=[
            {**_conversation_json(portal, item.conversation), "escalated_from": item.escalated_from} for item in items
        ],
    )


def _pool_json(portal: Portal, pool: Pool) -> dict[str, Any]:
    return {
        "id": pool.public_id,
        "clinic_id": portal.clinics.by_id(pool.clinic_id).public_id,
        "name": pool.name,
        "kind": pool.kind.value,
        "member_ids": [portal.staff.by_id(staff_id).public_id for staff_id in portal.pools.member_ids(pool)],
    }


# --- topics and routing rules ----------------------------------------------------------------
@bp.get("/topics")
def list_topics() -> Response:
    portal = current_portal()
    return jsonify(release=portal.settings.release, topics=[_topic_json(topic) for topic in portal.routing.topics()])


@bp.post("/routing-rules")
def set_routing_rule() -> tuple[Response, int]:
    """Replaces the clinic's rule for the topic: new messages follow it, routed ones stay."""
    portal = current_portal()
    body = json_body()
    clinic = _clinic_from(portal, body)
    topic_text = body.get("topic")
    if topic_text is not None and not isinstance(topic_text, str):
        raise RefusedError.because("topic must be a topic name, or null for the clinic's default rule.", "topic")
    topic = (
        None if topic_text is None or topic_text.strip().lower() in DEFAULT_TOPICS else portal.routing.topic(topic_text)
    )
    pool = _pool_from(portal, body, "pool_id")
    return jsonify(_rule_json(portal, portal.routing.set_rule(clinic, topic, pool, actor=ACTOR))), 201


@bp.get("/routing-rules")
def list_routing_rules() -> Response:
    portal = current_portal()
    clinic = portal.clinics.get(_query(request.args, "clinic_id"))
    return jsonify(
        clinic_id=clinic.public_id, rules=[_rule_json(portal, rule) for rule in portal.routing.rules(clinic)]
    )


def _topic_json(topic: Topic) -> dict[str, str]:
    return {"key": topic.key, "name": topic.name, "team": topic.team.value, "since": topic.since}


def _rule_json(portal: Portal, rule: RoutingRule) -> dict[str, Any]:
    return {
        "id": rule.public_id,
        "clinic_id": portal.clinics.by_id(rule.clinic_id).public_id,
        "topic": topic_by_key(rule.topic).name if rule.topic else None,
        "topic_key": rule.topic,
        "pool_id": portal.pools.by_id(rule.pool_id).public_id,
        "created_at": to_iso(rule.created_at),
    }


# --- patients' providers and conversations ---------------------------------------------------
@bp.put("/patients/<patient_id>/provider")
def assign_provider(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    member = _staff_by_id(portal, _text(json_body(), "staff_id"), "staff_id")
    portal.staff.assign_provider(patient, member, actor=ACTOR)
    return jsonify(patient_id=patient.public_id, staff_id=member.public_id, display_name=member.display_name)


@bp.get("/patients/<patient_id>/messages")
def patient_conversations(patient_id: str) -> Response:
    portal = current_portal()
    patient = portal.patients.get(patient_id)
    return jsonify(
        patient_id=patient.public_id,
        conversations=[_conversation_json(portal, item) for item in portal.messaging.conversations_for(patient)],
    )


@bp.get("/messages/<conversation_id>")
def get_conversation(conversation_id: str) -> Response:
    portal = current_portal()
    conversation = portal.messaging.get(conversation_id)
    return jsonify(_conversation_json(portal, conversation, with_thread=True))


@bp.post("/messages/<conversation_id>/replies")
def staff_reply(conversation_id: str) -> tuple[Response, int]:
    """A staff member answers, exactly as from the console (their access is checked)."""
    portal = current_portal()
    body = json_body()
    member = _staff_by_id(portal, _text(body, "staff_id"), "staff_id")
    conversation = portal.messaging.get(conversation_id)
    canned = body.get("canned_response_id")
    if canned is not None and not isinstance(canned, str):
        raise RefusedError.because("canned_response_id must be a string.", "canned_response_id")
    text = body.get("body")
    if text is not None and not isinstance(text, str):
        raise RefusedError.because("body must be a string.", "body")
    if canned and not text:  # the canned response as inserted, merge fields resolved
        _, text = portal.staff_inbox.insert_canned_response(member, conversation, canned)
    answered = portal.staff_inbox.reply(member, conversation, text or "", canned)
    return jsonify(_conversation_json(portal, answered, with_thread=True)), 201


def _conversation_json(portal: Portal, conversation: Conversation, *, with_thread: bool = False) -> dict[str, Any]:
    messaging = portal.messaging
    now = portal.clock.now()
    overdue = messaging.is_overdue(conversation, now)
    flags = [flag for flag, on in (("Urgent", conversation.urgent), ("Overdue", overdue)) if on]
    shape: dict[str, Any] = {
        "id": conversation.public_id,
        "patient_id": portal.patients.by_id(conversation.patient_id).public_id,
        "clinic_id": portal.clinics.by_id(conversation.clinic_id).public_id,
        "topic": conversation.topic.name,
        "topic_key": conversation.topic.key,
        "subject": conversation.subject,
        "pool_id": portal.pools.by_id(conversation.pool_id).public_id if conversation.pool_id else None,
        "provider_id": portal.staff.by_id(conversation.provider_id).public_id if conversation.provider_id else None,
        "routed_at": to_iso(conversation.routed_at),
        "routed_by": conversation.routed_by.value,
        "routing_rule_id": portal.routing.rule_by_id(conversation.routing_rule_id).public_id
        if conversation.routing_rule_id
        else None,
        "status": conversation.status.value,
        "awaiting_since": to_iso(conversation.awaiting_since) if conversation.awaiting_since else None,
        "urgent": conversation.urgent,
        "overdue": overdue,
        "flags": flags,
        "auto_replies": [reply.value for reply in messaging.auto_replies_of(conversation)],
    }
    if with_thread:
        shape["messages"] = [
            {
                "id": entry.message.public_id,
                "author": entry.message.author.value,
                "author_name": entry.author_name,
                "sender_account_id": portal.accounts.by_id(entry.message.sender_account_id).public_id
                if entry.message.sender_account_id
                else None,
                "sent_for": entry.sent_for,
                "auto_reply": entry.message.auto_reply.value if entry.message.auto_reply else None,
                "body": entry.message.body,
                "urgent": entry.message.urgent,
                "sent_at": to_iso(entry.message.sent_at),
                "attachments": [
                    {
                        "id": attachment.public_id,
                        "filename": attachment.filename,
                        "content_type": attachment.content_type,
                        "size_bytes": attachment.size_bytes,
                        "sha256": attachment.sha256,
                    }
                    for attachment in entry.attachments
                ],
            }
            for entry in messaging.thread(conversation)
        ]
    return shape


# --- canned responses ------------------------------------------------------------------------
@bp.post("/canned-responses")
def create_canned_response() -> tuple[Response, int]:
    portal = current_portal()
    body = json_body()
    pool = _pool_from(portal, body, "pool_id")
    response = portal.canned_responses.create(pool, _text(body, "title"), _text(body, "body"), actor=ACTOR)
    return jsonify(id=response.public_id, pool_id=pool.public_id, title=response.title, body=response.body), 201


@bp.get("/canned-responses")
def canned_response_usage() -> Response:
    """Each pool's responses with their uses between `from` and `to` (dates, inclusive, clinic time)."""
    portal = current_portal()
    args = request.args
    if args.get("pool_id"):
        pools = [portal.pools.get(args["pool_id"])]
        clinic = portal.clinics.by_id(pools[0].clinic_id)
    else:
        clinic = portal.clinics.get(_query(args, "clinic_id"))
        pools = portal.pools.for_clinic(clinic.id)
    today = portal.clinic_hours.local_moment(clinic, portal.clock.now()).date()
    first = _query_date(args, "from") or date(2000, 1, 1)
    last = _query_date(args, "to") or today
    if last < first:
        raise RefusedError.because("to must not be before from.", "to")
    start, end = local_day_start(clinic, first), local_day_start(clinic, last + timedelta(days=1))
    report = []
    for pool in pools:
        counts = portal.canned_responses.usage(pool, start, end)
        report.append(
            {
                "pool_id": pool.public_id,
                "name": pool.name,
                "uses": sum(count.uses for count in counts),
                "responses": [
                    {
                        "id": count.response.public_id,
                        "title": count.response.title,
                        "body": count.response.body,
                        "uses": count.uses,
                    }
                    for count in counts
                ],
            }
        )
    return jsonify(clinic_id=clinic.public_id, **{"from": first.isoformat(), "to": last.isoformat()}, pools=report)


# --- body and query fields -------------------------------------------------------------------
def _clinic_from(portal: Portal, body: dict[str, Any]) -> Clinic:
    clinic_id = _text(body, "clinic_id")
    try:
        return portal.clinics.get(clinic_id)
    except NotFoundError:
        raise RefusedError.because(f"No clinic with id {clinic_id}.", "clinic_id") from None


def _pool_from(portal: Portal, body: dict[str, Any], name: str) -> Pool:
    pool_id = _text(body, name)
    try:
        return portal.pools.get(pool_id)
    except NotFoundError:
        raise RefusedError.because(f"No pool with id {pool_id}.", name) from None


def _staff_by_id(portal: Portal, value: object, name: str) -> StaffMember:
    if not isinstance(value, str):
        raise RefusedError.because(f"{name} must hold staff ids.", name)
    try:
        return portal.staff.get(value)
    except NotFoundError:
        raise RefusedError.because(f"No staff member with id {value}.", name) from None


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RefusedError.because(f"{name} is required.", name)
    return value.strip()


def _list(body: dict[str, Any], name: str) -> list[object]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RefusedError.because(f"{name} must be a list.", name)
    return value


def _date(body: dict[str, Any], name: str) -> date:
    parsed = parse_iso_date(_text(body, name))
    if parsed is None:
        raise RefusedError.because(f"{name} must be a real date as YYYY-MM-DD.", name)
    return parsed


def _moment(body: dict[str, Any], name: str, clinic: Clinic, *, day_end: bool) -> datetime:
    """An ISO instant, or a date on the clinic's calendar (`until` a date means through that day)."""
    text = _text(body, name)
    day = parse_iso_date(text)
    if day is not None:
        return local_day_start(clinic, day + timedelta(days=1) if day_end else day)
    try:
        return from_iso(text)
    except ValueError:
        raise RefusedError.because(f"{name} must be YYYY-MM-DD or an ISO-8601 instant.", name) from None


def _query(args: Any, name: str) -> str:
    value = args.get(name, "").strip()
    if not value:
        raise RefusedError.because(f"Give {name} in the query string.", name)
    return str(value)


def _query_date(args: Any, name: str) -> date | None:
    text = args.get(name, "").strip()
    if not text:
        return None
    parsed = parse_iso_date(text)
    if parsed is None:
        raise RefusedError.because(f"{name} must be a real date as YYYY-MM-DD.", name)
    return parsed
