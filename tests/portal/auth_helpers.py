"""Reading the patient pages in the auth area's tests: headings, field errors, status messages."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.test import TestResponse


def page_text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def headings(response: TestResponse) -> list[str]:
    return re.findall(r"<h1>(.*?)</h1>", page_text(response))


def field_error(response: TestResponse, field: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page_text(response))
    return match.group(1) if match else None


def statuses(response: TestResponse) -> list[str]:
    """The texts of the page's role="status" notices (flashed messages and notices)."""
    html = page_text(response)
    blocks = re.findall(r'<div class="notice[^"]*" role="status">(.*?)</div>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks]


def label_for(response: TestResponse, field: str) -> str | None:
    match = re.search(rf'<label class="label" for="{field}">(.*?)</label>', page_text(response))
    return match.group(1) if match else None


def buttons(response: TestResponse) -> list[str]:
    """The page's own buttons (not the layout's English / Español control, demographics area)."""
    page = re.sub(r'<form class="language-switch".*?</form>', "", page_text(response), flags=re.S)
    return [" ".join(text.split()) for text in re.findall(r"<button[^>]*>(.*?)</button>", page, re.S)]


def links(response: TestResponse) -> dict[str, str]:
    """Link text -> href."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', page_text(response), re.S)
    return {" ".join(re.sub(r"<[^>]+>", "", text).split()): href for href, text in found}


def body_of_latest(mail: list[dict[str, Any]]) -> str:
    assert mail, "no mail"
    return str(mail[-1]["body"])
