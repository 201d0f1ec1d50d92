"""Tracker links: `@story:PP-214` becomes a link through one configured URL pattern.

The pattern lives in pyproject.toml, `[tool.portal-harness] story_url =
"https://tracker.example.org/browse/{story}"`; the environment variable PORTAL_HARNESS_STORY_URL
overrides it (a CI job pointing at another tracker). No pattern, no links: the story label stays.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from portal_harness.errors import HarnessError
from portal_harness.paths import project_root

STORY_URL_ENV = "PORTAL_HARNESS_STORY_URL"
STORY_PLACEHOLDER = "{story}"


@lru_cache(maxsize=4)
def _harness_table(pyproject: Path) -> dict[str, Any]:
    if not pyproject.exists():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise HarnessError(f"{pyproject} is not valid TOML ({error}): fix that line.") from None
    table: dict[str, Any] = data.get("tool", {}).get("portal-harness", {})
    return table


def story_url_pattern(root: Path | None = None) -> str | None:
    """The configured pattern (environment first, then pyproject.toml), checked for `{story}`."""
    configured = os.environ.get(STORY_URL_ENV)
    where = f"the environment variable {STORY_URL_ENV}"
    if configured is None:
        pyproject = (root or project_root()) / "pyproject.toml"
        configured = _harness_table(pyproject).get("story_url")
        where = f"{pyproject} [tool.portal-harness] story_url"
    if not configured:
        return None
    if not isinstance(configured, str) or STORY_PLACEHOLDER not in configured:
        raise HarnessError(
            f"{where} must be a URL containing {STORY_PLACEHOLDER}, e.g. https://tracker.example.org/browse/{{story}}."
        )
    return configured


def story_url(story: str, pattern: str | None) -> str | None:
    """The story's tracker URL, or None when no pattern is configured."""
    if not pattern:
        return None
    return pattern.replace(STORY_PLACEHOLDER, quote(story, safe=""))
