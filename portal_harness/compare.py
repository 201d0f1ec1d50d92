"""`portal-harness compare BASELINE CANDIDATE`: what an upgrade changed, scenario id by scenario id.

The regression key is the scenario's `@id`, never its name or file: a renamed or moved scenario
is compared with its old self and reported under the candidate's name. An Outline is one id;
its worst row stands for it (`summary.worst_per_id`).

Every id lands in exactly one category (ids that passed in both are only counted):
- `known`: an active entry of `data/known_issues.toml` covers it and it failed in the candidate,
  or it passes now (then `note` says "known issue fixed: remove the entry"). An expired entry
  covers nothing: the id is classified as if the entry did not exist, carries
  `known_issue: {..., "expired": true}`, and `notes` says so.
- `removed`: only in the baseline (an interrupted candidate puts what it did not reach here).
- `new`: not run in the baseline (absent there, or skipped, e.g. "new in release 2026.2"),
  whatever its status now. A new scenario that fails is NOT a regression (nothing passed
  before): it is listed here with `status: "failed"` and its message, for a person to look at.
- `flaky`: failed, then passed on retry, in the candidate. Never a regression.
- `skipped`: skipped in the candidate; `message` is the reason.
- `regressed`: passed before (a flaky pass counts as a pass: it did work), failed now.
- `fixed`: failed before, passes now; `message`/`error_kind` say what was failing.
- `still_failing`: failed in both.

Beyond the categories, the page scans of the two runs (`--scan`, scan_comparison.py) give
`new_accessibility_violations`, `visual_changes` and `slower_pages`, always present as lists, and
`scans` (which kinds ran in each run). A new serious or critical accessibility violation puts the
scenario that visited the page in `regressed` (error_kind "accessibility").

Entry fields: id, name, feature, status (the candidate's; the baseline's for `removed`),
baseline_status, message, error_kind, evidence (paths relative to the candidate's archive,
None where the candidate did not fail), severity, smoke; `known` entries add ticket, reason,
expires, expired, note. Beyond the documented keys the JSON carries `passed_in_both` (a count)
and `notes` (sentences for people: expired entries, interrupted runs).

The quality gate: no regression among `@smoke` or `@severity:critical`/`@severity:blocker`
scenarios. The exit code is stricter: 1 if anything at all regressed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from portal_harness.comparison_page import render_comparison_page
from portal_harness.errors import HarnessError
from portal_harness.known_issues import KnownIssue, load_known_issues
from portal_harness.runs import RunArchive
from portal_harness.scan_comparison import SCAN_SECTIONS, SpeedThreshold, compare_scans
from portal_harness.summary import STATUSES, ScenarioResult, Summary, worst_per_id

CATEGORIES = ("regressed", "fixed", "still_failing", "new", "removed", "flaky", "known", "skipped")
COMPARISON_JSON = "comparison.json"
COMPARISON_MD = "comparison.md"
GATE_SEVERITIES = ("critical", "blocker")
KNOWN_ISSUE_FIXED = "known issue fixed: remove the entry"
EXIT_NO_REGRESSION, EXIT_REGRESSED = 0, 1


def compare_runs(
    baseline: RunArchive,
    candidate: RunArchive,
    known_issues_path: Path | None = None,
    today: date | None = None,
    threshold: SpeedThreshold | None = None,
) -> dict[str, Any]:
    """Compare, write comparison.json and comparison.md into the candidate's archive, return the JSON."""
    known = load_known_issues(known_issues_path)
    comparison = build_comparison(baseline, candidate, known, today or date.today(), threshold)
    _write_atomically(candidate.path / COMPARISON_JSON, comparison_json_text(comparison))
    _write_atomically(candidate.path / COMPARISON_MD, render_comparison_page(comparison))
    return comparison


def comparison_json_text(comparison: dict[str, Any]) -> str:
    """The exact text of comparison.json, which `compare --json` also prints."""
    return json.dumps(comparison, indent=2, ensure_ascii=False) + "\n"


def classification_by_id(comparison: dict[str, Any]) -> dict[str, str]:
    """Each listed id → its category ("regressed", "known", ...); ids that passed in both are absent."""
    return {entry["id"]: category for category in CATEGORIES for entry in comparison.get(category, [])}


def verdict_line(comparison: dict[str, Any]) -> str:
    """One line for people (stderr): the tally and the gate."""
    tally = ", ".join(f"{len(comparison[key])} {key.replace('_', ' ')}" for key in CATEGORIES)
    gate = comparison["gate"]
    verdict = "passed" if gate["passed"] else "FAILED (" + "; ".join(gate["failed_rules"]) + ")"
    scans = comparison.get("scans") or {}
    found = ""
    if scans.get("baseline") or scans.get("candidate"):
        found = "; page scans: " + ", ".join(f"{len(comparison[key])} {key.replace('_', ' ')}" for key in SCAN_SECTIONS)
    return f"{tally}, {comparison['passed_in_both']} passed in both{found}; quality gate {verdict}"


def exit_code(comparison: dict[str, Any]) -> int:
    return EXIT_REGRESSED if comparison["regressed"] else EXIT_NO_REGRESSION


def build_comparison(
    baseline: RunArchive,
    candidate: RunArchive,
    known: dict[str, KnownIssue],
    today: date,
    threshold: SpeedThreshold | None = None,
) -> dict[str, Any]:
    before_summary, after_summary = read_run_summary(baseline), read_run_summary(candidate)
    before, after = worst_per_id(before_summary.results), worst_per_id(after_summary.results)
    lists: dict[str, list[dict[str, Any]]] = {category: [] for category in CATEGORIES}
    notes: list[str] = []
    passed_in_both: set[str] = set()
    for scenario_id in sorted(set(before) | set(after)):
        old, new = before.get(scenario_id), after.get(scenario_id)
        issue = known.get(scenario_id)
        if issue is not None and issue.expired(today) and new is not None:
            notes.append(
                f"Known issue {scenario_id} ({issue.ticket}) expired on {issue.expires}: "
                "it counts again; renew or remove the entry."
            )
        active = issue if issue is not None and not issue.expired(today) else None
        category = _category(old, new, active)
        if category is None:
            passed_in_both.add(scenario_id)
            continue
        entry = _entry(old, new, category)
        if category == "known" and active is not None:
            entry.update(active.to_json(today))
            entry["note"] = KNOWN_ISSUE_FIXED if new is not None and new.status == "passed" else None
        elif issue is not None and active is None and new is not None:
            entry["known_issue"] = issue.to_json(today)
        lists[category].append(entry)
    notes += _interruption_notes(before_summary, after_summary)
    scans = compare_scans(baseline, candidate, threshold)
    _add_scan_regressions(lists, passed_in_both, scans["scan_regressions"], before, after)
    return {
        "baseline": _run_block(baseline, before_summary),
        "candidate": _run_block(candidate, after_summary),
        **lists,
        "passed_in_both": len(passed_in_both),
        "gate": _gate(lists["regressed"]),
        "scans": scans["scans"],
        **{section: scans[section] for section in SCAN_SECTIONS},
        "notes": notes + scans["notes"],
    }


def _add_scan_regressions(
    lists: dict[str, list[dict[str, Any]]],
    passed_in_both: set[str],
    sentences_by_id: dict[str, list[str]],
    before: dict[str, ScenarioResult],
    after: dict[str, ScenarioResult],
) -> None:
    """A new serious or critical accessibility violation regresses the scenario that visited the page.

    A scenario already regressed keeps its entry with the violations added to its message; one
    that passed (in both, newly, flakily, or now fixed) moves to `regressed`; a scenario that
    still fails, is known or was removed stays where it is.
    """
    for scenario_id, sentences in sorted(sentences_by_id.items()):
        found = "; ".join(sentences)
        regressed = next((e for e in lists["regressed"] if e["id"] == scenario_id), None)
        if regressed is not None:
            regressed["message"] = "; ".join(filter(None, [regressed["message"], found]))
            continue
        if scenario_id not in after or after[scenario_id].status not in ("passed", "flaky"):
            continue
        for category in ("new", "flaky", "fixed"):
            lists[category] = [entry for entry in lists[category] if entry["id"] != scenario_id]
        passed_in_both.discard(scenario_id)
        entry = _entry(before.get(scenario_id), after[scenario_id], "regressed")
        entry.update(message=found, error_kind="accessibility")
        lists["regressed"].append(entry)
    lists["regressed"].sort(key=lambda entry: entry["id"])


def _category(old: ScenarioResult | None, new: ScenarioResult | None, active: KnownIssue | None) -> str | None:
    """The one category of an id, or None when it passed in both runs."""
    if new is None:
        return "removed"
    if active is not None and new.status in ("failed", "passed"):
        return "known"
    if old is None or old.status == "skipped":
        return "new"
    if new.status in ("flaky", "skipped"):
        return new.status
    old_failed = old.status == "failed"
    if new.status == "failed":
        return "still_failing" if old_failed else "regressed"
    return "fixed" if old_failed else None


def _entry(old: ScenarioResult | None, new: ScenarioResult | None, category: str) -> dict[str, Any]:
    shown = new or old
    assert shown is not None  # an id comes from one of the two runs
    # What the message describes: the candidate's non-pass, or for fixed/removed the baseline's.
    described = old if category in ("fixed", "removed") else new
    tags = list(dict.fromkeys([*(new.tags if new else []), *(old.tags if old else [])]))
    failed_now = new is not None and new.status != "passed"
    return {
        "id": shown.id,
        "name": shown.name,
        "feature": shown.feature,
        "status": shown.status,
        "baseline_status": old.status if old else None,
        "message": _message(described),
        "error_kind": _error_kind(described),
        "evidence": new.evidence if failed_now and new is not None else None,
        "severity": _severity(tags),
        "smoke": "smoke" in tags,
    }


def _message(result: ScenarioResult | None) -> str | None:
    """The result's message; for a flaky row without one, the failed attempt's."""
    if result is None or result.status == "passed":
        return None
    if result.message:
        return result.message
    for attempt in result.attempts or []:
        if attempt.get("status") == "failed" and attempt.get("message"):
            return str(attempt["message"])
    return None


def _error_kind(result: ScenarioResult | None) -> str | None:
    if result is None or result.status == "passed":
        return None
    if result.error_kind:
        return result.error_kind
    for attempt in result.attempts or []:
        if attempt.get("status") == "failed" and attempt.get("error_kind"):
            return str(attempt["error_kind"])
    return None


def _severity(tags: list[str]) -> str | None:
    for tag in tags:
        family, _, value = tag.partition(":")
        if family == "severity" and value:
            return value
    return None


def _gate(regressed: list[dict[str, Any]]) -> dict[str, Any]:
    smoke = [entry["id"] for entry in regressed if entry["smoke"]]
    severe = [entry["id"] for entry in regressed if entry["severity"] in GATE_SEVERITIES]
    failed_rules = []
    if smoke:
        failed_rules.append(f"regression in a smoke scenario: {', '.join(smoke)}")
    if severe:
        failed_rules.append(f"regression in a critical or blocker scenario: {', '.join(severe)}")
    return {"passed": not failed_rules, "failed_rules": failed_rules}


def _interruption_notes(baseline: Summary, candidate: Summary) -> list[str]:
    notes = []
    if baseline.interrupted:
        notes.append("The baseline run was interrupted: scenarios it did not reach are listed as new.")
    if candidate.interrupted:
        notes.append("The candidate run was interrupted: scenarios it did not reach are listed as removed.")
    return notes


def _run_block(archive: RunArchive, summary: Summary) -> dict[str, Any]:
    manifest = archive.read_manifest()
    portal = manifest.get("portal") or {}
    return {
        "run": manifest.get("run_id") or archive.run_id,
        "label": manifest.get("label") or summary.label or "",
        "release": portal.get("release") if isinstance(portal, dict) else None,
        **summary.counts,
    }


def read_run_summary(archive: RunArchive) -> Summary:
    """The archive's summary.json, or one sentence saying why it cannot be compared."""
    path = archive.summary_path
    if not path.exists():
        raise HarnessError(
            f"Run {archive.run_id} has no summary.json ({path}): it ran no scenario; compare runs that finished."
        )
    try:
        summary = Summary.read(path)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise HarnessError(
            f"{path} is not a readable run summary ({type(error).__name__}: {error}): "
            "pick another run or rerun the suite for this one."
        ) from error
    unknown = sorted({r.status for r in summary.results} - set(STATUSES))
    if unknown:
        raise HarnessError(
            f"{path} has results with unknown status {', '.join(map(str, unknown))}: "
            f"statuses are {', '.join(STATUSES)}; pick another run or rerun the suite."
        )
    return summary


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
