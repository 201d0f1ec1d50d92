"""Shared plumbing for the JSON APIs: request bodies and error responses."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from reference_portal.services.errors import ConflictError, NotFoundError, RefusedError


def json_error(status: int, message: str, **extra: object) -> Response:
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(json_error(400, "Send a JSON object with Content-Type: application/json."))
    return body


def protect_with_admin_token(bp: Blueprint) -> None:
    """Every route of the blueprint needs `Authorization: Bearer <admin token>` (all admin APIs use this)."""

    @bp.before_request
    def require_admin_token() -> Response | None:
        from reference_portal.portal import current_portal

        expected = current_portal().config.effective_admin_token
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if expected and scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), expected):
            return None
        response = json_error(401, "A valid admin token is required: send 'Authorization: Bearer <token>'.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="riverbend-admin"'
        return response


def install_error_handlers(bp: Blueprint) -> None:
    @bp.errorhandler(RefusedError)
    def refused(error: RefusedError) -> Response:
        status = 409 if isinstance(error, ConflictError) else 400
        problems = [{"field": problem.field, "message": problem.message} for problem in error.problems]
        return json_error(status, str(error), problems=problems)

    @bp.errorhandler(NotFoundError)
    def not_found(error: NotFoundError) -> Response:
        return json_error(404, str(error))
