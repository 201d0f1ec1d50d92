"""Labels written into allure-results after a run and after compare, and the categories they feed."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from portal_harness.allure_annotations import (
    COMPARISON_LABEL,
    ERROR_KIND_LABEL,
    allure_categories,
    annotate_allure_results,
    annotate_run,
)
from portal_harness.allure_output import SCENARIO_ID_LABEL
from portal_harness.runs import RunArchive
from portal_harness.summary import ScenarioResult, Summary

ROOT = Path(__file__).resolve().parents[2]


def write_result(archive: RunArchive, name: str, scenario_id: str | None, status: str = "failed") -> Path:
    labels = [{"name": "feature", "value": "f"}]
    if scenario_id:
        labels.append({"name": SCENARIO_ID_LABEL, "value": scenario_id})
    path = archive.allure_results / f"{name}-result.json"
    path.write_text(json.dumps({"name": name, "status": status, "labels": labels}))
    return path


def labels_of(path: Path) -> dict[str, str]:
    return {label["name"]: label["value"] for label in json.loads(path.read_text())["labels"]}


@pytest.fixture
def archive(tmp_path: Path) -> RunArchive:
    run = RunArchive.create("20261127-010000-abcd", root=tmp_path)
    run.update_manifest(run_id=run.run_id, label="after-upgrade")
    return run


def test_labels_go_on_the_results_of_their_scenario_id_only(archive: RunArchive) -> None:
    first = write_result(archive, "a", "ENR-03")
    other = write_result(archive, "b", "AUTH-01")
    plain = write_result(archive, "c", None)
    before_other, before_plain = other.read_text(), plain.read_text()
    changed = annotate_allure_results(archive, {"ENR-03": {ERROR_KIND_LABEL: "infrastructure"}})
    assert changed == 1
    assert labels_of(first) == {"feature": "f", SCENARIO_ID_LABEL: "ENR-03", ERROR_KIND_LABEL: "infrastructure"}
    assert other.read_text() == before_other and plain.read_text() == before_plain
    assert not list(archive.allure_results.glob("*.tmp"))


def test_annotating_again_replaces_a_label_instead_of_repeating_it(archive: RunArchive) -> None:
    path = write_result(archive, "a", "ENR-03")
    annotate_allure_results(archive, {"ENR-03": {COMPARISON_LABEL: "new"}})
    assert annotate_allure_results(archive, {"ENR-03": {COMPARISON_LABEL: "new"}}) == 0
    annotate_allure_results(archive, {"ENR-03": {COMPARISON_LABEL: "regressed"}})
    names = [label["name"] for label in json.loads(path.read_text())["labels"]]
    assert names.count(COMPARISON_LABEL) == 1
    assert labels_of(path)[COMPARISON_LABEL] == "regressed"


def test_annotate_run_takes_error_kinds_from_the_summary_and_categories_from_the_comparison(
    archive: RunArchive,
) -> None:
    rows = [
        ScenarioResult("ENR-03", "n", "f", "failed", 1.0, "boom", "assertion"),
        ScenarioResult("AUTH-01", "n", "f", "failed", 1.0, "refused", "infrastructure"),
        ScenarioResult("MSG-01", "n", "f", "flaky", 1.0, "timeout", "product"),
        ScenarioResult("PRX-01", "n", "f", "passed", 1.0),
    ]
    Summary(run=archive.run_id, label="after-upgrade", results=rows).write(archive.summary_path)
    enr, auth = write_result(archive, "enr", "ENR-03"), write_result(archive, "auth", "AUTH-01", "broken")
    msg_first, msg_retry = write_result(archive, "msg1", "MSG-01"), write_result(archive, "msg2", "MSG-01", "passed")
    prx = write_result(archive, "prx", "PRX-01", "passed")
    comparison = {"regressed": [{"id": "ENR-03"}], "known": [{"id": "AUTH-01"}], "fixed": [], "new": [{"id": "X-01"}]}
    annotate_run(archive, comparison)
    assert labels_of(enr)[ERROR_KIND_LABEL] == "assertion" and labels_of(enr)[COMPARISON_LABEL] == "regressed"
    assert labels_of(auth)[ERROR_KIND_LABEL] == "infrastructure" and labels_of(auth)[COMPARISON_LABEL] == "known"
    for path in (msg_first, msg_retry):
        assert json.loads(path.read_text())["statusDetails"]["flaky"] is True
    assert ERROR_KIND_LABEL not in labels_of(prx) and "statusDetails" not in json.loads(prx.read_text())


def test_annotate_run_reads_comparison_json_from_the_archive_when_none_is_given(archive: RunArchive) -> None:
    Summary(run=archive.run_id, label="x", results=[]).write(archive.summary_path)
    path = write_result(archive, "a", "ENR-03")
    (archive.path / "comparison.json").write_text(json.dumps({"regressed": [{"id": "ENR-03"}]}))
    annotate_run(archive)
    assert labels_of(path)[COMPARISON_LABEL] == "regressed"


def test_categories_come_in_the_order_people_act_on() -> None:
    assert [rule["name"] for rule in allure_categories()] == [
        "Product regressions",
        "Known issues",
        "Infrastructure failures",
        "Test defects",
        "Flaky",
        "Product failures",
    ]


def _node_categorise(cases: list[dict[str, Any]]) -> list[str | None]:
    """Ask Allure 3's own matcher (core-api) which category each case lands in."""
    script = """
const { normalizeCategoriesConfig, matchCategory } = await import("@allurereport/core-api");
const input = JSON.parse(process.argv[1]);
const rules = normalizeCategoriesConfig(input.rules);
console.log(JSON.stringify(input.cases.map((c) => matchCategory(rules, c)?.name ?? null)));
"""
    payload = json.dumps({"rules": allure_categories(), "cases": cases})
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script, payload], cwd=ROOT, capture_output=True, text=True, check=True
    )
    names: list[str | None] = json.loads(done.stdout)
    return names


@pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "node_modules" / "@allurereport" / "core-api").is_dir(),
    reason="needs node and the Allure CLI (make allure)",
)
def test_allure_itself_sorts_results_into_the_intended_categories() -> None:
    def case(status: str, flaky: bool = False, **labels: str) -> dict[str, Any]:
        return {"status": status, "flaky": flaky, "labels": [{"name": k, "value": v} for k, v in labels.items()]}

    cases = [
        case("failed", comparison="regressed", error_kind="infrastructure"),  # a regression first of all
        case("broken", comparison="known", error_kind="product"),
        case("broken", error_kind="infrastructure"),
        case("broken", error_kind="test-defect"),
        case("passed", flaky=True, error_kind="product"),
        case("failed", comparison="still_failing", error_kind="assertion"),
        case("failed", comparison="regressedish"),  # anchored: not a regression
        case("passed", comparison="regressed"),  # passed results belong to no category
    ]
    assert _node_categorise(cases) == [
        "Product regressions",
        "Known issues",
        "Infrastructure failures",
        "Test defects",
        "Flaky",
        "Product failures",
        "Product failures",
        None,
    ]
