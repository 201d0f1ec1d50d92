"""What `--scan a11y,visual,speed` leaves in a run archive, and how it is read back.

A page is its route: the URL's path with id-like segments replaced by `{id}`, plus the names
(never the values) of its query parameters, e.g. `/results/{id}` or `/messages?folder`. Each
distinct page is scanned once per run, the first time a scenario's step leaves a browser on it:

    scans/pages/<slug>.json   {"page", "url", "scenario", "title",
                               "a11y": [violation, ...] or null (a11y not scanned),
                               "screenshot": "visual/<slug>.png" or null}
    scans/visual/<slug>.png   the page's viewport, dynamic regions masked (visual)
    scans/speed/<pid>.jsonl   one line per page load: {"page", "scenario", "response_ms", "load_ms"}
    scans/claimed/<slug>      empty: which process scanned the page (xdist workers share the run)
    scans/budgets.json        {page: ms}: the profile's load budgets the run was held to (speed)

A violation is {"rule", "impact", "help", "help_url", "elements": [{"target", "html"}]}. Speed
is sampled on every page load (each new document), not only the first, and read back as the
median per page.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SCANS_DIR = "scans"
BUDGETS_FILE = "budgets.json"
SCAN_KINDS = ("a11y", "visual", "speed")
# Path segments that are data, not route: numbers, hex and UUIDs, `pat_N3v9Qx2KpL0aZ7cW`-style public ids,
# codes in capitals (`EC-WQYR-7K`), and longer tokens mixing cases or letters and digits (routes are
# lower-case words).
_ID_SEGMENT = re.compile(
    r"^(?:\d+|[0-9a-fA-F-]{8,}|[a-z]{2,6}_[\w-]{8,}|(?=.*[A-Z])[A-Z0-9_-]{3,}"
    r"|(?=[\w-]{8,}$)(?:.*[a-z].*[A-Z]|.*[A-Z].*[a-z]|.*[A-Za-z].*\d|.*\d.*[A-Za-z]).*)$"
)


def parse_scans(text: str) -> tuple[str, ...]:
    """`a11y,visual` -> ("a11y", "visual"); `all` -> every kind; an unknown kind is one sentence."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    if wanted == ["all"]:
        return SCAN_KINDS
    unknown = [kind for kind in wanted if kind not in SCAN_KINDS]
    if unknown:
        from portal_harness.errors import HarnessError

        raise HarnessError(f"--scan {text}: {unknown[0]!r} is not a scan; use {', '.join(SCAN_KINDS)} or all.")
    return tuple(kind for kind in SCAN_KINDS if kind in wanted)


def page_key(url: str) -> str:
    """`http://h/results/17?tab=x&x=1` -> `/results/{id}?tab&x`: the page, whatever the data."""
    parts = urlsplit(url)
    segments = ["{id}" if _ID_SEGMENT.match(segment) else segment for segment in parts.path.split("/")]
    path = "/".join(segments) or "/"
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(names) if names else "")


def page_slug(page: str) -> str:
    """A file name for a page: readable, and unique by a short hash of the page itself."""
    readable = re.sub(r"[^A-Za-z0-9]+", "-", page).strip("-") or "root"
    return f"{readable[:60]}-{hashlib.sha256(page.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class PageRecord:
    page: str
    url: str
    scenario: str
    title: str = ""
    a11y: list[dict[str, Any]] | None = None
    screenshot: str | None = None  # relative to the archive's scans/ folder

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "url": self.url,
            "scenario": self.scenario,
            "title": self.title,
            "a11y": self.a11y,
            "screenshot": self.screenshot,
        }


@dataclass(frozen=True)
class PageSpeed:
    page: str
    load_ms: float  # median of the run's loads of this page
    response_ms: float  # median server response (request start to response start)
    samples: int
    scenarios: tuple[str, ...]  # who loaded it, first first


@dataclass
class RunScans:
    """One archive's scans: the kinds that ran, the pages scanned, and each page's speed."""

    path: Path
    kinds: tuple[str, ...] = ()
    pages: dict[str, PageRecord] = field(default_factory=dict)
    speed: dict[str, PageSpeed] = field(default_factory=dict)
    budgets: dict[str, int] = field(default_factory=dict)

    def screenshot_path(self, page: str) -> Path | None:
        record = self.pages.get(page)
        if record is None or record.screenshot is None:
            return None
        path = self.path / SCANS_DIR / record.screenshot
        return path if path.exists() else None


def read_run_scans(run_path: Path, kinds: tuple[str, ...] | list[str] = ()) -> RunScans:
    """What the archive's `scans/` holds; `kinds` is the manifest's `scan` (an archive without scans: none)."""
    scans = RunScans(path=run_path, kinds=tuple(kinds))
    folder = run_path / SCANS_DIR
    for path in sorted((folder / "pages").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        record = PageRecord(
            page=str(data["page"]),
            url=str(data.get("url", "")),
            scenario=str(data.get("scenario", "")),
            title=str(data.get("title", "")),
            a11y=data.get("a11y"),
            screenshot=data.get("screenshot"),
        )
        scans.pages[record.page] = record
    scans.speed = _speed(sorted((folder / "speed").glob("*.jsonl")))
    if (folder / BUDGETS_FILE).exists():
        scans.budgets = {str(k): int(v) for k, v in json.loads((folder / BUDGETS_FILE).read_text()).items()}
    return scans


def _speed(files: list[Path]) -> dict[str, PageSpeed]:
    loads: dict[str, list[dict[str, Any]]] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sample = json.loads(line)
                loads.setdefault(str(sample["page"]), []).append(sample)
    return {
        page: PageSpeed(
            page=page,
            load_ms=round(statistics.median(float(s["load_ms"]) for s in samples), 1),
            response_ms=round(statistics.median(float(s["response_ms"]) for s in samples), 1),
            samples=len(samples),
            scenarios=tuple(dict.fromkeys(str(s.get("scenario", "")) for s in samples)),
        )
        for page, samples in sorted(loads.items())
    }
