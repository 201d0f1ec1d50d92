"""Posting the portal's own forms over HTTP in a person's browser context (no clicking).

Given steps use it to reach a state fast, e.g. "Maria is signed in": the browser context's
request client shares its cookies, so the page that follows is signed in. The form's CSRF token
is read from the form page first, exactly as the browser would send it.
"""

from __future__ import annotations

import re

from playwright.sync_api import APIResponse, FilePayload, Page

_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


class FormPostError(AssertionError):
    """The portal refused a form a Given step posted: the precondition could not be built."""


def post_form(
    page: Page,
    path: str,
    fields: dict[str, str],
    *,
    form_page: str | None = None,
    files: dict[str, FilePayload] | None = None,
) -> APIResponse:
    """GET the form page (for its CSRF token), then POST the fields; redirects are followed.

    With `files` the form is sent as multipart/form-data, as a browser sends a file upload.
    """
    form = page.request.get(form_page or path)
    token = _CSRF.search(form.text())
    if token is None:
        raise FormPostError(f"{form_page or path} shows no form with a CSRF token (status {form.status}).")
    values = {**fields, "csrf_token": token.group(1)}
    response = page.request.post(path, multipart={**values, **files}) if files else page.request.post(path, form=values)
    if response.status >= 400:
        raise FormPostError(f"POST {path} answered {response.status}.")
    return response


def landed_on(response: APIResponse) -> str:
    """The path the POST-redirect-GET ended on."""
    return re.sub(r"^https?://[^/]+", "", response.url).split("?")[0]
