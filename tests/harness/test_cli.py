import pytest

from portal_harness.cli import build_parser
from portal_harness.shards import hash_shard as shard_of
from portal_harness.tags import area_of, split_valued_tag


def test_run_accepts_the_documented_flags() -> None:
    args = build_parser().parse_args(
        [
            "run",
            "--target",
            "demo",
            "--release",
            "2026.1",
            "--faults",
            "a,b",
            "--label",
            "L",
            "--seed",
            "7",
            "--shard",
            "2/3",
            "--headed",
            "--slowmo",
            "50",
            "--id",
            "MSG-01",
            "--id",
            "ENR-01",
            "-m",
            "smoke",
            "--",
            "-x",
        ]
    )
    assert args.ids == ["MSG-01", "ENR-01"] and args.shard == "2/3" and args.markexpr == "smoke"
    assert args.pytest_args == ["-x"]


@pytest.mark.parametrize("bad", ["0/3", "4/3", "x/3", "3"])
def test_a_bad_shard_is_refused(bad: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["run", "--shard", bad])
    assert exit_info.value.code == 2
    assert "is not a shard" in capsys.readouterr().err


def test_shards_are_stable_and_cover_every_id() -> None:
    ids = [f"MSG-{n:02d}" for n in range(1, 40)]
    shards = {i: [x for x in ids if shard_of(x, 3) == i] for i in (1, 2, 3)}
    assert sorted(x for shard in shards.values() for x in shard) == ids
    assert all(shards.values())
    assert [shard_of(x, 3) for x in ids] == [shard_of(x, 3) for x in ids]


def test_valued_tags_and_areas() -> None:
    assert split_valued_tag("id:ENR-01") is not None
    assert split_valued_tag("smoke") is None
    assert area_of("A11Y-01") == "accessibility"


def test_faults_json_lists_the_catalogue_with_its_contract_fields(capsys) -> None:
    import json

    from portal_harness.cli import main

    assert main(["faults", "--json"]) == 0
    faults = json.loads(capsys.readouterr().out)
    fields = {"name", "area", "kind", "description", "caught_by", "on_upgrade", "scans"}
    assert faults and all(set(f) == fields for f in faults)
    on_upgrade = {f["name"] for f in faults if f["on_upgrade"]}
    assert "migration-truncates-long-messages" in on_upgrade and "activation-code-reusable" not in on_upgrade
    assert all(f["name"] == f["name"].lower() and " " not in f["name"] and f["caught_by"] for f in faults)
