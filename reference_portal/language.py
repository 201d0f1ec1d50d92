"""The page language of a request (DEM-03): the account's choice, else the language cookie.

`_("English text", name=value)` in templates and `gettext(...)` in Python translate into it.
"""

from __future__ import annotations

from flask import g, has_request_context, request
from markupsafe import Markup, escape

from reference_portal.access import current_viewer
from reference_portal.portal import current_portal
from reference_portal.services.i18n import DEFAULT_LANGUAGE, supported, translate

LANGUAGE_COOKIE = "portal_language"


def current_language() -> str:
    """Resolved once per request: the signed-in account's language, else the cookie's, else English."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    cached = g.get("page_language")
    if isinstance(cached, str):
        return cached
    language = None
    viewer = current_viewer()
    if viewer is not None:
        language = current_portal().languages.of(viewer.account)
    language = language or supported(request.cookies.get(LANGUAGE_COOKIE))
    g.page_language = language or DEFAULT_LANGUAGE
    return str(g.page_language)


def gettext(text: object, **values: object) -> Markup:
    """The text in the page's language, with `values` filled in, HTML-escaped exactly as Jinja
    escapes any value (so English output of a message is what `{{ message }}` printed before)."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)  # already through _(): not twice
    translated = translate(plain, current_language())
    if values:
        translated = translated.format(**values)
    return escape(translated)
