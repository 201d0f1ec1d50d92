"""Bad inputs: each is one sentence on stderr, exit 2, no traceback, and nothing lost or half-written.

A malformed profile, an unknown target, release or fault, a feature file with a syntax error, a
folder of another tool's results, a corrupt summary.json, a portal answering 500 to everything
and a portal that never answers. The run's refusals come before any archive exists (no empty
archive becomes "the latest run"), and the files given are left as they were.
"""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from cli_refusals import ROOT, harness, no_archive, refused
from tiny_servers import answering, silent

from portal_harness.cli import main
from portal_harness.runs import RunArchive
from portal_harness.summary import ScenarioResult, Summary


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def test_a_malformed_profile_names_the_file_and_is_left_alone(tmp_path: Path) -> None:
    profile = tmp_path / "broken.toml"
    profile.write_text('[target\nenvironment = "test"\n')
    before = profile.read_bytes()
    done = harness(tmp_path, "run", "--target", str(profile), "--no-report")
    refused(done, f"{profile} is not valid TOML", "line 1")
    assert profile.read_bytes() == before and no_archive(tmp_path)


def test_an_unknown_target_name_lists_the_known_profiles(tmp_path: Path) -> None:
    done = harness(tmp_path, "run", "--target", "nosuchportal", "--no-report")
    refused(done, "No target profile 'nosuchportal'", "demo, example-external")
    assert no_archive(tmp_path)


def test_an_unknown_release_lists_the_bundled_portals_releases(tmp_path: Path) -> None:
    done = harness(tmp_path, "run", "--release", "1999.9", "--no-report")
    refused(done, "--release 1999.9 is not a release of the bundled portal", "2026.1, 2026.2")
    assert no_archive(tmp_path)


def test_an_unknown_fault_lists_the_known_ones_before_anything_starts(tmp_path: Path) -> None:
    done = harness(tmp_path, "run", "--faults", "lockout-disabled,no-such-fault", "--no-report")
    refused(done, "Unknown fault 'no-such-fault'", "activation-code-reusable", "portal-harness faults")
    assert no_archive(tmp_path)


def test_release_and_faults_are_refused_for_a_portal_the_harness_does_not_start(tmp_path: Path) -> None:
    done = harness(tmp_path, "run", "--target", "https://portal.invalid", "--faults", "lockout-disabled")
    refused(done, "--faults chooses what the bundled portal runs", "https://portal.invalid")


def test_a_feature_folder_with_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    features = tmp_path / "features" / "messaging"
    features.mkdir(parents=True)
    shutil.copy(ROOT / "tests/harness/bad_features/e001_syntax_error.feature", features / "broken.feature")
    done = harness(tmp_path, "run", "--no-report", "--", "-o", f"bdd_features_base_dir={tmp_path / 'features'}")
    refused(done, "broken.feature:7:", "Whn Maria sends", "fix the Gherkin on that line")
    assert no_archive(tmp_path)


def make_run(root: Path, run_id: str, results: list[ScenarioResult]) -> RunArchive:
    archive = RunArchive.create(run_id, root)
    archive.update_manifest(run_id=run_id, label=run_id, target="demo")
    Summary(run=run_id, label=run_id, results=results).write(archive.summary_path)
    return archive


def passed(scenario_id: str) -> ScenarioResult:
    return ScenarioResult(scenario_id, "name", "area/x.feature", "passed", 1.0)


@pytest.fixture
def runs_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "runs"
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(root))
    return root


def test_another_tools_results_folder_is_refused_by_report_and_compare(
    runs_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = make_run(runs_root, "20261127-010000-good", [passed("AUTH-01")])
    other = tmp_path / "cypress-results"
    (other / "allure-results").mkdir(parents=True)
    (other / "allure-results" / "0a1b-result.json").write_text('{"name": "login", "status": "passed"}')
    (other / "results.xml").write_text("<testsuites/>")
    before = fingerprint(other), fingerprint(good.path)
    assert main(["report", str(other)]) == 2
    assert main(["compare", str(good.path), str(other)]) == 2
    assert main(["compare", str(other), str(good.path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and all("is a folder but not a portal-harness run archive" in line for line in lines)
    assert (fingerprint(other), fingerprint(good.path)) == before  # nothing written into either


def test_a_corrupt_manifest_is_a_sentence_not_a_traceback(
    runs_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = make_run(runs_root, "20261127-010000-brkn", [passed("AUTH-01")])
    broken.manifest_path.write_text('{"run_id": "20261127-', encoding="utf-8")
    assert main(["report", str(broken.path)]) == 2
    assert "manifest.json is not readable JSON" in capsys.readouterr().err


def test_a_corrupt_summary_given_to_compare_is_refused_and_nothing_is_written(
    runs_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = make_run(runs_root, "20261127-010000-good", [passed("AUTH-01")])
    corrupt = make_run(runs_root, "20261127-020000-half", [passed("AUTH-01")])
    corrupt.summary_path.write_text('{"run": "20261127-020000-half", "results": [{"id": "AUTH-0', encoding="utf-8")
    before = fingerprint(corrupt.path)
    assert main(["compare", good.run_id, corrupt.run_id]) == 2
    err = capsys.readouterr().err
    assert f"{corrupt.summary_path} is not a readable run summary" in err and "Traceback" not in err
    assert fingerprint(corrupt.path) == before and not (corrupt.path / "comparison.json").exists()
    json.loads(good.summary_path.read_text())  # the good run is intact


def test_a_portal_answering_500_to_everything_stops_the_run_before_any_archive(tmp_path: Path) -> None:
    with answering(500) as url:
        done = harness(tmp_path, "run", "--target", url, "--environment", "test")
    refused(done, f"The target {url} answered HTTP 500 to GET /", "check its logs")
    assert no_archive(tmp_path)


def test_a_portal_that_never_answers_stops_at_the_preflight_timeout(tmp_path: Path) -> None:
    with silent() as url:
        done = harness(tmp_path, "run", "--target", url, "--environment", "test")
    refused(done, f"The target {url} did not answer GET /", "no answer within 5 s")
    assert no_archive(tmp_path)
