"""Build the Allure HTML report with the project's Allure 3 CLI (npm `allure`, pinned in package.json).

The report is one self-contained file (`reports/allure-report/index.html`) that opens from disk;
history across runs lives in `reports/allure-history.jsonl`. Allure 3 embeds an analytics tag
that no option removes: `private_report.make_private` strips it (and anything else that would call
another origin), because a report may show patient-like data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from portal_harness.allure_annotations import allure_categories, annotate_run, read_comparison
from portal_harness.errors import HarnessError
from portal_harness.paths import allure_history_file, allure_report_dir, project_root
from portal_harness.private_report import make_private
from portal_harness.runs import RunArchive, resolve_run

GENERATE_TIMEOUT_S = 300


def allure_cli() -> Path:
    cli = project_root() / "node_modules" / ".bin" / "allure"
    if not cli.exists():
        raise HarnessError(
            f"The Allure CLI is not installed at {cli}: run `make allure` (npm ci from package-lock.json)."
        )
    return cli


def report_config(runs: list[RunArchive], output: Path, append_history: bool) -> dict[str, object]:
    latest = runs[-1].read_manifest()
    portal = latest.get("portal") or {}
    label = latest.get("label") or runs[-1].run_id
    name = f"Portal Harness · {label} · {portal.get('product', latest.get('target', ''))} {portal.get('release', '')}"
    return {
        "name": name.strip(),
        "output": str(output),
        "historyPath": str(allure_history_file()),
        "appendHistory": append_history,
        "plugins": {
            "awesome": {
                "options": {
                    "singleFile": True,
                    "reportName": name.strip(),
                    "reportLanguage": "en",
                    "groupBy": ["epic", "feature"],
                }
            }
        },
        "categories": allure_categories(),
        "variables": {
            "Run": ", ".join(run.run_id for run in runs),
            "Label": str(label),
            "Target": str(latest.get("target_url") or latest.get("target") or "unknown"),
            "Candidate": describe_run(runs[-1]),
            "Baseline": describe_baseline(runs[-1]),
            "Quality gate": describe_gate(runs[-1]),
            "Faults switched on": ", ".join(latest.get("faults") or []) or "none",
        },
    }


def describe_run(run: RunArchive) -> str:
    """`Riverbend Patient Portal 2026.2 (20261127-022838-m55n, after-upgrade)`."""
    manifest = run.read_manifest()
    portal = manifest.get("portal") or {}
    product = portal.get("product") or "unknown portal"
    release = portal.get("release") or "unknown release"
    return f"{product} {release} ({run.run_id}, {manifest.get('label') or run.run_id})"


def describe_baseline(run: RunArchive) -> str:
    """The run the candidate was compared with (its manifest's `baseline`), or "none"."""
    baseline = run.read_manifest().get("baseline")
    if not baseline:
        return "none"
    try:
        return describe_run(resolve_run(str(baseline), run.path.parent))
    except HarnessError:
        return f"{baseline} (archive not found)"


def describe_gate(run: RunArchive) -> str:
    """The quality gate as compare recorded it in comparison.json: "passed" or "FAILED: <rules>"."""
    comparison = read_comparison(run)
    gate: dict[str, Any] = (comparison or {}).get("gate") or {}
    if "passed" not in gate:
        return "not evaluated (no comparison)"
    if gate["passed"]:
        return "passed"
    return "FAILED: " + "; ".join(str(rule) for rule in gate.get("failed_rules") or [])


def build_report(runs: list[RunArchive], output: Path | None = None) -> Path:
    """Generate the report for these runs; returns the path of index.html."""
    out = output or allure_report_dir()
    missing = [run.run_id for run in runs if not run.allure_results.is_dir()]
    if missing:
        raise HarnessError(f"Run {missing[0]} has no allure-results folder: it cannot be reported.")
    # History gets one point per run: regenerating an already reported run does not add another.
    append = not any(run.read_manifest().get("history_recorded") for run in runs)
    for run in runs:
        annotate_run(run)  # error kinds and comparison categories, for the report's categories
    config_path = runs[-1].path / "allurerc.json"
    config_path.write_text(json.dumps(report_config(runs, out, append), indent=2), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)  # Allure 3 has no --clean; a stale file would mix into the report
    command = [str(allure_cli()), "generate", "--config", str(config_path), *[str(r.allure_results) for r in runs]]
    env = {**os.environ, "ALLURE_NO_ANALYTICS": "true", "NO_COLOR": "1"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=GENERATE_TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise HarnessError(
            f"Allure did not finish within {GENERATE_TIMEOUT_S} s: try `portal-harness report` again."
        ) from None
    index = out / "index.html"
    if done.returncode != 0 or not index.exists():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise HarnessError(f"Allure could not build the report ({detail[0]}): run `make allure` and try again.")
    make_private(out)  # no analytics, no remote script or font, no trace upload button
    if append:
        for run in runs:
            run.update_manifest(history_recorded=True)
    return index
