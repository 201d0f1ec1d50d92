"""`portal-harness run` for real: the bundled portal, a browser, the archive and the exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def harness(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "portal_harness", "run", "--no-report", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def only_archive(tmp_path: Path) -> Path:
    (archive,) = tmp_path.iterdir()
    return archive


def test_a_fault_turns_its_scenario_red_with_evidence_and_exit_1(tmp_path: Path) -> None:
    done = harness(
        tmp_path, "--id", "ENR-03", "--faults", "activation-code-reusable", "--label", "fault", "--seed", "7"
    )
    assert done.returncode == 1, done.stderr[-2000:]
    archive = only_archive(tmp_path)
    summary = json.loads((archive / "summary.json").read_text())
    (result,) = summary["results"]
    assert (result["id"], result["status"], result["error_kind"]) == ("ENR-03", "failed", "assertion")
    assert [attempt["status"] for attempt in result["attempts"]] == ["failed", "failed"], "not retried once"
    assert "already been used" in result["message"]
    assert summary["counts"]["failed"] == 1 and summary["interrupted"] is False
    manifest = json.loads((archive / "manifest.json").read_text())
    assert manifest["faults"] == ["activation-code-reusable"] and manifest["seed"] == 7
    assert manifest["portal"]["product"] == "Riverbend Patient Portal" and manifest["browser"]["name"] == "chromium"
    assert manifest["ended_at"] and manifest["suite_commit"]
    assert list((archive / "allure-results").glob("*-attachment.png")), "no failure screenshot"
    assert (archive / "junit.xml").exists()


def test_a_scenario_that_fails_once_then_passes_is_flaky_and_the_run_exits_0(tmp_path: Path) -> None:
    done = harness(tmp_path, "--id", "AUTH-01", "--faults", "first-sign-in-after-start-fails")
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads((only_archive(tmp_path) / "summary.json").read_text())
    (result,) = summary["results"]
    assert result["status"] == "flaky" and summary["counts"]["flaky"] == 1
    assert [attempt["status"] for attempt in result["attempts"]] == ["failed", "passed"]
    assert "FLAKY   AUTH-01" in done.stderr


def test_the_same_scenario_passes_without_the_fault(tmp_path: Path) -> None:
    done = harness(tmp_path, "--id", "ENR-03")
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads((only_archive(tmp_path) / "summary.json").read_text())
    assert [r["status"] for r in summary["results"]] == ["passed"]


def test_an_unknown_id_is_a_usage_error_in_one_sentence(tmp_path: Path) -> None:
    done = harness(tmp_path, "--id", "NOPE-99")
    assert done.returncode == 2
    assert "No scenario has the id NOPE-99" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_an_unknown_fault_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    done = harness(tmp_path, "--faults", "no-such-fault")
    assert done.returncode == 2
    assert "Unknown fault 'no-such-fault'" in done.stderr and "activation-code-reusable" in done.stderr
    assert "Traceback" not in done.stderr
