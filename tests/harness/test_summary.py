import json

from portal_harness.summary import ScenarioResult, Summary, count_by_status, worst_per_id


def result(scenario_id: str, status: str, example: int | None = None) -> ScenarioResult:
    return ScenarioResult(
        id=scenario_id,
        name=f"scenario {scenario_id}",
        feature="x.feature",
        status=status,  # type: ignore[arg-type]
        duration_s=0.5,
        example=example,
    )


def test_the_worst_outline_row_stands_for_the_id() -> None:
    rows = [result("AUTH-08", "passed", 0), result("AUTH-08", "failed", 1), result("ENR-01", "skipped")]
    worst = worst_per_id(rows)
    assert worst["AUTH-08"].status == "failed" and worst["AUTH-08"].example == 1
    assert count_by_status(rows) == {"passed": 0, "failed": 1, "skipped": 1, "flaky": 0}


def test_flaky_outranks_passed_but_not_failed() -> None:
    assert worst_per_id([result("A-01", "passed"), result("A-01", "flaky")])["A-01"].status == "flaky"
    assert worst_per_id([result("A-01", "flaky"), result("A-01", "failed")])["A-01"].status == "failed"


def test_summary_round_trips_and_has_the_contract_fields(tmp_path) -> None:
    summary = Summary(run="r1", label="nightly", results=[result("ENR-01", "passed"), result("AUTH-08", "failed", 0)])
    path = tmp_path / "summary.json"
    summary.write(path)
    data = json.loads(path.read_text())
    assert data["label"] == "nightly" and data["interrupted"] is False
    assert data["counts"] == {"passed": 1, "failed": 1, "skipped": 0, "flaky": 0}
    first, second = data["results"]
    assert set(first) == {"id", "name", "feature", "status", "duration_s", "message", "error_kind", "tags"}
    assert second["example"] == 0
    assert Summary.read(path).results == summary.results
    assert not list(tmp_path.glob("*.tmp"))


def test_the_timing_line_gives_the_median_and_the_slowest_row_and_leaves_out_skipped_ones() -> None:
    from portal_harness.runner import describe_timing
    from portal_harness.summary import ScenarioResult, Summary

    results = [
        ScenarioResult("ENR-01", "a", "f", "passed", 1.0),
        ScenarioResult("ENR-02", "b", "f", "failed", 3.0),
        ScenarioResult("ENR-03", "c", "f", "passed", 8.0),
        ScenarioResult("MSG-10", "d", "f", "skipped", 0.0),
    ]
    line = describe_timing(Summary(run="r", label="l", results=results))
    assert line == "3 scenario rows took 12 s: median 3.0 s, slowest 8.0 s (ENR-03)"
    assert describe_timing(Summary(run="r", label="l", results=[])) == ""
