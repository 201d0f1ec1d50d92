"""Flaky is told from broken by a second attempt, and a rerun carries the earlier run over."""

import json
from pathlib import Path

from portal_harness.rerun import carry_over, ids_to_rerun
from portal_harness.retry import ids_to_retry, merge_retry
from portal_harness.runs import RunArchive
from portal_harness.summary import ScenarioResult, Summary


def row(scenario_id: str, status: str, example: int | None = None, message: str | None = None) -> ScenarioResult:
    return ScenarioResult(scenario_id, f"scenario {scenario_id}", "f.feature", status, 1.0, message, None, example)  # type: ignore[arg-type]


def test_only_ids_with_a_failed_row_are_retried_once_each() -> None:
    first = Summary("r", "l", [row("A-01", "failed", 0), row("A-01", "failed", 1), row("B-01", "passed")])
    assert ids_to_retry(first) == ["A-01"]


def test_a_row_that_fails_then_passes_is_flaky_and_keeps_both_attempts() -> None:
    first = Summary("r", "l", [row("A-01", "failed", message="timeout"), row("B-01", "passed")])
    retry = Summary("r", "l", [row("A-01", "passed")])
    merged = merge_retry(first, retry)
    flaky, passed = merged.results
    assert flaky.status == "flaky" and flaky.message == "timeout"
    assert [a["status"] for a in flaky.attempts or []] == ["failed", "passed"]
    assert passed.status == "passed" and passed.attempts is None
    assert merged.counts == {"passed": 1, "failed": 0, "skipped": 0, "flaky": 1}


def test_a_row_that_fails_twice_stays_failed_with_the_latest_message_and_the_first_in_attempts() -> None:
    first = Summary("r", "l", [row("A-01", "failed", message="first")])
    merged = merge_retry(first, Summary("r", "l", [row("A-01", "failed", message="second")]))
    (result,) = merged.results
    assert result.status == "failed" and result.message == "second"
    assert [a["message"] for a in result.attempts or []] == ["first", "second"]


def test_outline_rows_are_matched_row_by_row_and_a_passing_row_is_not_changed_by_its_retry() -> None:
    first = Summary("r", "l", [row("A-01", "passed", 0), row("A-01", "failed", 1)])
    retry = Summary("r", "l", [row("A-01", "failed", 0), row("A-01", "passed", 1)])
    assert [r.status for r in merge_retry(first, retry).results] == ["passed", "flaky"]


def test_a_retry_that_did_not_run_the_row_leaves_it_failed() -> None:
    first = Summary("r", "l", [row("A-01", "failed")])
    assert merge_retry(first, Summary("r", "l", [row("A-01", "skipped")])).results[0].status == "failed"
    assert merge_retry(first, Summary("r", "l", [])).results[0].attempts is None


def archive_with(path: Path, rows: list[ScenarioResult]) -> RunArchive:
    archive = RunArchive.create(path.name, path.parent)
    archive.update_manifest(run_id=archive.run_id, label=path.name)
    Summary(archive.run_id, path.name, rows).write(archive.summary_path)
    return archive


def test_rerun_runs_what_failed_or_was_flaky_and_carries_the_rest_over(tmp_path: Path) -> None:
    previous = archive_with(
        tmp_path / "first", [row("A-01", "passed"), row("B-01", "failed", message="boom"), row("C-01", "flaky")]
    )
    (previous.allure_results / "old-result.json").write_text("{}")
    assert ids_to_rerun(previous) == ["B-01", "C-01"]
    rerun = archive_with(tmp_path / "second", [])
    merged = carry_over(
        previous, rerun, Summary(rerun.run_id, "second", [row("B-01", "passed"), row("C-01", "passed")])
    )
    by_id = {r.id: r for r in merged.results}
    assert {i: r.status for i, r in by_id.items()} == {"A-01": "passed", "B-01": "passed", "C-01": "passed"}
    assert [a["status"] for a in by_id["B-01"].attempts or []] == ["failed", "passed"]
    written = json.loads(rerun.summary_path.read_text())
    assert written["run"] == rerun.run_id and len(written["results"]) == 3
    assert (rerun.allure_results / "old-result.json").exists()
