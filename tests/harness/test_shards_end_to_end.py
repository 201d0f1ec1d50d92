"""Two real shard runs and their merge: each id runs once, skipped ones are listed, the merge has all."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def harness(runs: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PORTAL_HARNESS_RUNS_DIR": str(runs), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "portal_harness", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_two_shards_run_each_id_once_and_merge_into_one_run(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    durations = tmp_path / "durations.json"
    durations.write_text(json.dumps({"MSG-10": 9.0, "ENR-03": 4.0}))  # MSG-10 → shard 1, ENR-03 → shard 2
    # On 2026.1, MSG-10 (@since:2026.2) is skipped: a skipped scenario still belongs to its shard's summary.
    common = ["run", "--no-report", "--release", "2026.1", "--id", "MSG-10", "--id", "ENR-03"]
    common += ["--durations", str(durations)]
    summaries, manifests = [], []
    for index in (1, 2):
        done = harness(runs, *common, "--shard", f"{index}/2", "--label", f"shard-{index}")
        assert done.returncode == 0, done.stderr[-2000:]
        (archive,) = [
            p for p in runs.iterdir() if json.loads((p / "manifest.json").read_text())["label"] == f"shard-{index}"
        ]
        summaries.append(json.loads((archive / "summary.json").read_text()))
        manifests.append(json.loads((archive / "manifest.json").read_text()))
    assert [(r["id"], r["status"]) for r in summaries[0]["results"]] == [("MSG-10", "skipped")]
    assert [(r["id"], r["status"]) for r in summaries[1]["results"]] == [("ENR-03", "passed")]
    assert [m["shard"]["ids"] for m in manifests] == [["MSG-10"], ["ENR-03"]]
    assert manifests[0]["shard"]["durations_source"]["kind"] == "file"
    assert manifests[0]["selection"]["complete"] is False

    done = harness(runs, "merge", "shard-1", "shard-2")
    assert done.returncode == 0, done.stderr[-2000:]
    (merged,) = [p for p in runs.iterdir() if json.loads((p / "manifest.json").read_text())["label"] == "merged"]
    summary = json.loads((merged / "summary.json").read_text())
    assert sorted(r["id"] for r in summary["results"]) == ["ENR-03", "MSG-10"]
    shard_results = {p.name for p in runs.glob("*/allure-results/*-result.json") if p.parent.parent != merged}
    assert {p.name for p in (merged / "allure-results").glob("*-result.json")} == shard_results
    assert shard_results, "no Allure result to merge"

    refused = harness(runs, "merge", "shard-1", "shard-1")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
