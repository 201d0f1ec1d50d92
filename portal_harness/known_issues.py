"""Known issues: failures a team has accepted for now, listed in `data/known_issues.toml`.

A known issue is shown in the comparison but not counted as a regression, so the gate stays
meaningful while a vendor ticket is open. Every entry names its ticket and reason, and may carry
an expiry date: after that date the entry no longer excuses anything (the failure counts again),
which keeps the list from quietly turning into a place where regressions are hidden forever.

The file, one table per scenario id:

    [MSG-04]
    ticket = "PP-1234"
    reason = "Vendor bug: long subjects are cut at 200 characters since 2026.2"
    expires = 2027-01-31   # optional; a TOML date or "YYYY-MM-DD"; valid through that day
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.paths import project_root
from portal_harness.tags import SCENARIO_ID

_FIELDS = {"ticket", "reason", "expires"}


@dataclass(frozen=True)
class KnownIssue:
    id: str
    ticket: str
    reason: str
    expires: date | None = None

    def expired(self, today: date) -> bool:
        """The expiry day itself still counts as covered."""
        return self.expires is not None and today > self.expires

    def to_json(self, today: date) -> dict[str, Any]:
        return {
            "ticket": self.ticket,
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "expired": self.expired(today),
        }


def default_known_issues_file() -> Path:
    return project_root() / "data" / "known_issues.toml"


def load_known_issues(path: Path | None = None) -> dict[str, KnownIssue]:
    """The entries by scenario id. No file at the default place means no known issues;
    a file given explicitly must exist."""
    file = path or default_known_issues_file()
    if not file.exists():
        if path is not None:
            raise HarnessError(f"The known issues file {file} does not exist: check the --known-issues path.")
        return {}
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise HarnessError(f"{file} is not valid TOML ({error}): fix the syntax or empty the file.") from error
    return {scenario_id: _entry(file, scenario_id, fields) for scenario_id, fields in document.items()}


def _entry(file: Path, scenario_id: str, fields: Any) -> KnownIssue:
    where = f"{file}, entry [{scenario_id}]"
    if not SCENARIO_ID.match(scenario_id):
        raise HarnessError(f"{where}: '{scenario_id}' is not a scenario id: write it like [MSG-04].")
    if not isinstance(fields, dict):
        raise HarnessError(f"{where} is not a table: write [{scenario_id}] followed by ticket = and reason = lines.")
    unknown = sorted(set(fields) - _FIELDS)
    if unknown:
        raise HarnessError(f"{where} has unknown field(s) {', '.join(unknown)}: use only ticket, reason and expires.")
    texts: dict[str, str] = {}
    for name in ("ticket", "reason"):
        value = fields.get(name)
        if not isinstance(value, str) or not value.strip():
            raise HarnessError(f'{where} needs a non-empty {name} = "...".')
        texts[name] = value.strip()
    return KnownIssue(scenario_id, texts["ticket"], texts["reason"], _expiry(where, fields.get("expires")))


def _expiry(where: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise HarnessError(f"{where}: expires = {value!r} is not a date: write expires = YYYY-MM-DD.")
