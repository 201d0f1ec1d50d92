"""The one-page upgrade sign-off summary: what was tested, what regressed, and lines to sign."""

from __future__ import annotations

import hashlib
from html import escape
from typing import Any

from portal_harness.runs import RunArchive

MAX_ROWS = 12  # one printed page; the rest is in comparison.md

_STYLE = """
body { font: 11pt/1.35 system-ui, sans-serif; color: #1a1a1a; margin: 2em auto; max-width: 46em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 12pt; margin: 1.1em 0 .3em; }
.verdict { padding: .6em .8em; border: 2px solid; border-radius: 4px; font-weight: 600; }
.pass { border-color: #1b6e1b; background: #eef8ee; } .fail { border-color: #a11; background: #fdeeee; }
.warn { color: #a11; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.sign td { height: 2.2em; border: none; border-bottom: 1px solid #333; }
.sign th { background: none; border: none; width: 9em; }
.small { font-size: 9pt; color: #444; }
@page { size: Letter; margin: 1.5cm; }
"""


def _fingerprint(*runs: RunArchive | None) -> str:
    digest = hashlib.sha256()
    for run in runs:
        if run is None:
            continue
        for name in ("summary.json", "comparison.json"):
            path = run.path / name
            if path.exists():
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _run_line(title: str, run: RunArchive | None) -> str:
    if run is None:
        return f"<tr><th>{title}</th><td colspan='3'>none: this run was not compared with a baseline</td></tr>"
    manifest = run.read_manifest()
    portal = manifest.get("portal") or {}
    faults = ", ".join(manifest.get("faults") or [])
    fault_note = f" <span class='warn'>faults switched on: {escape(faults)}</span>" if faults else ""
    return (
        f"<tr><th>{title}</th><td>{escape(str(portal.get('product', '')))} {escape(str(portal.get('release', '')))}"
        f"{fault_note}</td><td>{escape(run.run_id)} ({escape(str(manifest.get('label', '')))})</td>"
        f"<td>{escape(str(manifest.get('started_at', '')))}</td></tr>"
    )


def _entries(title: str, entries: list[dict[str, Any]], extra: str = "message") -> str:
    if not entries:
        return ""
    rows = "".join(
        f"<tr><td>{escape(e['id'])}</td><td>{escape(str(e.get('name', '')))}</td>"
        f"<td>{escape(str(e.get(extra) or e.get('ticket') or ''))}</td></tr>"
        for e in entries[:MAX_ROWS]
    )
    hidden = len(entries) - MAX_ROWS
    more = f"<p class='small'>and {hidden} more in comparison.md</p>" if hidden > 0 else ""
    head = "<tr><th>Id</th><th>Scenario</th><th>Detail</th></tr>"
    return f"<h2>{title} ({len(entries)})</h2><table>{head}{rows}</table>{more}"


_STATUSES = ("passed", "failed", "skipped", "flaky")


def _count_row(title: str, counts: dict[str, Any]) -> str:
    cells = "".join(f"<td>{counts.get(status, 0)}</td>" for status in _STATUSES)
    return f"<tr><th>{escape(title)}</th>{cells}</tr>"


def _counts(comparison: dict[str, Any] | None, candidate: RunArchive) -> str:
    head = "<tr><th></th>" + "".join(f"<th>{status}</th>" for status in _STATUSES) + "</tr>"
    if comparison is None:
        summary = candidate.read_summary()
        return f"<table>{head}{_count_row('This run', summary.counts if summary else {})}</table>"
    rows = "".join(
        _count_row(f"{side.title()} {comparison[side].get('release', '')}", comparison[side])
        for side in ("baseline", "candidate")
    )
    return f"<table>{head}{rows}</table>"


def _verdict(comparison: dict[str, Any] | None) -> str:
    if comparison is None:
        return "<p class='verdict fail'>No comparison with a baseline: run `portal-harness compare` first.</p>"
    gate, regressed = comparison["gate"], comparison["regressed"]
    if gate["passed"] and not regressed:
        return "<p class='verdict pass'>No regression. Quality gate passed.</p>"
    rules = "".join(f"<li>{escape(rule)}</li>" for rule in gate["failed_rules"])
    state = "passed" if gate["passed"] else "FAILED"
    return f"<div class='verdict fail'>{len(regressed)} regression(s). Quality gate {state}.<ul>{rules}</ul></div>"


def render_signoff_page(candidate: RunArchive, baseline: RunArchive | None, comparison: dict[str, Any] | None) -> str:
    manifest = candidate.read_manifest()
    known = [
        {**entry, "message": f"{entry.get('ticket', '')}: {entry.get('reason', '')}"}
        for entry in (comparison or {}).get("known", [])
    ]
    sections = "".join(
        (
            _entries("Regressed", (comparison or {}).get("regressed", [])),
            _entries("Known issues (accepted, not counted)", known),
            _entries("Flaky (failed, then passed on retry)", (comparison or {}).get("flaky", [])),
            _entries("Still failing", (comparison or {}).get("still_failing", [])),
        )
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Upgrade sign-off: {escape(candidate.run_id)}</title>
<style>{_STYLE}</style></head><body><main>
<h1>Upgrade sign-off</h1>
<p class="small">Target {escape(str(manifest.get("target_url") or manifest.get("target", "")))} ·
suite {escape(str(manifest.get("suite_commit") or "unknown"))} · fingerprint {_fingerprint(candidate, baseline)}</p>
<table>{_run_line("Baseline", baseline)}{_run_line("Candidate", candidate)}</table>
<h2>Verdict</h2>{_verdict(comparison)}
<h2>Scenarios</h2>{_counts(comparison, candidate)}
{sections}
<h2>Sign-off</h2>
<p>I have reviewed the regressions and known issues above and the Allure report in this pack.</p>
<p>&#9744; The upgrade is accepted for production &nbsp; &#9744; The upgrade is not accepted</p>
<table class="sign"><tr><th>Name</th><td></td></tr><tr><th>Role</th><td></td></tr>
<tr><th>Signature</th><td></td></tr><tr><th>Date</th><td></td></tr></table>
<p class="small">Every file of this pack and its SHA-256 is listed in SHA256SUMS
(check with <code>sha256sum -c SHA256SUMS</code>).</p>
</main></body></html>
"""
