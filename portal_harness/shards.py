"""Shards: which scenario ids shard i of n runs, as a pure function every CI machine agrees on.

The split depends on three things only: the set of selected scenario ids, n, and a durations map.
With durations, ids are balanced greedily (longest first onto the least loaded shard; ties broken
by id, then by the shard with fewer ids, then the lower index); an id the durations do not know
weighs the median. Without durations, each id goes where a stable hash of it says. An id is the
unit: all rows of a Scenario Outline share it, so they always land in the same shard.

The durations come from a file (`--durations FILE`: `{"ID": seconds}` or a run's summary.json),
else from the newest complete run of the same target: not sharded, not interrupted, not filtered
by -m/-k/--id/--lf or extra pytest arguments (its manifest's `selection` says so). The runner
resolves the source once and writes it, with its hash, to the archive's `shard-plan.json`; the
pytest plugin splits from that file, so a run never re-resolves a source that changed meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.runs import RunArchive, list_runs

SHARD_PLAN_FILE = "shard-plan.json"
# pytest arguments that change what runs without selecting scenarios: a run with them is still complete.
_NOT_SELECTING = ("--missing-steps",)


def parse_shard(value: str) -> tuple[int, int]:
    """`2/4` → (2, 4)."""
    index, sep, total = value.partition("/")
    if not (sep and index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total)):
        raise HarnessError(f"'{value}' is not a shard: write i/n with 1 <= i <= n, e.g. --shard 2/4.")
    return int(index), int(total)


def hash_shard(scenario_id: str, total: int) -> int:
    """The shard (1..total) of an id when there are no durations: a stable hash of the id."""
    digest = hashlib.sha256(scenario_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") % total + 1


def split_ids(ids: Iterable[str], total: int, durations: Mapping[str, float] | None) -> dict[int, list[str]]:
    """Every id in exactly one of the shards 1..total (sorted ids per shard)."""
    unique = sorted(set(ids))
    shards: dict[int, list[str]] = {index: [] for index in range(1, total + 1)}
    if not durations:
        for scenario_id in unique:
            shards[hash_shard(scenario_id, total)].append(scenario_id)
        return shards
    unknown = statistics.median(durations.values())
    weight = {scenario_id: float(durations.get(scenario_id, unknown)) for scenario_id in unique}
    loads = dict.fromkeys(shards, 0.0)
    for scenario_id in sorted(unique, key=lambda i: (-weight[i], i)):
        lightest = min(shards, key=lambda index: (loads[index], len(shards[index]), index))
        shards[lightest].append(scenario_id)
        loads[lightest] += weight[scenario_id]
    return {index: sorted(members) for index, members in shards.items()}


def durations_of_summary(data: Mapping[str, Any]) -> dict[str, float]:
    """An id's weight is the sum of its rows' durations: its rows always run together."""
    durations: dict[str, float] = {}
    for result in data.get("results") or []:
        durations[str(result["id"])] = durations.get(str(result["id"]), 0.0) + float(result.get("duration_s", 0.0))
    return {scenario_id: round(seconds, 3) for scenario_id, seconds in durations.items()}


def read_durations(path: Path) -> dict[str, float]:
    """`{"ID": seconds}`, or a run's summary.json (or its folder)."""
    file = path / "summary.json" if path.is_dir() else path
    fix = 'give a JSON object {"ID": seconds, ...} or a run\'s summary.json'
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError:
        raise HarnessError(f"The durations file {file} cannot be read: {fix}.") from None
    except json.JSONDecodeError as error:
        raise HarnessError(f"The durations file {file} is not JSON (line {error.lineno}): {fix}.") from None
    if not isinstance(data, dict):
        raise HarnessError(f"The durations file {file} is not a JSON object: {fix}.")
    if isinstance(data.get("results"), list):
        return durations_of_summary(data)
    bad = [key for key, value in data.items() if isinstance(value, bool) or not isinstance(value, (int, float))]
    bad += [key for key, value in data.items() if key not in bad and value < 0]
    if bad:
        raise HarnessError(f"The durations file {file} gives '{bad[0]}' no number of seconds >= 0: {fix}.")
    return {str(key): round(float(value), 3) for key, value in data.items()}


def describe_selection(shard: str | None, ids: Sequence[str], pytest_args: Sequence[str]) -> dict[str, Any]:
    """The manifest's `selection`: what narrowed the run. `complete` runs are durations sources."""
    markexpr = keyword = None
    lf = False
    other: list[str] = []
    args = list(pytest_args)
    while args:
        arg = args.pop(0)
        if arg in ("-m", "-k") and args:
            value = args.pop(0)
            markexpr, keyword = (value, keyword) if arg == "-m" else (markexpr, value)
        elif arg in ("--lf", "--last-failed"):
            lf = True
        elif not arg.startswith(_NOT_SELECTING):
            other.append(arg)
    complete = not (shard or ids or markexpr or keyword or lf or other)
    return {
        "shard": shard,
        "markexpr": markexpr,
        "keyword": keyword,
        "ids": list(ids),
        "last_failed": lf,
        "other_pytest_args": other,
        "complete": complete,
    }


def is_durations_source(archive: RunArchive, target: str) -> bool:
    """A finished, uninterrupted, unfiltered, unsharded run of this target with results."""
    manifest = archive.read_manifest()
    selection = manifest.get("selection") or {}
    return (
        manifest.get("target") == target
        and selection.get("complete") is True
        and not manifest.get("shard")
        and manifest.get("ended_at") is not None
        and manifest.get("interrupted") is False
        and archive.summary_path.exists()
    )


@dataclass(frozen=True)
class ShardPlan:
    index: int
    total: int
    durations: dict[str, float] | None  # None: split by the stable hash
    source: dict[str, Any]  # {"kind": "file"|"run"|"none", "ref", "sha256"}

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "total": self.total, "durations_source": self.source, "durations": self.durations}

    @classmethod
    def read(cls, path: Path) -> ShardPlan:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(int(data["index"]), int(data["total"]), data.get("durations"), dict(data["durations_source"]))
        except (OSError, ValueError, KeyError, TypeError):
            raise HarnessError(
                f"The shard plan {path} is missing or damaged: let `portal-harness run --shard` write it."
            ) from None

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


def durations_sha256(durations: Mapping[str, float] | None) -> str | None:
    """The hash of what the split actually used: shards that agree on it (and the ids) agree on the split."""
    if not durations:
        return None
    canonical = json.dumps(dict(durations), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def plan_shard(shard: str, target: str, durations_file: Path | None, runs_root: Path | None = None) -> ShardPlan:
    """Resolve the durations source once: the file, else the newest complete run of the target, else none."""
    index, total = parse_shard(shard)
    ref: str | None
    if durations_file is not None:
        durations: dict[str, float] | None = read_durations(durations_file)
        kind, ref = "file", str(durations_file)
    else:
        source = next((run for run in reversed(list_runs(runs_root)) if is_durations_source(run, target)), None)
        durations = read_durations(source.summary_path) if source else None
        kind, ref = ("run", source.run_id) if source else ("none", None)
    durations = durations or None
    if durations is None and kind == "run":
        kind, ref = "none", None
    return ShardPlan(index, total, durations, {"kind": kind, "ref": ref, "sha256": durations_sha256(durations)})


def describe_source(source: Mapping[str, Any]) -> str:
    """One phrase for the progress line: where the split's durations came from."""
    if source.get("kind") == "file":
        return f"balanced by the durations in {source.get('ref')}"
    if source.get("kind") == "run":
        return f"balanced by the durations of run {source.get('ref')}"
    return "split by a stable hash of the id (no complete run of this target to take durations from)"


def ids_sha256(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(set(ids))).encode()).hexdigest()
