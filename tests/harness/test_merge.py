"""`portal-harness merge`: shard runs become one archive that report and compare read as one run."""

import json
from pathlib import Path
from typing import Any

import pytest

from portal_harness.cli import main
from portal_harness.compare import compare_runs
from portal_harness.errors import HarnessError
from portal_harness.merge import merge_runs
from portal_harness.runs import RunArchive
from portal_harness.shards import describe_selection, ids_sha256, is_durations_source

SPLIT = {1: ["AUTH-01", "ENR-07"], 2: ["MSG-10", "RES-02"]}
SELECTED = ids_sha256(SPLIT[1] + SPLIT[2])


def shard_run(root: Path, index: int, *, total: int = 2, release: str = "2026.2", **manifest: Any) -> RunArchive:
    run_id = f"2026010{index}-000000-s{index}{total}x"
    archive = RunArchive.create(run_id, root=root)
    shard = {
        "index": index,
        "total": total,
        "durations_source": {"kind": "run", "ref": "20251231-000000-full", "sha256": "d1"},
        "selected": 4,
        "selected_sha256": SELECTED,
        "ids": SPLIT.get(index, []),
    }
    fields = {
        "run_id": run_id,
        "label": f"nightly-{index}",
        "started_at": f"2026-01-0{index}T00:00:00Z",
        "ended_at": f"2026-01-0{index}T00:10:00Z",
        "target": "demo",
        "target_url": f"http://127.0.0.1:4000{index}",
        "portal": {"product": "Riverbend Patient Portal", "release": release},
        "faults": [],
        "seed": index,
        "interrupted": False,
        "selection": describe_selection(f"{index}/{total}", [], []),
        "shard": shard,
    }
    archive.update_manifest(**{**fields, **manifest})
    results = []
    for scenario_id in SPLIT.get(index, []):
        status = "skipped" if scenario_id == "MSG-10" else "passed"
        rows = [1, 2] if scenario_id == "ENR-07" else [None]
        for row in rows:
            result = {"id": scenario_id, "name": scenario_id, "feature": "f.feature", "status": status}
            results.append({**result, "duration_s": 1.0, **({"example": row} if row else {})})
        (archive.allure_results / f"{scenario_id}-uuid-result.json").write_text(json.dumps({"name": scenario_id}))
    (archive.allure_results / "environment.properties").write_text(f"shard={index}\n")
    if index == 2:
        (archive.path / "evidence" / "RES-02").mkdir(parents=True)
        (archive.path / "evidence" / "RES-02" / "screen-1.png").write_bytes(b"png")
    archive.summary_path.write_text(json.dumps({"run": run_id, "label": "", "results": results}))
    return archive


def test_two_shards_merge_into_one_archive_with_every_scenario_once(tmp_path: Path) -> None:
    one, two = shard_run(tmp_path, 1), shard_run(tmp_path, 2)
    merged = merge_runs([one.run_id, two.run_id], root=tmp_path)
    summary = merged.read_summary()
    assert summary is not None and summary.label == "merged" and summary.run == merged.run_id
    assert sorted({r.id for r in summary.results}) == sorted(SPLIT[1] + SPLIT[2])
    assert len(summary.results) == 5 and summary.counts == {"passed": 3, "failed": 0, "skipped": 1, "flaky": 0}
    results = sorted(p.name for p in merged.allure_results.glob("*-result.json"))
    assert results == [f"{i}-uuid-result.json" for i in sorted(SPLIT[1] + SPLIT[2])]
    assert (merged.allure_results / "environment.properties").read_text() == "shard=1\n"
    assert (merged.path / "evidence" / "RES-02" / "screen-1.png").read_bytes() == b"png"
    manifest = merged.read_manifest()
    assert manifest["label"] == "merged" and manifest["portal"]["release"] == "2026.2"
    assert [(s["run_id"], s["shard"], s["portal"]["release"]) for s in manifest["merged_from"]] == [
        (one.run_id, "1/2", "2026.2"),
        (two.run_id, "2/2", "2026.2"),
    ]
    assert (manifest["started_at"], manifest["ended_at"]) == ("2026-01-01T00:00:00Z", "2026-01-02T00:10:00Z")
    assert manifest["seed"] is None and manifest["selection"]["complete"] is True
    assert is_durations_source(merged, "demo"), "a whole merged split is a complete run"


def test_compare_reads_a_merged_run_like_any_other(tmp_path: Path) -> None:
    merged = merge_runs([shard_run(tmp_path, 1).run_id, shard_run(tmp_path, 2).run_id], root=tmp_path)
    comparison = compare_runs(merged, merged)
    assert comparison["candidate"]["run"] == merged.run_id and not comparison["regressed"]


def test_a_missing_shard_is_said_and_the_merge_is_no_durations_source(tmp_path: Path, capsys) -> None:
    one = shard_run(tmp_path, 1, total=3)
    merged = merge_runs([one.run_id, shard_run(tmp_path, 2, total=3).run_id], root=tmp_path)
    assert "shard(s) 3 of the split are missing" in capsys.readouterr().err
    assert merged.read_manifest()["selection"]["missing_shards"] == [3]
    assert not is_durations_source(merged, "demo")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"release": "2026.1"}, "release '2026.1'"),
        ({"target": "https://portal.example"}, "target 'https://portal.example'"),
        ({"faults": ["activation-code-reusable"]}, "faults"),
        ({"total": 3}, "another shard count"),
    ],
)
def test_shards_of_different_portals_or_splits_are_refused(tmp_path: Path, change: dict[str, Any], says: str) -> None:
    one = shard_run(tmp_path, 1)
    two = shard_run(tmp_path, 2, **change)
    with pytest.raises(HarnessError, match=says):
        merge_runs([one.run_id, two.run_id], root=tmp_path)
    assert len(list(tmp_path.iterdir())) == 2, "a refused merge leaves no archive behind"


def test_shards_split_by_other_durations_are_refused(tmp_path: Path) -> None:
    one = shard_run(tmp_path, 1)
    two = shard_run(tmp_path, 2)
    shard = two.read_manifest()["shard"]
    two.update_manifest(shard={**shard, "durations_source": {"kind": "file", "ref": "other.json", "sha256": "d2"}})
    with pytest.raises(HarnessError, match="same --durations FILE"):
        merge_runs([one.run_id, two.run_id], root=tmp_path)


def test_runs_that_share_an_id_are_refused_with_exit_2(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(tmp_path))
    one = shard_run(tmp_path, 1)
    again = shard_run(tmp_path, 2)
    again.summary_path.write_text(one.summary_path.read_text())
    assert main(["merge", one.run_id, again.run_id]) == 2
    err = capsys.readouterr().err
    assert "Scenario AUTH-01 ran in both" in err and "Traceback" not in err
    assert main(["merge", one.run_id, one.run_id]) == 2
    assert "given twice" in capsys.readouterr().err


def test_merge_on_the_command_line_takes_a_label(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(tmp_path))
    one, two = shard_run(tmp_path, 1), shard_run(tmp_path, 2)
    assert main(["merge", one.run_id, str(two.path), "--label", "nightly"]) == 0
    assert "3 passed, 0 failed, 1 skipped" in capsys.readouterr().err
    (merged,) = [p for p in tmp_path.iterdir() if p.name not in (one.run_id, two.run_id)]
    assert json.loads((merged / "manifest.json").read_text())["label"] == "nightly"
