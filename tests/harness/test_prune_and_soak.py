"""`prune --keep N` (and the runs kept because a kept run names them), the screenshot warning, and soak's tally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_refusals import harness

from portal_harness.prune import plan_prune, prune_command, screenshot_warning
from portal_harness.runs import RunArchive
from portal_harness.soak import IdTally, SoakRequest, _tally, soak_markdown, soak_result
from portal_harness.summary import ScenarioResult, Summary


def make_run(root: Path, run_id: str, **manifest: object) -> RunArchive:
    archive = RunArchive.create(run_id, root)
    archive.update_manifest(**{"run_id": run_id, "environment": "test", "ended_at": "2026-11-01T00:00:00Z", **manifest})
    (archive.allure_results / "x-result.json").write_text("{}" * 500, encoding="utf-8")
    return archive


def test_prune_keeps_the_newest_and_what_they_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_run(tmp_path, "20261101-000000-aaaa")
    make_run(tmp_path, "20261102-000000-bbbb")  # the baseline of the newest: kept
    make_run(tmp_path, "20261103-000000-cccc")
    make_run(tmp_path, "20261104-000000-dddd", baseline="20261102-000000-bbbb")
    plan = plan_prune(1, tmp_path)
    assert [r.run_id for r in plan.keep] == ["20261102-000000-bbbb", "20261104-000000-dddd"]
    assert [r.run_id for r in plan.delete] == ["20261101-000000-aaaa", "20261103-000000-cccc"]
    assert plan.kept_as_reference == {"20261102-000000-bbbb": ["20261104-000000-dddd"]}
    assert prune_command(1, root=tmp_path) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["20261102-000000-bbbb", "20261104-000000-dddd"]
    said = capsys.readouterr().err
    assert "keeping 20261102-000000-bbbb: kept run(s) 20261104-000000-dddd name it" in said
    assert "removed 20261101-000000-aaaa" in said and "2 run(s) removed, 2 kept; freed" in said


def test_prune_follows_merged_shards_and_reruns(tmp_path: Path) -> None:
    make_run(tmp_path, "20261031-000000-gone")
    make_run(tmp_path, "20261101-000000-sh01")
    make_run(tmp_path, "20261101-000001-sh02")
    make_run(tmp_path, "20261101-000002-orig")
    make_run(tmp_path, "20261101-000003-rrun", rerun_of="20261101-000002-orig")
    make_run(
        tmp_path,
        "20261101-000004-mrgd",
        merged_from=[{"run_id": "20261101-000000-sh01"}, {"run_id": "20261101-000001-sh02"}],
    )
    kept = {r.run_id for r in plan_prune(2, tmp_path).keep}
    assert kept == {
        "20261101-000000-sh01",
        "20261101-000001-sh02",
        "20261101-000002-orig",
        "20261101-000003-rrun",
        "20261101-000004-mrgd",
    }, "20261031-000000-gone is named by no kept run"


def test_prune_dry_run_deletes_nothing(tmp_path: Path) -> None:
    make_run(tmp_path, "20261101-000000-aaaa")
    make_run(tmp_path, "20261102-000000-bbbb")
    assert prune_command(0, dry_run=True, root=tmp_path) == 0
    assert len(list(tmp_path.iterdir())) == 2


def test_prune_needs_a_number(tmp_path: Path) -> None:
    done = harness(tmp_path, "prune", "--keep", "many")
    assert done.returncode == 2 and "not a number of runs to keep" in done.stderr


def test_screenshots_of_a_non_test_environment_are_warned_about(tmp_path: Path) -> None:
    staging = make_run(tmp_path, "20261101-000000-stag", environment="staging")
    test = make_run(tmp_path, "20261101-000001-test", environment="test")
    assert screenshot_warning(staging) is None, "no screenshot, no warning"
    for archive in (staging, test):
        (archive.allure_results / "a-attachment.png").write_bytes(b"\x89PNG")
    warning = screenshot_warning(staging)
    assert warning and "'staging'" in warning and "1 screenshot" in warning
    assert screenshot_warning(test) is None


def result(scenario_id: str, status: str) -> ScenarioResult:
    return ScenarioResult(scenario_id, f"name of {scenario_id}", "f.feature", status, 1.0, message=f"{status}!")  # type: ignore[arg-type]


def test_soak_lists_every_id_that_did_not_pass_every_time() -> None:
    runs = [
        [result("A", "passed"), result("B", "passed"), result("C", "skipped"), result("D", "passed")],
        [result("A", "passed"), result("B", "flaky"), result("C", "skipped"), result("D", "skipped")],
        [result("A", "passed"), result("B", "passed"), result("C", "skipped"), result("D", "failed")],
    ]
    tallies: dict[str, IdTally] = {}
    for rows in runs:
        _tally(tallies, Summary(run="r", label="soak", results=rows))
    outcome = soak_result(tallies, 3, done=[], request=SoakRequest(runs=3), started="t", wall_s=1.0)
    unstable = {row["id"]: row for row in outcome["unstable"]}
    assert sorted(unstable) == ["B", "D"], "a flaky result counts as not passed; A passed, C is skipped every time"
    assert (unstable["B"]["passed"], unstable["B"]["flaky"]) == (2, 1)
    assert (unstable["D"]["passed"], unstable["D"]["failed"], unstable["D"]["skipped"]) == (1, 1, 1)
    assert outcome["always_skipped"] == ["C"]
    markdown = soak_markdown(outcome)
    assert "| B | 2 | 0 | 1 | 0 | 0 | flaky: flaky! |" in markdown


def test_soak_refuses_zero_runs(tmp_path: Path) -> None:
    done = harness(tmp_path, "soak", "--runs", "0")
    assert done.returncode == 2 and "not a number of runs" in done.stderr


def test_the_soak_json_is_what_the_brief_names(tmp_path: Path) -> None:
    from portal_harness.soak import write_soak_files

    outcome = soak_result({}, 2, done=[], request=SoakRequest(runs=2), started="t", wall_s=3.0)
    path = write_soak_files(outcome, tmp_path)
    assert path.name.startswith("soak-") and path.suffix == ".json" and path.with_suffix(".md").exists()
    assert json.loads(path.read_text())["unstable"] == []


def test_prune_keeps_a_run_that_may_still_be_running(tmp_path: Path) -> None:
    running = make_run(tmp_path, "20261101-000000-busy", ended_at=None)  # manifest written just now
    make_run(tmp_path, "20261102-000000-done", ended_at="2026-11-02T00:01:00Z")
    assert [r.run_id for r in plan_prune(0, tmp_path).keep] == [running.run_id]
