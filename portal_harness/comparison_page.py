"""comparison.md: the page a QA lead reads on the morning after an upgrade.

Verdict first (the quality gate), then one table per non-empty category, regressions first.
Evidence links are relative to the candidate's archive, where this page is written, so they
open from a file browser or a zip of the archive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from portal_harness.scan_page import render_scan_sections

Entry = dict[str, Any]
Column = tuple[str, Callable[[Entry], str]]

_MESSAGE_LIMIT = 160
_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("regressed", "Regressed", "passed in the baseline, failing now"),
    ("known", "Known issues", "failing (or fixed) and listed in data/known_issues.toml: not counted as regressions"),
    ("still_failing", "Still failing", "failing in both runs"),
    ("new", "New", "not run in the baseline; a new failure is not a regression but needs a look"),
    ("fixed", "Fixed", "failing in the baseline, passing now"),
    ("flaky", "Flaky", "failed, then passed on retry: never a regression, never silently passed"),
    ("skipped", "Skipped", "skipped in the candidate"),
    ("removed", "Removed", "in the baseline only"),
)


def render_comparison_page(comparison: dict[str, Any]) -> str:
    baseline, candidate = comparison["baseline"], comparison["candidate"]
    lines = [
        f"# Upgrade comparison: {_run_title(baseline)} → {_run_title(candidate)}",
        "",
        _gate_line(comparison["gate"]),
        "",
        _tally_line(comparison),
        "",
        *_counts_table(baseline, candidate),
    ]
    notes = comparison.get("notes") or []
    if notes:
        lines += ["", "## Notes", "", *[f"- {_cell(note)}" for note in notes]]
    for key, title, meaning in _SECTIONS:
        entries = comparison.get(key) or []
        if entries:
            lines += ["", f"## {title} ({len(entries)})", "", f"_{meaning}._", "", *_table(entries, _columns(key))]
    lines += render_scan_sections(comparison)
    return "\n".join(lines) + "\n"


def _run_title(run: dict[str, Any]) -> str:
    label = run.get("label") or "unlabelled"
    release = f"release {run['release']}" if run.get("release") else "release unknown"
    return f"{label} ({release}, run {run['run']})"


def _gate_line(gate: dict[str, Any]) -> str:
    if gate["passed"]:
        return "**Quality gate: PASSED** — no regression in a smoke, critical or blocker scenario."
    return "**Quality gate: FAILED** — " + "; ".join(gate["failed_rules"]) + "."


def _tally_line(comparison: dict[str, Any]) -> str:
    parts = [f"{len(comparison.get(key) or [])} {title.lower()}" for key, title, _ in _SECTIONS]
    parts.append(f"{comparison.get('passed_in_both', 0)} passed in both")
    return " · ".join(parts)


def _counts_table(baseline: dict[str, Any], candidate: dict[str, Any]) -> list[str]:
    header = "| run | passed | failed | skipped | flaky |"
    rows = [
        f"| {name} | {run['passed']} | {run['failed']} | {run['skipped']} | {run['flaky']} |"
        for name, run in (("baseline", baseline), ("candidate", candidate))
    ]
    return [header, "|---|---:|---:|---:|---:|", *rows]


def _columns(category: str) -> list[Column]:
    common: list[Column] = [
        ("id", lambda e: f"`{e['id']}`"),
        ("scenario", lambda e: _cell(e.get("name"))),
        ("feature", lambda e: _cell(e.get("feature"))),
    ]
    failure: list[Column] = [
        ("message", lambda e: _cell(e.get("message"))),
        ("error kind", lambda e: _cell(e.get("error_kind"))),
        ("evidence", _evidence_cell),
    ]
    status: Column = ("status", lambda e: _cell(e.get("status")))
    if category == "regressed":
        return [*common, *failure, ("gate", _gate_cell)]
    if category == "known":
        return [
            *common,
            status,
            ("ticket", lambda e: _cell(e.get("ticket"))),
            ("reason", lambda e: _cell(e.get("reason"))),
            ("expires", lambda e: _cell(e.get("expires"))),
            ("note", lambda e: _cell(e.get("note"))),
            *failure,
        ]
    if category == "fixed":
        return [*common, ("was failing with", lambda e: _cell(e.get("message"))), failure[1]]
    if category == "skipped":
        return [*common, ("reason", lambda e: _cell(e.get("message")))]
    if category == "removed":
        return [*common, ("last status", lambda e: _cell(e.get("status")))]
    if category == "new":
        return [*common, status, *failure]
    return [*common, *failure]


def _table(entries: list[Entry], columns: list[Column]) -> list[str]:
    header = "| " + " | ".join(name for name, _ in columns) + " |"
    rule = "|" + "---|" * len(columns)
    rows = ["| " + " | ".join(render(entry) for _, render in columns) + " |" for entry in entries]
    return [header, rule, *rows]


def _gate_cell(entry: Entry) -> str:
    marks = []
    if entry.get("smoke"):
        marks.append("smoke")
    if entry.get("severity") in ("critical", "blocker"):
        marks.append(str(entry["severity"]))
    expired = entry.get("known_issue")
    if expired:
        marks.append(f"known issue {expired['ticket']} expired {expired['expires']}")
    return _cell(", ".join(marks))


def _evidence_cell(entry: Entry) -> str:
    evidence = entry.get("evidence") or {}
    links = [f"[{name}]({quote(str(evidence[name]))})" for name in ("screenshot", "trace") if evidence.get(name)]
    for key, what in (("console_errors", "console error"), ("http_errors", "HTTP error")):
        count = len(evidence.get(key) or [])
        if count:
            links.append(f"{count} {what}{'s' if count > 1 else ''}")
    return " · ".join(links) or "—"


def _cell(value: Any) -> str:
    """One table cell: a single line, long messages cut, `|` and `<` escaped (Outline names hold `<side>`)."""
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    if len(text) > _MESSAGE_LIMIT:
        text = text[: _MESSAGE_LIMIT - 1] + "…"
    return text.replace("|", "\\|").replace("<", "\\<")
