"""`portal-harness compare`: classification by scenario id, known issues, the gate, the files and exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from portal_harness.cli import main
from portal_harness.compare import CATEGORIES, KNOWN_ISSUE_FIXED, classification_by_id, compare_runs
from portal_harness.errors import HarnessError
from portal_harness.known_issues import default_known_issues_file, load_known_issues
from portal_harness.runs import RunArchive
from portal_harness.summary import ScenarioResult, Summary

TODAY = date(2026, 11, 27)
BASELINE_ID, CANDIDATE_ID = "20261126-100000-base", "20261127-100000-cand"


def result(scenario_id: str, status: str, **fields: Any) -> ScenarioResult:
    failed = status in ("failed", "flaky")
    return ScenarioResult(
        id=scenario_id,
        name=fields.pop("name", f"Scenario {scenario_id}"),
        feature=fields.pop("feature", "area/behaviour.feature"),
        status=status,  # type: ignore[arg-type]
        duration_s=1.0,
        message=fields.pop("message", f"{scenario_id} went wrong" if failed else None),
        error_kind=fields.pop("error_kind", "assertion" if failed else None),
        **fields,
    )


def archive(
    root: Path, run_id: str, label: str, release: str, results: list[ScenarioResult], **extra: Any
) -> RunArchive:
    run = RunArchive.create(run_id, root=root)
    run.update_manifest(run_id=run_id, label=label, portal={"product": "Riverbend Patient Portal", "release": release})
    Summary(run=run_id, label=label, results=results, **extra).write(run.summary_path)
    return run


def known_file(tmp_path: Path, text: str = "", name: str = "known_issues.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def compare(
    tmp_path: Path,
    before: list[ScenarioResult],
    after: list[ScenarioResult],
    known: str = "",
    today: date = TODAY,
) -> dict[str, Any]:
    baseline = archive(tmp_path / "runs", BASELINE_ID, "before-upgrade", "2026.1", before)
    candidate = archive(tmp_path / "runs", CANDIDATE_ID, "after-upgrade", "2026.2", after)
    return compare_runs(baseline, candidate, known_file(tmp_path, known), today)


def test_every_category_and_passed_in_both_only_counted(tmp_path) -> None:
    before = [
        result("AUTH-01", "passed"),  # regressed
        result("AUTH-02", "failed"),  # fixed
        result("AUTH-03", "failed"),  # still failing
        result("AUTH-04", "passed"),  # removed
        result("AUTH-05", "passed"),  # flaky
        result("AUTH-06", "passed"),  # known
        result("AUTH-07", "passed"),  # skipped
        result("AUTH-08", "passed"),  # passed in both
    ]
    after = [
        result("AUTH-01", "failed"),
        result("AUTH-02", "passed"),
        result("AUTH-03", "failed"),
        result("AUTH-05", "flaky"),
        result("AUTH-06", "failed"),
        result("AUTH-07", "skipped", message="new in release 2026.3"),
        result("AUTH-08", "passed"),
        result("AUTH-09", "passed"),  # new
    ]
    known = '[AUTH-06]\nticket = "PP-1"\nreason = "vendor bug"\n'
    comparison = compare(tmp_path, before, after, known)

    assert classification_by_id(comparison) == {
        "AUTH-01": "regressed",
        "AUTH-02": "fixed",
        "AUTH-03": "still_failing",
        "AUTH-04": "removed",
        "AUTH-05": "flaky",
        "AUTH-06": "known",
        "AUTH-07": "skipped",
        "AUTH-09": "new",
    }
    assert comparison["passed_in_both"] == 1
    assert comparison["baseline"] == {
        "run": BASELINE_ID,
        "label": "before-upgrade",
        "release": "2026.1",
        "passed": 6,
        "failed": 2,
        "skipped": 0,
        "flaky": 0,
    }
    assert comparison["candidate"] == {
        "run": CANDIDATE_ID,
        "label": "after-upgrade",
        "release": "2026.2",
        "passed": 3,
        "failed": 3,
        "skipped": 1,
        "flaky": 1,
    }
    for category in CATEGORIES:
        for entry in comparison[category]:
            assert {"id", "name", "feature", "message", "error_kind", "evidence"} <= set(entry)
    assert comparison["regressed"][0]["message"] == "AUTH-01 went wrong"
    assert comparison["fixed"][0]["message"] == "AUTH-02 went wrong"  # what was failing before
    assert comparison["skipped"][0]["message"] == "new in release 2026.3"
    known_entry = comparison["known"][0]
    assert (known_entry["ticket"], known_entry["reason"], known_entry["expires"]) == ("PP-1", "vendor bug", None)
    assert known_entry["note"] is None
    assert comparison["gate"] == {"passed": True, "failed_rules": []}


def test_lists_are_sorted_by_id(tmp_path) -> None:
    ids = ["MSG-10", "AUTH-02", "MSG-02", "ENR-01"]
    comparison = compare(tmp_path, [result(i, "passed") for i in ids], [result(i, "failed") for i in ids])
    assert [e["id"] for e in comparison["regressed"]] == sorted(ids)


def test_the_files_are_written_into_the_candidates_archive(tmp_path) -> None:
    comparison = compare(tmp_path, [result("AUTH-01", "passed")], [result("AUTH-01", "failed")])
    folder = tmp_path / "runs" / CANDIDATE_ID
    assert json.loads((folder / "comparison.json").read_text(encoding="utf-8")) == comparison
    assert "AUTH-01" in (folder / "comparison.md").read_text(encoding="utf-8")
    assert not (tmp_path / "runs" / BASELINE_ID / "comparison.json").exists()


def test_a_new_scenario_that_fails_is_new_not_regressed(tmp_path) -> None:
    comparison = compare(
        tmp_path, [result("AUTH-01", "passed")], [result("AUTH-01", "passed"), result("MSG-20", "failed")]
    )
    assert comparison["regressed"] == []
    (new,) = comparison["new"]
    assert (new["id"], new["status"], new["baseline_status"]) == ("MSG-20", "failed", None)
    assert new["message"] == "MSG-20 went wrong" and new["error_kind"] == "assertion"


def test_a_scenario_skipped_in_the_baseline_is_new_in_the_candidate(tmp_path) -> None:
    before = [result("MSG-10", "skipped", message="new in release 2026.2; the portal under test runs 2026.1")]
    comparison = compare(tmp_path, before, [result("MSG-10", "passed")])
    assert classification_by_id(comparison) == {"MSG-10": "new"}
    assert comparison["new"][0]["baseline_status"] == "skipped"


def test_a_removed_scenario_keeps_its_baseline_name_and_status(tmp_path) -> None:
    before = [result("AUTH-01", "passed"), result("AUTH-02", "failed", name="Old behaviour")]
    comparison = compare(tmp_path, before, [result("AUTH-01", "passed")])
    (removed,) = comparison["removed"]
    assert (removed["id"], removed["name"], removed["status"]) == ("AUTH-02", "Old behaviour", "failed")
    assert classification_by_id(comparison) == {"AUTH-02": "removed"}


def test_a_renamed_scenario_is_compared_by_id_under_its_new_name(tmp_path) -> None:
    before = [result("AUTH-01", "passed", name="Sign in works", feature="auth/old.feature")]
    after = [result("AUTH-01", "failed", name="Maria signs in with her password", feature="auth/sign_in.feature")]
    comparison = compare(tmp_path, before, after)
    assert classification_by_id(comparison) == {"AUTH-01": "regressed"}
    (entry,) = comparison["regressed"]
    assert entry["name"] == "Maria signs in with her password" and entry["feature"] == "auth/sign_in.feature"


def test_an_outline_with_one_failing_row_is_a_failed_id(tmp_path) -> None:
    before = [result("PRX-06", "passed", example=0), result("PRX-06", "passed", example=1)]
    after = [
        result("PRX-06", "passed", example=0),
        result("PRX-06", "failed", example=1, message="row 1 broke"),
        result("PRX-06", "passed", example=2),
    ]
    comparison = compare(tmp_path, before, after)
    assert classification_by_id(comparison) == {"PRX-06": "regressed"}
    assert comparison["regressed"][0]["message"] == "row 1 broke"
    assert comparison["candidate"]["failed"] == 1 and comparison["candidate"]["passed"] == 0


def test_flaky_is_never_a_regression_even_in_a_smoke_scenario(tmp_path) -> None:
    after = [
        result(
            "AUTH-01",
            "flaky",
            tags=["smoke", "severity:blocker"],
            message=None,
            error_kind=None,
            attempts=[
                {"status": "failed", "message": "timeout waiting for the inbox", "error_kind": "product"},
                {"status": "passed", "message": None, "error_kind": None},
            ],
        )
    ]
    comparison = compare(tmp_path, [result("AUTH-01", "passed", tags=["smoke"])], after)
    assert comparison["regressed"] == [] and comparison["gate"]["passed"] is True
    (flaky,) = comparison["flaky"]
    assert (flaky["message"], flaky["error_kind"]) == ("timeout waiting for the inbox", "product")


def test_a_failure_after_a_flaky_baseline_is_a_regression(tmp_path) -> None:
    comparison = compare(tmp_path, [result("AUTH-01", "flaky")], [result("AUTH-01", "failed")])
    assert classification_by_id(comparison) == {"AUTH-01": "regressed"}


def test_a_known_issue_that_now_passes_says_remove_the_entry(tmp_path) -> None:
    known = '[AUTH-01]\nticket = "PP-7"\nreason = "slow vendor fix"\nexpires = 2027-01-31\n'
    comparison = compare(tmp_path, [result("AUTH-01", "failed")], [result("AUTH-01", "passed")], known)
    assert classification_by_id(comparison) == {"AUTH-01": "known"}
    (entry,) = comparison["known"]
    assert entry["note"] == KNOWN_ISSUE_FIXED == "known issue fixed: remove the entry"
    assert (entry["ticket"], entry["expires"], entry["expired"]) == ("PP-7", "2027-01-31", False)
    assert "remove the entry" in (tmp_path / "runs" / CANDIDATE_ID / "comparison.md").read_text(encoding="utf-8")


def test_a_known_issue_excuses_a_failure_until_it_expires(tmp_path) -> None:
    known = '[AUTH-01]\nticket = "PP-7"\nreason = "vendor bug"\nexpires = "2026-11-27"\n'
    before, after = [result("AUTH-01", "passed", tags=["smoke"])], [result("AUTH-01", "failed", tags=["smoke"])]

    on_the_day = compare(tmp_path / "a", before, after, known, today=date(2026, 11, 27))
    assert classification_by_id(on_the_day) == {"AUTH-01": "known"}
    assert on_the_day["gate"]["passed"] is True and on_the_day["notes"] == []

    day_after = compare(tmp_path / "b", before, after, known, today=date(2026, 11, 28))
    assert classification_by_id(day_after) == {"AUTH-01": "regressed"}
    assert day_after["regressed"][0]["known_issue"] == {
        "ticket": "PP-7",
        "reason": "vendor bug",
        "expires": "2026-11-27",
        "expired": True,
    }
    assert day_after["gate"]["passed"] is False
    assert any("AUTH-01" in note and "expired" in note for note in day_after["notes"])
    page = (tmp_path / "b" / "runs" / CANDIDATE_ID / "comparison.md").read_text(encoding="utf-8")
    assert "expired" in page


def test_gate_fails_on_a_smoke_regression_and_on_a_critical_one(tmp_path) -> None:
    before = [
        result("AUTH-01", "passed", tags=["smoke"]),
        result("MSG-02", "passed", tags=["smoke", "messaging"]),
        result("RES-03", "passed", tags=["severity:critical"]),
        result("RES-04", "passed", tags=["severity:blocker"]),
        result("RES-05", "passed", tags=["severity:minor"]),
    ]
    after = [result(r.id, "failed", tags=r.tags) for r in before]
    gate = compare(tmp_path, before, after)["gate"]
    assert gate == {
        "passed": False,
        "failed_rules": [
            "regression in a smoke scenario: AUTH-01, MSG-02",
            "regression in a critical or blocker scenario: RES-03, RES-04",
        ],
    }


def test_gate_passes_when_only_ordinary_scenarios_regressed(tmp_path) -> None:
    before = [result("RES-05", "passed", tags=["severity:minor"]), result("AUTH-01", "passed", tags=["smoke"])]
    after = [result("RES-05", "failed", tags=["severity:minor"]), result("AUTH-01", "passed", tags=["smoke"])]
    comparison = compare(tmp_path, before, after)
    assert comparison["gate"] == {"passed": True, "failed_rules": []}
    assert [e["id"] for e in comparison["regressed"]] == ["RES-05"]


def test_the_page_puts_the_verdict_first_and_links_the_evidence(tmp_path) -> None:
    evidence = {
        "screenshot": "evidence/AUTH-01/failure.png",
        "trace": "evidence/AUTH-01/trace.zip",
        "console_errors": ["TypeError: x is undefined"],
        "http_errors": ["500 GET /api/inbox", "404 GET /favicon.ico"],
    }
    before = [result("AUTH-01", "passed", tags=["smoke"]), result("AUTH-02", "failed")]
    after = [
        result("AUTH-01", "failed", tags=["smoke"], message="expected | got <nothing>", evidence=evidence),
        result("AUTH-02", "passed"),
    ]
    compare(tmp_path, before, after)
    page = (tmp_path / "runs" / CANDIDATE_ID / "comparison.md").read_text(encoding="utf-8")
    title = page.splitlines()[0]
    assert "before-upgrade" in title and "2026.1" in title and "after-upgrade" in title and "2026.2" in title
    assert page.index("Quality gate: FAILED") < page.index("## Regressed") < page.index("## Fixed")
    assert "[screenshot](evidence/AUTH-01/failure.png)" in page and "[trace](evidence/AUTH-01/trace.zip)" in page
    assert "1 console error" in page and "2 HTTP errors" in page
    assert "expected \\| got \\<nothing>" in page
    assert "## Still failing" not in page  # empty categories are left out


def test_unreadable_runs_and_known_issue_files_are_sentences(tmp_path) -> None:
    root = tmp_path / "runs"
    good = archive(root, BASELINE_ID, "b", "2026.1", [result("AUTH-01", "passed")])
    no_summary = RunArchive.create("20261127-000000-none", root=root)
    no_summary.update_manifest(run_id=no_summary.run_id)
    with pytest.raises(HarnessError, match=r"no summary\.json"):
        compare_runs(good, no_summary, known_file(tmp_path), TODAY)
    corrupt = archive(root, "20261127-000000-bad0", "c", "2026.2", [])
    corrupt.summary_path.write_text('{"run": "x", "results": [{"id": "AUTH-01"', encoding="utf-8")
    with pytest.raises(HarnessError, match="not a readable run summary"):
        compare_runs(good, corrupt, known_file(tmp_path), TODAY)
    odd = archive(root, "20261127-000000-odd0", "c", "2026.2", [result("AUTH-01", "passed")])
    data = json.loads(odd.summary_path.read_text(encoding="utf-8"))
    data["results"][0]["status"] = "error"
    odd.summary_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(HarnessError, match="unknown status error"):
        compare_runs(good, odd, known_file(tmp_path), TODAY)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[AUTH-01]\nticket = "PP-1"\nreason = "r"\nexpiry = 2027-01-01\n', "unknown field"),
        ('[AUTH-01]\nreason = "r"\n', "non-empty ticket"),
        ('[AUTH-01]\nticket = "PP-1"\nreason = " "\n', "non-empty reason"),
        ('[AUTH-01]\nticket = "PP-1"\nreason = "r"\nexpires = "next week"\n', "not a date"),
        ('[AUTH-01]\nticket = "PP-1"\nreason = "r"\nexpires = 2027-01-01T10:00:00\n', "not a date"),
        ('[sign-in]\nticket = "PP-1"\nreason = "r"\n', "not a scenario id"),
        ("AUTH-01 = 3\n", "not a table"),
        ("[AUTH-01\n", "not valid TOML"),
    ],
)
def test_a_bad_known_issues_file_is_refused_with_the_fix(tmp_path, text: str, complaint: str) -> None:
    path = known_file(tmp_path, text)
    with pytest.raises(HarnessError, match=complaint) as raised:
        load_known_issues(path)
    assert str(path) in str(raised.value)


def test_the_shipped_known_issues_file_is_valid_and_excuses_no_real_scenario() -> None:
    assert default_known_issues_file().exists()
    scenario_ids = {
        line.split("@id:", 1)[1].split()[0]
        for feature in Path("features").rglob("*.feature")
        for line in feature.read_text(encoding="utf-8").splitlines()
        if "@id:" in line
    }
    assert scenario_ids, "no @id tags found: is the test running from the checkout?"
    assert not set(load_known_issues()) & scenario_ids


def test_an_explicit_known_issues_file_that_is_missing_is_refused(tmp_path) -> None:
    with pytest.raises(HarnessError, match="--known-issues"):
        load_known_issues(tmp_path / "nope.toml")


# --- through the CLI -----------------------------------------------------------------------------


@pytest.fixture
def runs_root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "runs"
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(root))
    return root


def test_cli_exit_codes_zero_one_and_two(runs_root, tmp_path, capsys) -> None:
    known = str(known_file(tmp_path))
    archive(runs_root, BASELINE_ID, "before-upgrade", "2026.1", [result("AUTH-01", "passed")])
    archive(runs_root, CANDIDATE_ID, "after-upgrade", "2026.2", [result("AUTH-01", "passed")])
    archive(runs_root, "20261128-100000-worse", "broken", "2026.2", [result("AUTH-01", "failed")])

    assert main(["compare", "before-upgrade", "after-upgrade", "--known-issues", known]) == 0
    assert main(["compare", BASELINE_ID, "broken", "--known-issues", known]) == 1
    assert capsys.readouterr().out == ""  # without --json, stdout stays empty

    assert main(["compare", BASELINE_ID, "no-such-run", "--known-issues", known]) == 2
    err = capsys.readouterr().err
    assert "No run 'no-such-run'" in err and "Traceback" not in err

    bad = known_file(tmp_path, "[AUTH-01\n", name="broken.toml")
    assert main(["compare", BASELINE_ID, CANDIDATE_ID, "--known-issues", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not valid TOML" in err and "Traceback" not in err

    corrupt = archive(runs_root, "20261129-100000-bad0", "corrupt", "2026.2", [])
    corrupt.summary_path.write_text("{not json", encoding="utf-8")
    assert main(["compare", BASELINE_ID, "corrupt", "--known-issues", known]) == 2
    assert "not a readable run summary" in capsys.readouterr().err


def test_cli_json_prints_exactly_comparison_json(runs_root, tmp_path, capsys) -> None:
    known = str(known_file(tmp_path))
    archive(runs_root, BASELINE_ID, "before-upgrade", "2026.1", [result("AUTH-01", "passed")])
    candidate = archive(runs_root, CANDIDATE_ID, "after-upgrade", "2026.2", [result("AUTH-01", "failed")])
    code = main(["compare", str(tmp_path / "runs" / BASELINE_ID), CANDIDATE_ID, "--json", "--known-issues", known])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == (candidate.path / "comparison.json").read_text(encoding="utf-8")
    assert json.loads(captured.out)["regressed"][0]["id"] == "AUTH-01"
    assert "comparing" in captured.err
