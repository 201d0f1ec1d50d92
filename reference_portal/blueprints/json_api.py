"""Shared plumbing for the JSON APIs: request bodies and error responses."""

from __future__ import annotations

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


def install_error_handlers(bp: Blueprint) -> None:
    @bp.errorhandler(RefusedError)
    def refused(error: RefusedError) -> Response:
        status = 409 if isinstance(error, ConflictError) else 400
        problems = [{"field": problem.field, "message": problem.message} for problem in error.problems]
        return json_error(status, str(error), problems=problems)

    @bp.errorhandler(NotFoundError)
    def not_found(error: NotFoundError) -> Response:
        return json_error(404, str(error))
