"""After a run (and after compare): labels on the Allure results, and the report's categories.

The Allure categories sort failures by who must act: a product regression, a known issue, the
infrastructure, the suite itself, a flaky scenario, or another product failure. They match on
labels the results only get once the run is understood: `error_kind` (from summary.json) and
`comparison` (from compare), so they are written into `allure-results/*-result.json` afterwards,
matched on the `scenario_id` label. A retried scenario that passed is marked flaky
(`statusDetails.flaky`), which Allure 3 does not infer from retries.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from portal_harness.allure_output import SCENARIO_ID_LABEL
from portal_harness.allure_scans import attach_scan_findings
from portal_harness.compare import classification_by_id
from portal_harness.runs import RunArchive

ERROR_KIND_LABEL = "error_kind"
COMPARISON_LABEL = "comparison"
COMPARISON_FILE = "comparison.json"
# The lists of comparison.json whose entries become the `comparison` label, named as in the file.
_NOT_PASSED = ["failed", "broken"]


def allure_categories() -> list[dict[str, Any]]:
    """The report's categories, first match wins (Allure 3 `categories` rules)."""
    return [
        {
            "name": "Product regressions",
            "matchers": {"statuses": _NOT_PASSED, "labels": {COMPARISON_LABEL: "^regressed$"}},
            "expand": True,
        },
        {"name": "Known issues", "matchers": {"statuses": _NOT_PASSED, "labels": {COMPARISON_LABEL: "^known$"}}},
        {
            "name": "Infrastructure failures",
            "matchers": {"statuses": _NOT_PASSED, "labels": {ERROR_KIND_LABEL: "^infrastructure$"}},
        },
        {"name": "Test defects", "matchers": {"statuses": _NOT_PASSED, "labels": {ERROR_KIND_LABEL: "^test-defect$"}}},
        {"name": "Flaky", "matchers": {"flaky": True}},
        {"name": "Product failures", "matchers": {"statuses": _NOT_PASSED}},
    ]


def result_files(archive: RunArchive) -> list[Path]:
    return sorted(archive.allure_results.glob("*-result.json"))


def _scenario_id(document: dict[str, Any]) -> str | None:
    for label in document.get("labels") or []:
        if label.get("name") == SCENARIO_ID_LABEL:
            return str(label.get("value"))
    return None


def _write_atomically(path: Path, document: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def annotate_allure_results(
    archive: RunArchive, labels_by_id: dict[str, dict[str, str]], flaky_ids: Iterable[str] = ()
) -> int:
    """Set labels (replacing same-named ones, so it can run again) on the results of these ids.

    Results of `flaky_ids` are also marked flaky. Returns how many result files changed.
    """
    flaky = set(flaky_ids)
    changed = 0
    for path in result_files(archive):
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        scenario_id = _scenario_id(document)
        if scenario_id is None or (scenario_id not in labels_by_id and scenario_id not in flaky):
            continue
        wanted = labels_by_id.get(scenario_id, {})
        labels = [label for label in document.get("labels") or [] if label.get("name") not in wanted]
        labels += [{"name": name, "value": value} for name, value in sorted(wanted.items())]
        updated = {**document, "labels": labels}
        if scenario_id in flaky:
            updated["statusDetails"] = {**(document.get("statusDetails") or {}), "flaky": True}
        if updated != document:
            _write_atomically(path, updated)
            changed += 1
    return changed


def error_kinds_by_id(archive: RunArchive) -> tuple[dict[str, str], set[str]]:
    """From summary.json: the error kind of each id that failed (its first failing row), and the flaky ids."""
    summary = archive.read_summary()
    if summary is None:
        return {}, set()
    kinds: dict[str, str] = {}
    flaky: set[str] = set()
    for result in summary.results:
        if result.status == "flaky":
            flaky.add(result.id)
        if result.status in ("failed", "flaky") and result.error_kind and result.id not in kinds:
            kinds[result.id] = result.error_kind
    return kinds, flaky


def read_comparison(archive: RunArchive) -> dict[str, Any] | None:
    path = archive.path / COMPARISON_FILE
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def annotate_run(archive: RunArchive, comparison: dict[str, Any] | None = None) -> int:
    """Label the run's Allure results with `error_kind` (summary.json) and `comparison` (compare).

    With no comparison given, the archive's comparison.json is used when there is one. Safe to
    call again (after compare, before each report): labels are replaced, not repeated.
    """
    kinds, flaky = error_kinds_by_id(archive)
    labels: dict[str, dict[str, str]] = {scenario_id: {ERROR_KIND_LABEL: kind} for scenario_id, kind in kinds.items()}
    compared = comparison if comparison is not None else read_comparison(archive)
    for scenario_id, category in classification_by_id(compared or {}).items():
        labels.setdefault(scenario_id, {})[COMPARISON_LABEL] = category
    changed = annotate_allure_results(archive, labels, flaky)
    if compared:
        changed += attach_scan_findings(archive, compared, first_result_by_id(archive))
    return changed


def first_result_by_id(archive: RunArchive) -> dict[str, Path]:
    """Each scenario id's first result file (an Outline's rows share the id)."""
    first: dict[str, Path] = {}
    for path in result_files(archive):
        scenario_id = _scenario_id(json.loads(path.read_text(encoding="utf-8")))
        if scenario_id is not None:
            first.setdefault(scenario_id, path)
    return first
