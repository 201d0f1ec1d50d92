"""Beyond pass/fail: what the page scans of two runs say an upgrade changed.

- `new_accessibility_violations`: axe findings on a page in the candidate that the baseline did
  not have. An element counts as new when its rule was not broken on that page before, or when
  the rule now has more offending elements there than before and this element's selector is new
  (a redesign renames selectors; it does not make an old finding new). A new serious or critical
  one is a regression of the scenario that visited the page (`scan_regressions`).
- `visual_changes`: pages whose screenshot differs from the reference (the approved baseline for
  the target and the baseline run's release, else the baseline run's own screenshot) on at least
  `VISUAL_MIN_RATIO` of the canvas. For review, never a failure; `baseline approve` accepts them.
- `slower_pages`: pages whose median load is both `slower_ratio` times and `slower_by_ms` ms
  slower than the baseline's; `over_budget` says whether the candidate's median broke the budget.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal_harness.runs import RunArchive
from portal_harness.scan_archive import SCANS_DIR, RunScans, page_slug, read_run_scans
from portal_harness.visual_baselines import run_target_and_release, visual_reference
from portal_harness.visual_diff import diff_images

BLOCKING_IMPACTS = ("serious", "critical")
VISUAL_MIN_RATIO = 0.005  # 0.5% of the canvas: two runs of one release with other synthetic people stay under 0.3%
VISUAL_DIFF_DIR = "visual-diff"
SCAN_SECTIONS = ("new_accessibility_violations", "visual_changes", "slower_pages")


@dataclass(frozen=True)
class SpeedThreshold:
    ratio: float = 1.5
    by_ms: float = 300.0


def compare_scans(
    baseline: RunArchive, candidate: RunArchive, threshold: SpeedThreshold | None = None
) -> dict[str, Any]:
    """The three sections, `scans` (which kinds ran where), `scan_regressions` and notes."""
    before_manifest = baseline.read_manifest()
    before = read_run_scans(baseline.path, before_manifest.get("scan") or [])
    after = read_run_scans(candidate.path, candidate.read_manifest().get("scan") or [])
    notes = _one_sided_notes(before, after)
    new_violations = new_accessibility_violations(before, after) if _both(before, after, "a11y") else []
    visual = visual_changes(before, after, *run_target_and_release(before_manifest)) if "visual" in after.kinds else []
    slower = slower_pages(before, after, threshold or SpeedThreshold()) if _both(before, after, "speed") else []
    return {
        "scans": {"baseline": list(before.kinds), "candidate": list(after.kinds)},
        "new_accessibility_violations": new_violations,
        "visual_changes": visual,
        "slower_pages": slower,
        "scan_regressions": _regressions(new_violations),
        "notes": notes,
    }


def new_accessibility_violations(before: RunScans, after: RunScans) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for page, record in sorted(after.pages.items()):
        old = before.pages.get(page)
        if record.a11y is None or old is None or old.a11y is None:
            continue  # a page the baseline never scanned has nothing to be new against
        old_targets = {(v["rule"], e["target"]) for v in old.a11y for e in v.get("elements", [])}
        old_counts = Counter(v["rule"] for v in old.a11y for _ in v.get("elements", []))
        for violation in record.a11y:
            elements = violation.get("elements", [])
            rule = violation["rule"]
            grew = len(elements) > old_counts.get(rule, 0)
            for element in elements:
                if rule in old_counts and not (grew and (rule, element["target"]) not in old_targets):
                    continue
                found.append(
                    {
                        "page": page,
                        "rule": rule,
                        "impact": violation.get("impact"),
                        "element": element["target"],
                        "html": element.get("html", ""),
                        "help": violation.get("help"),
                        "help_url": violation.get("help_url"),
                        "scenario": record.scenario,
                        "regression": violation.get("impact") in BLOCKING_IMPACTS,
                    }
                )
    return found


def visual_changes(
    before: RunScans, after: RunScans, target: str, baseline_release: str | None
) -> list[dict[str, Any]]:
    """Each candidate screenshot against the approved one for the baseline run's release, else the baseline run's."""
    references = visual_reference(target, baseline_release, before)
    out_dir = after.path / SCANS_DIR / VISUAL_DIFF_DIR
    changes: list[dict[str, Any]] = []
    for page in sorted(after.pages):
        now = after.screenshot_path(page)
        if now is None or page not in references:
            continue
        reference, source = references[page]
        diff_path = out_dir / f"{page_slug(page)}.png"
        out_dir.mkdir(parents=True, exist_ok=True)
        diff = diff_images(reference, now, diff_path)
        if diff.changed_ratio < VISUAL_MIN_RATIO:
            diff_path.unlink(missing_ok=True)
            continue
        changes.append(
            {
                "page": page,
                "changed_ratio": diff.changed_ratio,
                "reference": source,
                "diff_image": _relative(diff_path, after.path),
                "candidate_image": _relative(now, after.path),
                "scenario": after.pages[page].scenario,
            }
        )
    return changes


def slower_pages(before: RunScans, after: RunScans, threshold: SpeedThreshold) -> list[dict[str, Any]]:
    slower: list[dict[str, Any]] = []
    for page, speed in sorted(after.speed.items()):
        old = before.speed.get(page)
        if old is None or old.load_ms <= 0:
            continue
        ratio = speed.load_ms / old.load_ms
        if ratio < threshold.ratio or speed.load_ms - old.load_ms < threshold.by_ms:
            continue
        budget = after.budgets.get(page)
        slower.append(
            {
                "page": page,
                "baseline_ms": old.load_ms,
                "candidate_ms": speed.load_ms,
                "baseline_samples": old.samples,  # loads behind each median: one load is a noisy figure
                "candidate_samples": speed.samples,
                "ratio": round(ratio, 2),
                "over_budget": budget is not None and speed.load_ms > budget,
                "budget_ms": budget,
                "baseline_response_ms": old.response_ms,
                "candidate_response_ms": speed.response_ms,
                "scenario": speed.scenarios[0] if speed.scenarios else "",
            }
        )
    return slower


def _regressions(violations: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Scenario id -> one sentence per new serious or critical violation on a page it visited."""
    by_scenario: dict[str, list[str]] = {}
    for v in violations:
        if v["regression"]:
            sentence = (
                f"new {v['impact']} accessibility violation on {v['page']}: {v['rule']} ({v['help']}) at {v['element']}"
            )
            by_scenario.setdefault(v["scenario"], []).append(sentence)
    return by_scenario


def _both(before: RunScans, after: RunScans, kind: str) -> bool:
    return kind in before.kinds and kind in after.kinds


def _one_sided_notes(before: RunScans, after: RunScans) -> list[str]:
    notes = []
    for kind in sorted(set(before.kinds) ^ set(after.kinds)):
        if kind == "visual" and kind in after.kinds:
            continue  # approved baselines may stand in for the baseline run's screenshots
        where, other = ("baseline", "candidate") if kind in before.kinds else ("candidate", "baseline")
        notes.append(
            f"{kind} scans ran only in the {where} run: nothing to compare; run the {other} with --scan {kind}."
        )
    return notes


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root))
