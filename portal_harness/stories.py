"""The project manager's backlog, `data/stories.toml`: the user stories the suite should cover."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from portal_harness.errors import HarnessError

_FIELDS = ("id", "title", "area")


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    area: str


def load_stories(path: Path) -> list[Story]:
    """Every [[story]] of the file; no file means no backlog yet (an empty coverage table)."""
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise HarnessError(f"{path} is not valid TOML ({error}): fix that line.") from None
    stories: list[Story] = []
    seen: set[str] = set()
    for number, entry in enumerate(data.get("story", []), start=1):
        missing = [name for name in _FIELDS if not str(entry.get(name, "")).strip()]
        if missing:
            raise HarnessError(
                f"{path}: story {number} has no {', '.join(missing)}: give each [[story]] id, title, area."
            )
        unknown = sorted(set(entry) - set(_FIELDS))
        if unknown:
            keys = ", ".join(unknown)
            raise HarnessError(f"{path}: story {entry['id']} has unknown keys {keys}: use only id, title and area.")
        if entry["id"] in seen:
            raise HarnessError(f"{path}: story {entry['id']} appears twice: give each story its own id.")
        seen.add(entry["id"])
        stories.append(Story(str(entry["id"]), str(entry["title"]), str(entry["area"])))
    return stories
