"""Request-wide behaviour: clock scope, the DB connection, CSRF, security headers, error pages."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers.response import Response

from reference_portal.access import SESSION_COOKIE, current_viewer
from reference_portal.clock import CLOCK_COOKIE, CLOCK_HEADER, MAX_SCOPE_LENGTH
from reference_portal.forms import csrf_token, require_csrf_token
from reference_portal.portal import current_portal
from reference_portal.releases import PRODUCT_NAME

access_log = logging.getLogger("reference_portal.access")

# JSON APIs authenticate with a bearer token (admin) or only exist in test mode: no CSRF there.
JSON_BLUEPRINTS = frozenset({"admin_api", "test_api", "public_api"})
JSON_PREFIXES = ("/api/", "/__test__/")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
}


def install(app: Flask) -> None:
    app.before_request(_bind_clock_scope)
    app.before_request(_check_csrf)
    app.after_request(_response_headers)
    app.teardown_request(_release_connection)
    app.context_processor(_template_globals)
    app.add_template_global(csrf_token)  # a global, so imported form macros can use it
    app.register_error_handler(HTTPException, _http_error)


def _bind_clock_scope() -> None:
    scope = request.headers.get(CLOCK_HEADER) or request.cookies.get(CLOCK_COOKIE) or None
    current_portal().clock.enter_scope(scope[:MAX_SCOPE_LENGTH] if scope else None)


def _check_csrf() -> None:
    # Only for pages that exist: a POST to an unknown address is a plain 404.
    if request.method == "POST" and request.url_rule is not None and request.blueprint not in JSON_BLUEPRINTS:
        if request.path.startswith(JSON_PREFIXES):  # every area's own JSON API blueprint (no forms, no cookies)
            return
        require_csrf_token()


def _response_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static":
        # Pages may show PHI; nothing the portal renders may be kept by a browser or proxy.
        response.headers["Cache-Control"] = "no-store"
    if g.get("session_cookie_stale"):
        response.delete_cookie(SESSION_COOKIE)
    access_log.info("%s %s %s", request.method, request.path, response.status_code)  # path only: no query
    return response


def _release_connection(_error: BaseException | None) -> None:
    portal = current_portal()
    portal.clock.enter_scope(None)
    portal.database.release()


def _template_globals() -> dict[str, object]:
    portal = current_portal()
    return {
        "product_name": PRODUCT_NAME,
        "release": portal.settings.release,
        "viewer": current_viewer(),
    }


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    status = error.code or 500
    if request.path.startswith(JSON_PREFIXES) or request.blueprint in JSON_BLUEPRINTS:
        response = jsonify({"error": error.description or error.name})
        response.status_code = status
        return response
    return render_template("error.html", status=status, error=error), status
