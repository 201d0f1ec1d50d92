"""Small input checks shared by several services."""

from __future__ import annotations

import re
from datetime import date

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def looks_like_email(text: str) -> bool:
    return len(text) <= 254 and _EMAIL.fullmatch(text) is not None


def parse_iso_date(text: str) -> date | None:
    """A YYYY-MM-DD date, or None when the text is not a real date in that form."""
    try:
        return date.fromisoformat(text.strip()) if len(text.strip()) == 10 else None
    except ValueError:
        return None
