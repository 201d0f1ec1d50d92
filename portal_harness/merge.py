"""`portal-harness merge RUN ...`: the shard runs of one suite run as one archive.

The merged archive is an ordinary run archive (label `merged` unless told otherwise): its
summary lists every shard's results, its `allure-results/` and `evidence/` are copies of the
shards', and its manifest lists the shard runs with their targets and releases. `report`,
`compare`, `rerun` and `signoff` read it like any other run.

Merging refuses runs that tested different portals (target, product, release, faults), runs
that share a scenario id (the same scenario would count twice), and shards that split different
inputs (another shard count, other durations, another set of selected ids): their union would
not be the suite run once. A missing shard is allowed but said, and keeps the merged archive
from becoming a durations source.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.progress import say
from portal_harness.runs import RunArchive, resolve_run
from portal_harness.summary import Summary

MERGED_LABEL = "merged"
_SAME_PORTAL = ("target", "product", "release", "faults")


def portal_of(manifest: dict[str, Any]) -> dict[str, Any]:
    portal = manifest.get("portal") or {}
    return {
        "target": manifest.get("target"),
        "product": portal.get("product"),
        "release": portal.get("release"),
        "faults": sorted(manifest.get("faults") or []),
    }


def check_same_portal(runs: Sequence[RunArchive], manifests: Sequence[dict[str, Any]]) -> None:
    first = portal_of(manifests[0])
    for run, manifest in zip(runs[1:], manifests[1:], strict=True):
        other = portal_of(manifest)
        for key in _SAME_PORTAL:
            if other[key] != first[key]:
                raise HarnessError(
                    f"Run {run.run_id} tested {key} {other[key]!r} but {runs[0].run_id} tested {first[key]!r}: "
                    "merge only the shards of one suite run against one portal release."
                )


def check_no_overlap(runs: Sequence[RunArchive], summaries: Sequence[Summary]) -> None:
    owner: dict[str, str] = {}
    for run, summary in zip(runs, summaries, strict=True):
        for scenario_id in sorted({result.id for result in summary.results}):
            first = owner.setdefault(scenario_id, run.run_id)
            if first != run.run_id:
                raise HarnessError(
                    f"Scenario {scenario_id} ran in both {first} and {run.run_id}: "
                    "merge runs that share no scenario id (the shards of one split, each once)."
                )


def check_same_split(runs: Sequence[RunArchive], manifests: Sequence[dict[str, Any]]) -> list[int]:
    """Shards of one split agree on n, the durations and the selected ids; returns the missing indices."""
    shards = [manifest.get("shard") for manifest in manifests]
    if not any(shards):
        return []
    if not all(shards):
        plain = next(run.run_id for run, shard in zip(runs, shards, strict=True) if not shard)
        raise HarnessError(f"Run {plain} is not a shard run: merge either shard runs only, or no shard runs.")
    first = shards[0] or {}
    for run, shard in zip(runs[1:], shards[1:], strict=True):
        assert shard is not None
        for key, what in (("total", "shard count"), ("selected_sha256", "set of selected scenario ids")):
            if shard.get(key) != first.get(key):
                raise HarnessError(
                    f"Run {run.run_id} split another {what} than {runs[0].run_id}: "
                    "run every shard with the same suite commit, -m/-k/--id and --shard i/n."
                )
        source, first_source = shard.get("durations_source") or {}, first.get("durations_source") or {}
        if source.get("sha256") != first_source.get("sha256"):
            raise HarnessError(
                f"Run {run.run_id} was split by other durations than {runs[0].run_id} "
                f"({source.get('ref')} vs {first_source.get('ref')}): give every shard the same --durations FILE."
            )
    present = {int(shard["index"]) for shard in shards if shard}
    return [index for index in range(1, int(first["total"]) + 1) if index not in present]


def _copy_tree(source: Path, target: Path) -> None:
    """Copy the files that are not there yet: Allure names its files by UUID, evidence folders carry
    the id, and of the files every shard has (environment.properties) the first shard's is kept."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_file() and not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)


def _merged_selection(manifests: Sequence[dict[str, Any]], missing: list[int], interrupted: bool) -> dict[str, Any]:
    """Complete only if every shard of one unfiltered split is here and none was interrupted."""
    selections = [manifest.get("selection") or {} for manifest in manifests]
    unfiltered = all(
        manifest.get("shard")
        and not (s.get("markexpr") or s.get("keyword") or s.get("ids") or s.get("last_failed"))
        and not s.get("other_pytest_args")
        for manifest, s in zip(manifests, selections, strict=True)
    )
    return {
        "shard": None,
        "merged": len(manifests),
        "missing_shards": missing,
        "markexpr": selections[0].get("markexpr"),
        "keyword": selections[0].get("keyword"),
        "ids": [],
        "last_failed": False,
        "other_pytest_args": [],
        "complete": bool(unfiltered and not missing and not interrupted),
    }


def _shard_entry(run: RunArchive, manifest: dict[str, Any], summary: Summary) -> dict[str, Any]:
    shard = manifest.get("shard") or {}
    return {
        "run_id": run.run_id,
        "label": manifest.get("label"),
        "target": manifest.get("target"),
        "target_url": manifest.get("target_url"),
        "portal": manifest.get("portal"),
        "shard": f"{shard['index']}/{shard['total']}" if shard else None,
        "seed": manifest.get("seed"),
        "suite_commit": manifest.get("suite_commit"),
        "started_at": manifest.get("started_at"),
        "ended_at": manifest.get("ended_at"),
        "interrupted": summary.interrupted,
        "scenarios": len({result.id for result in summary.results}),
    }


def _read_summary(run: RunArchive) -> Summary:
    summary = run.read_summary()
    if summary is None:
        raise HarnessError(f"Run {run.run_id} has no summary.json: merge runs that finished at least one scenario.")
    return summary


def merge_runs(refs: Sequence[str], label: str = MERGED_LABEL, root: Path | None = None) -> RunArchive:
    """Check the runs belong together, then write the merged archive and return it."""
    runs = [resolve_run(ref, root) for ref in refs]
    if len({run.path.resolve() for run in runs}) != len(runs):
        raise HarnessError("The same run is given twice: give each shard run once.")
    manifests = [run.read_manifest() for run in runs]
    summaries = [_read_summary(run) for run in runs]
    check_same_portal(runs, manifests)
    check_no_overlap(runs, summaries)
    missing = check_same_split(runs, manifests)
    if missing:
        say(f"warning: shard(s) {', '.join(map(str, missing))} of the split are missing: this is not the whole run")
    archive = RunArchive.create(root=root)
    for run in runs:
        _copy_tree(run.allure_results, archive.allure_results)
        _copy_tree(run.path / "evidence", archive.path / "evidence")
    interrupted = any(summary.interrupted for summary in summaries)
    results = [result for summary in summaries for result in summary.results]
    Summary(run=archive.run_id, label=label, results=results, interrupted=interrupted).write(archive.summary_path)
    first = manifests[0]
    commits = {manifest.get("suite_commit") for manifest in manifests}
    archive.update_manifest(
        run_id=archive.run_id,
        label=label,
        started_at=min(str(m.get("started_at") or "") for m in manifests) or None,
        ended_at=max(str(m.get("ended_at") or "") for m in manifests) or None,
        target=first.get("target"),
        target_url=first.get("target_url"),
        portal=first.get("portal"),
        faults=first.get("faults") or [],
        seed=first.get("seed") if len({m.get("seed") for m in manifests}) == 1 else None,
        suite_commit=commits.pop() if len(commits) == 1 else None,
        browser=first.get("browser"),
        browser_endpoint=first.get("browser_endpoint"),
        baseline=first.get("baseline") if len({m.get("baseline") for m in manifests}) == 1 else None,
        interrupted=interrupted,
        merged_from=[
            _shard_entry(run, manifest, summary)
            for run, manifest, summary in zip(runs, manifests, summaries, strict=True)
        ],
        selection=_merged_selection(manifests, missing, interrupted),
    )
    return archive
