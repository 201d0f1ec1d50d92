"""Form plumbing for the patient pages: field errors for the error summary, and CSRF tokens."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable

from flask import abort, request, session

from reference_portal import messages
from reference_portal.services.errors import Problem

CSRF_FIELD = "csrf_token"


class FormErrors:
    """Problems by field, in the order they were found: one message per field."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._messages: dict[str, str] = {}
        for problem in problems:
            self.add(problem.field or "form", problem.message)

    def add(self, field: str, message: str) -> None:
        self._messages.setdefault(field, message)

    def __bool__(self) -> bool:
        return bool(self._messages)

    def get(self, field: str) -> str | None:
        return self._messages.get(field)

    def summary(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the error summary's links."""
        return list(self._messages.items())


def csrf_token() -> str:
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def require_csrf_token() -> None:
    expected = session.get(CSRF_FIELD)
    sent = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, sent):
        abort(400, description=messages.FORM_EXPIRED)
