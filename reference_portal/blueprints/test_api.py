"""Test-only endpoints, registered only in test mode, all under /__test__/.

POST /__test__/clock   move a clock scope: {"scope", "offset_seconds" | "advance_seconds" | "at", "frozen"?}
GET  /__test__/clock   ?scope=... the scope's current state
GET  /__test__/mail    ?to=ADDRESS messages captured for that address, newest last
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request

from reference_portal.blueprints.json_api import install_error_handlers, json_body
from reference_portal.clock import MAX_SCOPE_LENGTH, ClockState
from reference_portal.portal import current_portal
from reference_portal.services.errors import RefusedError
from reference_portal.timestamps import from_iso, to_iso

bp = Blueprint("test_api", __name__, url_prefix="/__test__")
install_error_handlers(bp)

MOVES = ("offset_seconds", "advance_seconds", "at")


@bp.post("/clock")
def move_clock() -> Response:
    body = json_body()
    scope = _scope(body.get("scope"))
    frozen = body.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise RefusedError.because("frozen must be true or false.", "frozen")
    given = [name for name in MOVES if body.get(name) is not None]
    if len(given) > 1 or (not given and frozen is None):  # nothing or too much to do
        raise RefusedError.because("Send exactly one of offset_seconds, advance_seconds or at (and optionally frozen).")
    clock = current_portal().clock
    if not given and frozen is not None:
        return _clock_json(clock.set_frozen(scope, frozen))
    move = given[0]
    if move == "at":
        return _clock_json(clock.travel_to(scope, _instant(body["at"]), frozen=frozen))
    seconds = _seconds(body[move], move)
    if move == "offset_seconds":
        return _clock_json(clock.set_offset(scope, seconds, frozen=frozen))
    return _clock_json(clock.advance(scope, seconds, frozen=frozen))


@bp.get("/clock")
def read_clock() -> Response:
    return _clock_json(current_portal().clock.state(_scope(request.args.get("scope"))))


@bp.get("/mail")
def read_mail() -> Response:
    address = request.args.get("to", "").strip()
    if not address:
        raise RefusedError.because("Give the address to read: /__test__/mail?to=ADDRESS", "to")
    mail = current_portal().mailbox.messages_to(address)
    return jsonify(messages=[message.as_json() for message in mail])


def _clock_json(state: ClockState) -> Response:
    return jsonify(scope=state.scope, offset_seconds=state.offset_seconds, now=to_iso(state.now), frozen=state.frozen)


def _scope(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_SCOPE_LENGTH:
        raise RefusedError.because(
            f"scope must be a non-empty string of at most {MAX_SCOPE_LENGTH} characters.", "scope"
        )
    return value


def _seconds(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RefusedError.because(f"{name} must be a number of seconds.", name)
    return float(value)


def _instant(value: Any) -> datetime:
    if not isinstance(value, str):
        raise RefusedError.because("at must be an ISO-8601 instant, like 2026-03-01T14:05:00Z.", "at")
    try:
        return from_iso(value)
    except ValueError:
        raise RefusedError.because("at must be an ISO-8601 instant, like 2026-03-01T14:05:00Z.", "at") from None
