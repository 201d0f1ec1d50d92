"""comparison.md's three scan sections: new accessibility violations, visual changes, slower pages.

Visual changes show their diff images inline (baseline | candidate | diff), linked relative to
the candidate's archive where the page is written.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

_HTML_LIMIT = 80


def render_scan_sections(comparison: dict[str, Any]) -> list[str]:
    scans = comparison.get("scans") or {}
    if not (scans.get("baseline") or scans.get("candidate")):
        return []
    ran = f"baseline: {_kinds(scans.get('baseline'))}; candidate: {_kinds(scans.get('candidate'))}"
    lines = ["", "## Page scans", "", f"_Scans that ran — {ran}._"]
    lines += _accessibility(comparison.get("new_accessibility_violations") or [])
    lines += _visual(comparison.get("visual_changes") or [])
    lines += _speed(comparison.get("slower_pages") or [])
    return lines


def _kinds(kinds: Any) -> str:
    return ", ".join(kinds) if kinds else "none"


def _accessibility(violations: list[dict[str, Any]]) -> list[str]:
    lines = ["", f"### New accessibility violations ({len(violations)})", ""]
    if not violations:
        return [*lines, "None: no page has an axe finding (WCAG 2.1 A/AA) the baseline did not have."]
    lines += [
        "_Serious and critical ones regress the scenario that visited the page._",
        "",
        "| page | rule | impact | element | scenario | help |",
        "|---|---|---|---|---|---|",
    ]
    for v in violations:
        impact = f"**{v['impact']}**" if v.get("regression") else str(v.get("impact"))
        element = f"`{_cell(v['element'])}` {_cell(v.get('html'), _HTML_LIMIT)}"
        help_link = f"[{_cell(v.get('help'))}]({v.get('help_url')})" if v.get("help_url") else _cell(v.get("help"))
        lines.append(
            f"| `{_cell(v['page'])}` | {v['rule']} | {impact} | {element} | {v.get('scenario') or '—'} | {help_link} |"
        )
    return lines


def _visual(changes: list[dict[str, Any]]) -> list[str]:
    lines = ["", f"### Visual changes ({len(changes)})", ""]
    if not changes:
        return [*lines, "None: every page looks as its reference does (dynamic regions masked)."]
    lines += [
        "_For review, not failures: `portal-harness baseline approve RUN` accepts them as the new look._",
        "",
        "| page | changed | compared with | scenario |",
        "|---|---:|---|---|",
    ]
    lines += [
        f"| `{_cell(c['page'])}` | {c['changed_ratio']:.1%} | {c['reference']} | {c.get('scenario') or '—'} |"
        for c in changes
    ]
    for change in changes:
        lines += ["", f"**{_cell(change['page'])}** ({change['changed_ratio']:.1%} changed)", ""]
        lines.append(f"![{_cell(change['page'])}: baseline | candidate | diff]({quote(change['diff_image'])})")
    return lines


def _speed(slower: list[dict[str, Any]]) -> list[str]:
    lines = ["", f"### Slower pages ({len(slower)})", ""]
    if not slower:
        return [*lines, "None: no page's median load is slower beyond the threshold."]
    lines += [
        "| page | baseline ms | candidate ms | ratio | loads | server response ms | budget ms | over budget |",
        "|---|---:|---:|---:|---|---|---:|---|",
    ]
    for p in slower:
        response = f"{p.get('baseline_response_ms', '—')} → {p.get('candidate_response_ms', '—')}"
        loads = f"{p.get('baseline_samples', '—')} → {p.get('candidate_samples', '—')}"
        over = "**yes**" if p["over_budget"] else "no"
        budget = p.get("budget_ms") or "—"
        lines.append(
            f"| `{_cell(p['page'])}` | {p['baseline_ms']:.0f} | {p['candidate_ms']:.0f} | {p['ratio']:.2f}× "
            f"| {loads} | {response} | {budget} | {over} |"
        )
    return lines


def _cell(value: Any, limit: int = 160) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|").replace("<", "&lt;") or "—"
