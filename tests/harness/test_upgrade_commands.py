"""upgrade-drill, signoff and rerun for real: the bundled portal, a browser, two releases."""

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from portal_harness.cli import main

ROOT = Path(__file__).resolve().parents[2]


def harness(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path / "runs"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "portal_harness", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2025.9"], "--from 2025.9 is not a release of the bundled portal: use one of 2026.1, 2026.2."),
        (["--from", "2026.2", "--to", "2026.1"], "--from 2026.2 is newer than --to 2026.1"),
        (["--faults", "no-such-fault"], "Unknown fault 'no-such-fault'"),
    ],
)
def test_a_drill_that_cannot_work_is_refused_before_anything_starts(args, says, capsys) -> None:
    assert main(["upgrade-drill", *args]) == 2
    assert says in capsys.readouterr().err


def test_rerun_of_a_run_with_nothing_failed_says_so(tmp_path, monkeypatch, capsys) -> None:
    from portal_harness.runs import RunArchive
    from portal_harness.summary import ScenarioResult, Summary

    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(tmp_path))
    archive = RunArchive.create("20261127-010101-abcd", tmp_path)
    archive.update_manifest(run_id=archive.run_id, label="green")
    Summary(archive.run_id, "green", [ScenarioResult("A-01", "a", "f", "passed", 1.0)]).write(archive.summary_path)
    assert main(["rerun", "green", "--failed"]) == 2
    assert "has nothing that failed or was flaky" in capsys.readouterr().err


@pytest.mark.slow
def test_a_drill_with_a_fault_regresses_its_scenario_then_signoff_and_rerun_use_the_candidate(tmp_path) -> None:
    done = harness(
        tmp_path, "upgrade-drill", "--id", "AUTH-01", "--id", "AUTH-02", "--faults", "lockout-disabled", "--json"
    )
    assert done.returncode == 1, done.stderr[-3000:]
    comparison = json.loads(done.stdout)  # stdout is exactly the JSON document
    assert [entry["id"] for entry in comparison["regressed"]] == ["AUTH-02"]
    assert comparison["gate"]["passed"] is False and "AUTH-02" in " ".join(comparison["gate"]["failed_rules"])
    assert (comparison["baseline"]["release"], comparison["candidate"]["release"]) == ("2026.1", "2026.2")
    assert comparison["candidate"]["passed"] == 1 and comparison["candidate"]["failed"] == 1
    candidate = Path(tmp_path / "runs" / comparison["candidate"]["run"])
    assert json.loads((candidate / "comparison.json").read_text()) == comparison
    assert "REGRESSED  AUTH-02" in done.stderr
    # the drill scans every page: 2026.2's redesign shows as visual changes, for review only
    assert comparison["scans"] == {"baseline": ["a11y", "visual", "speed"], "candidate": ["a11y", "visual", "speed"]}
    assert comparison["new_accessibility_violations"] == []
    changes = comparison["visual_changes"]
    assert "/sign-in" in {change["page"] for change in changes}

    signed = harness(tmp_path, "signoff", comparison["candidate"]["run"])
    assert signed.returncode == 0, signed.stderr[-2000:]
    (pack,) = (ROOT / "reports" / "signoff").glob(f"signoff-{candidate.name}.zip")
    with zipfile.ZipFile(pack) as archive:
        names = {name.split("/", 1)[1]: name for name in archive.namelist()}
        for expected in ("comparison.json", "candidate-manifest.json", "baseline-manifest.json", "signoff.html"):
            assert expected in names, expected
        assert "allure-report/index.html" in names
        assert all(change["diff_image"] in names for change in changes)  # comparison.md's pictures
        sums = archive.read(names["SHA256SUMS"]).decode().splitlines()
        listed = dict(reversed(line.split("  ", 1)) for line in sums)
        assert set(listed) == set(names) - {"SHA256SUMS"}
        assert all(hashlib.sha256(archive.read(names[n])).hexdigest() == digest for n, digest in listed.items())
        assert "AUTH-02" in archive.read(names["signoff.html"]).decode()
    pack.unlink()

    rerun = harness(tmp_path, "rerun", comparison["candidate"]["run"], "--failed", "--no-report")
    assert rerun.returncode == 1, rerun.stderr[-2000:]
    newest = sorted((tmp_path / "runs").iterdir())[-1]
    manifest = json.loads((newest / "manifest.json").read_text())
    assert manifest["rerun_of"] == candidate.name and manifest["faults"] == ["lockout-disabled"]
    summary = json.loads((newest / "summary.json").read_text())
    assert {r["id"]: r["status"] for r in summary["results"]} == {"AUTH-01": "passed", "AUTH-02": "failed"}
