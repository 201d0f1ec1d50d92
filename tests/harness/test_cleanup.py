"""`portal-harness cleanup RUN`: delete through the admin API where the target can, else list the ledger."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from portal_harness.cli import main

ROOT = Path(__file__).resolve().parents[2]


def archive_of(tmp_path: Path, run_id: str, target: str, ledger: list[dict[str, str]]) -> Path:
    archive = tmp_path / run_id
    archive.mkdir(parents=True)
    (archive / "manifest.json").write_text(json.dumps({"run_id": run_id, "target": target}))
    (archive / "created.jsonl").write_text("".join(json.dumps(line) + "\n" for line in ledger))
    return archive


def test_a_target_that_cannot_delete_gets_the_runs_ledger_listed_with_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(tmp_path))
    ledger = [
        {"kind": "clinic", "id": "cln_1", "label": "EC-AB12-K3F9"},
        {"kind": "patient", "id": "pat_1", "label": "MRN1234567K3F9"},
        {"kind": "patient", "id": "pat_2", "label": "MRN7654321K3F9"},
    ]
    archive_of(tmp_path, "20261126-223012-k3f9", "example-external", ledger)
    assert main(["cleanup", "20261126-223012-k3f9"]) == 0
    captured = capsys.readouterr()
    assert "cannot delete" in captured.err
    assert "3 records to remove by hand: 1 clinic, 2 patient" in captured.out
    assert "MRN7654321K3F9" in captured.out and "usernames ending in .k3f9" in captured.out


def test_a_broken_ledger_line_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(tmp_path))
    archive = archive_of(tmp_path, "20261126-223012-zz11", "example-external", [])
    (archive / "created.jsonl").write_text("{not json\n")
    assert main(["cleanup", "20261126-223012-zz11"]) == 2
    assert "created.jsonl:1 is not a JSON line" in capsys.readouterr().err


@pytest.mark.slow
def test_a_bundled_run_is_cleaned_on_the_database_its_archive_kept(tmp_path: Path) -> None:
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def harness(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "portal_harness", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)

    done = harness("run", "--no-report", "--id", "AUTH-01")
    assert done.returncode == 0, done.stderr[-2000:]
    (archive,) = tmp_path.iterdir()
    manifest = json.loads((archive / "manifest.json").read_text())
    assert (manifest["profile"], manifest["environment"]) == ("demo", "test")
    assert manifest["run_tag"] == archive.name.rsplit("-", 1)[-1]
    ledger = [json.loads(line) for line in (archive / "created.jsonl").read_text().splitlines()]
    assert {line["kind"] for line in ledger} == {"clinic", "patient", "account"}
    assert all(line["label"].lower().endswith(manifest["run_tag"]) for line in ledger), ledger
    environment = (archive / "allure-results" / "environment.properties").read_text()
    assert "target.profile=demo" in environment and "target.environment=test" in environment

    dry = harness("cleanup", archive.name, "--dry-run")
    assert dry.returncode == 0, dry.stderr[-2000:]
    assert "found 1 account, 1 clinic, 1 patient" in dry.stdout and "would delete" in dry.stdout
    wet = harness("cleanup", archive.name)
    assert wet.returncode == 0 and "deleted" in wet.stdout and "accounts 1" in wet.stdout, wet.stdout + wet.stderr
    again = harness("cleanup", archive.name, "--dry-run")
    assert "would delete 0 rows" in again.stdout, again.stdout
