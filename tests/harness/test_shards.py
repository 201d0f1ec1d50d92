"""The shard split: a pure function of (ids, n, durations), balanced, stable, each id exactly once."""

import json
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from portal_harness.cli import main
from portal_harness.errors import HarnessError
from portal_harness.runs import RunArchive
from portal_harness.shard_selection import ShardSelection
from portal_harness.shards import (
    ShardPlan,
    describe_selection,
    durations_sha256,
    hash_shard,
    is_durations_source,
    plan_shard,
    read_durations,
    split_ids,
)

IDS = [f"{area}-{n:02d}" for area in ("AUTH", "ENR", "MSG", "RES", "PRX") for n in range(1, 13)]


def fake_durations(seed: int = 3) -> dict[str, float]:
    rng = random.Random(seed)
    return {scenario_id: round(rng.uniform(0.3, 12.0), 3) for scenario_id in IDS}


@pytest.mark.parametrize("total", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("with_durations", [True, False])
def test_every_id_lands_in_exactly_one_shard(total: int, with_durations: bool) -> None:
    shards = split_ids(IDS, total, fake_durations() if with_durations else None)
    assert sorted(shards) == list(range(1, total + 1))
    placed = [scenario_id for members in shards.values() for scenario_id in members]
    assert sorted(placed) == sorted(IDS) and len(placed) == len(set(placed))


def test_longest_first_onto_the_least_loaded_shard() -> None:
    durations = {"A-01": 10.0, "B-01": 9.0, "C-01": 8.0, "D-01": 2.0, "E-01": 1.0}
    # A→1 (10); B→2 (9); C→2 (17); D→1 (12); E→1 (13)
    assert split_ids(durations, 2, durations) == {1: ["A-01", "D-01", "E-01"], 2: ["B-01", "C-01"]}


def test_durations_balance_the_shards_far_better_than_the_hash() -> None:
    durations = fake_durations()

    def spread(shards: dict[int, list[str]]) -> float:
        loads = [sum(durations[i] for i in members) for members in shards.values()]
        return max(loads) - min(loads)

    balanced = split_ids(IDS, 3, durations)
    assert spread(balanced) <= max(durations.values())  # the greedy bound: at most one scenario apart
    assert spread(balanced) < spread(split_ids(IDS, 3, None)) / 4


def test_the_split_is_stable_whatever_the_order_of_its_inputs() -> None:
    durations = fake_durations()
    first = split_ids(IDS, 3, durations)
    shuffled_ids = random.Random(1).sample(IDS, len(IDS))
    shuffled_durations = dict(random.Random(2).sample(sorted(durations.items()), len(durations)))
    assert split_ids(shuffled_ids, 3, shuffled_durations) == first
    assert split_ids(IDS, 3, durations) == first


def test_equal_durations_break_ties_by_id_and_still_fill_every_shard() -> None:
    ids = ["C-01", "A-01", "B-01", "D-01"]
    durations = dict.fromkeys(ids, 0.0)
    assert split_ids(ids, 4, durations) == {1: ["A-01"], 2: ["B-01"], 3: ["C-01"], 4: ["D-01"]}


def test_an_id_without_a_duration_weighs_the_median() -> None:
    durations = {"A-01": 1.0, "B-01": 3.0, "C-01": 5.0, "Z-01": 100.0}
    shards = split_ids(["A-01", "B-01", "C-01", "NEW-01"], 2, durations)
    # the median of the durations is 4: C→1 (5), NEW→2 (4), B→2 (7), A→1 (6)
    assert shards == {1: ["A-01", "C-01"], 2: ["B-01", "NEW-01"]}


def test_without_durations_each_id_goes_where_its_hash_says() -> None:
    for durations in (None, {}):
        shards = split_ids(IDS, 3, durations)
        assert all(hash_shard(i, 3) == index for index, members in shards.items() for i in members)


def test_rows_of_one_id_are_one_unit() -> None:
    rows = ["ENR-07", "ENR-07", "ENR-07", "AUTH-01", "MSG-02", "MSG-02"]
    shards = split_ids(rows, 2, {"ENR-07": 9.0, "AUTH-01": 4.0, "MSG-02": 4.0})
    assert shards == {1: ["ENR-07"], 2: ["AUTH-01", "MSG-02"]}


class FakeItem:
    def __init__(self, scenario_id: str, row: int) -> None:
        self.nodeid = f"tests/acceptance/test_features.py::test_{scenario_id}[{row}]"
        self._marker = SimpleNamespace(args=(scenario_id,))

    def get_closest_marker(self, name: str) -> Any:
        return self._marker if name == "id" else None


def fake_config(deselected: list[Any]) -> Any:
    def pytest_deselected(items: list[Any]) -> None:
        deselected.extend(items)

    hook = SimpleNamespace(pytest_deselected=pytest_deselected)
    return SimpleNamespace(hook=hook, option=SimpleNamespace(collectonly=False))


def test_the_plugin_keeps_every_row_of_its_ids_and_records_them(tmp_path: Path) -> None:
    archive = RunArchive.create("20260101-000000-aaaa", root=tmp_path)
    items = [FakeItem(i, row) for i in ("ENR-07", "AUTH-01", "MSG-02") for row in (1, 2)]
    durations = {"ENR-07": 9.0, "AUTH-01": 4.0, "MSG-02": 4.0}
    plan = ShardPlan(2, 2, durations, {"kind": "file", "ref": "d.json", "sha256": durations_sha256(durations)})
    deselected: list[Any] = []
    kept: list[Any] = list(items)
    ShardSelection(plan, archive.path).pytest_collection_modifyitems(fake_config(deselected), kept)
    assert [item.nodeid.split("::")[1] for item in kept] == [
        "test_AUTH-01[1]",
        "test_AUTH-01[2]",
        "test_MSG-02[1]",
        "test_MSG-02[2]",
    ]
    assert len(deselected) == 2 and {item._marker.args[0] for item in deselected} == {"ENR-07"}
    shard = archive.read_manifest()["shard"]
    assert (shard["index"], shard["total"], shard["ids"], shard["selected"]) == (2, 2, ["AUTH-01", "MSG-02"], 3)


def test_durations_are_read_from_a_map_a_summary_or_a_run_folder(tmp_path: Path) -> None:
    plain = tmp_path / "durations.json"
    plain.write_text(json.dumps({"AUTH-01": 2, "ENR-07": 1.25}))
    assert read_durations(plain) == {"AUTH-01": 2.0, "ENR-07": 1.25}
    run = tmp_path / "run"
    run.mkdir()
    rows = [{"id": "ENR-07", "duration_s": 1.5}, {"id": "ENR-07", "duration_s": 2.0}, {"id": "AUTH-01"}]
    (run / "summary.json").write_text(json.dumps({"run": "r", "results": rows}))
    assert read_durations(run / "summary.json") == read_durations(run) == {"ENR-07": 3.5, "AUTH-01": 0.0}


@pytest.mark.parametrize(
    ("content", "says"),
    [("{", "is not JSON"), ("[1]", "not a JSON object"), ('{"A-01": "slow"}', "'A-01'"), ('{"A-01": -1}', "'A-01'")],
)
def test_a_bad_durations_file_is_one_sentence(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "durations.json"
    path.write_text(content)
    with pytest.raises(HarnessError, match=says):
        read_durations(path)
    with pytest.raises(HarnessError, match="cannot be read"):
        read_durations(tmp_path / "missing.json")


def test_only_an_unfiltered_run_is_complete() -> None:
    assert describe_selection(None, [], ["--missing-steps=skip"])["complete"] is True
    assert describe_selection("1/2", [], [])["complete"] is False
    assert describe_selection(None, ["AUTH-01"], [])["complete"] is False
    selection = describe_selection(None, [], ["-m", "smoke", "-k", "sign", "--lf", "-x"])
    assert selection["markexpr"] == "smoke" and selection["keyword"] == "sign" and selection["last_failed"]
    assert selection["other_pytest_args"] == ["-x"] and selection["complete"] is False


def make_run(
    root: Path, run_id: str, *, target: str = "demo", durations: dict[str, float] | None = None, **manifest: Any
) -> RunArchive:
    archive = RunArchive.create(run_id, root=root)
    fields = {
        "run_id": run_id,
        "target": target,
        "ended_at": "2026-01-01T00:00:00Z",
        "interrupted": False,
        "selection": describe_selection(None, [], []),
    }
    archive.update_manifest(**{**fields, **manifest})
    results = [
        {"id": i, "name": i, "feature": "f", "status": "passed", "duration_s": s} for i, s in (durations or {}).items()
    ]
    (archive.summary_path).write_text(json.dumps({"run": run_id, "label": "", "results": results}))
    return archive


def test_the_source_is_the_newest_complete_run_of_the_same_target(tmp_path: Path) -> None:
    make_run(tmp_path, "20260101-000000-aaaa", durations={"AUTH-01": 1.0})  # older complete
    source = make_run(tmp_path, "20260102-000000-bbbb", durations={"AUTH-01": 2.0})  # the one
    make_run(tmp_path, "20260103-000000-cccc", durations={"AUTH-01": 3.0}, shard={"index": 1, "total": 2})
    make_run(tmp_path, "20260104-000000-dddd", durations={"AUTH-01": 4.0}, interrupted=True)
    make_run(
        tmp_path,
        "20260105-000000-eeee",
        durations={"AUTH-01": 5.0},
        selection=describe_selection(None, [], ["-m", "smoke"]),
    )
    make_run(tmp_path, "20260106-000000-ffff", durations={"AUTH-01": 6.0}, target="https://portal.example")
    make_run(tmp_path, "20260107-000000-gggg", durations={"AUTH-01": 7.0}, ended_at=None)
    legacy = make_run(tmp_path, "20260108-000000-hhhh", durations={"AUTH-01": 8.0})
    legacy.update_manifest(selection=None)  # written before runs recorded their selection: unknown, never a source
    plan = plan_shard("2/3", "demo", None, tmp_path)
    assert (plan.index, plan.total, plan.durations) == (2, 3, {"AUTH-01": 2.0})
    assert plan.source == {"kind": "run", "ref": source.run_id, "sha256": durations_sha256({"AUTH-01": 2.0})}
    assert is_durations_source(source, "demo") and not is_durations_source(source, "other")


def test_a_file_beats_the_archives_and_no_source_means_the_hash(tmp_path: Path) -> None:
    make_run(tmp_path, "20260101-000000-aaaa", durations={"AUTH-01": 1.0})
    file = tmp_path / "d.json"
    file.write_text('{"ENR-01": 3}')
    assert plan_shard("1/2", "demo", file, tmp_path).source["kind"] == "file"
    nothing = plan_shard("1/2", "https://portal.example", None, tmp_path)
    assert nothing.durations is None and nothing.source == {"kind": "none", "ref": None, "sha256": None}
    with pytest.raises(HarnessError, match="not a shard"):
        plan_shard("3/2", "demo", None, tmp_path)


def test_the_plan_file_round_trips_and_a_damaged_one_is_one_sentence(tmp_path: Path) -> None:
    plan = ShardPlan(1, 2, {"A-01": 1.0}, {"kind": "file", "ref": "x", "sha256": "s"})
    plan.write(tmp_path / "plan.json")
    assert ShardPlan.read(tmp_path / "plan.json") == plan
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(HarnessError, match="shard plan"):
        ShardPlan.read(tmp_path / "bad.json")


def test_durations_without_a_shard_are_refused_before_anything_starts(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(tmp_path))
    assert main(["run", "--durations", str(tmp_path / "d.json")]) == 2
    assert "add --shard i/n" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_first_pass_splits_by_the_plan_and_the_retry_runs_its_failed_ids_only(tmp_path: Path) -> None:
    from portal_harness.runner import RunRequest, pytest_command

    archive = RunArchive.create("20260101-000000-aaaa", root=tmp_path)
    request = RunRequest(shard="1/2", ids=["AUTH-01"])
    first = pytest_command(request, archive, None, 1, None, attempt=1)
    assert first[first.index("--shard-plan") + 1] == str(archive.path / "shard-plan.json")
    assert "--shard-plan" not in pytest_command(request, archive, None, 1, None, attempt=2)
    assert "--shard-plan" not in pytest_command(RunRequest(), archive, None, 1, None)
