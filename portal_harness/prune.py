"""`portal-harness prune --keep N`: keep the newest N run archives, delete the rest.

A kept run may still need an older one: its `baseline` (the upgrade's before), the run it
re-ran (`rerun_of`) or the shards it merged (`merged_from` / `shards`). Those are kept too, and
said so, or the kept run's compare, report and sign-off would break.
Also here: the warning when an archive of a non-`test` environment holds screenshots (a real
portal's screens may show real people), said at the end of `run` and by `prune`.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal_harness.errors import EXIT_OK, HarnessError
from portal_harness.progress import say
from portal_harness.runs import RunArchive, list_runs

# A run without `ended_at` that wrote its summary or manifest this recently may still be running.
RUNNING_WINDOW_S = 15 * 60
# Manifest fields that name other runs this run depends on.
REFERENCE_FIELDS = ("baseline", "rerun_of", "merged_from", "shards", "shard_runs")
SCREENSHOT_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


@dataclass
class PrunePlan:
    keep: list[RunArchive]
    delete: list[RunArchive]
    kept_as_reference: dict[str, list[str]] = field(default_factory=dict)  # run id -> the kept runs naming it


def referenced_runs(manifest: dict[str, Any]) -> set[str]:
    """Run ids a manifest names in its baseline, rerun_of and shard fields (strings or lists of them)."""
    names: set[str] = set()
    for key in REFERENCE_FIELDS:
        names |= set(_run_ids(manifest.get(key)))
    return names


def _run_ids(value: Any) -> Iterable[str]:
    if isinstance(value, str) and value:
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _run_ids(item)
    elif isinstance(value, dict):
        for key in ("run", "run_id", "id"):
            if isinstance(value.get(key), str):
                yield value[key]


def plan_prune(keep: int, root: Path | None = None) -> PrunePlan:
    if keep < 0:
        raise HarnessError(f"--keep {keep} is not a number of runs: give 0 or more, e.g. --keep 20.")
    runs = list_runs(root)
    by_id = {run.run_id: run for run in runs}
    kept = runs[len(runs) - keep :] if keep else []
    kept_ids = {run.run_id for run in kept}
    reasons: dict[str, list[str]] = {}
    for run in runs:
        if run.run_id not in kept_ids and may_be_running(run):
            kept_ids.add(run.run_id)
            reasons[run.run_id] = ["(it may still be running: no end time, written in the last 15 minutes)"]
    queue = list(kept)
    while queue:  # a kept baseline's own baseline is kept too
        run = queue.pop()
        for name in sorted(referenced_runs(run.read_manifest())):
            target = by_id.get(name) or next((r for r in runs if r.run_id.startswith(name)), None)
            if target is None:
                continue
            reasons.setdefault(target.run_id, []).append(run.run_id)
            if target.run_id not in kept_ids:
                kept_ids.add(target.run_id)
                queue.append(target)
    return PrunePlan(
        keep=[run for run in runs if run.run_id in kept_ids],
        delete=[run for run in runs if run.run_id not in kept_ids],
        kept_as_reference={rid: sorted(set(names)) for rid, names in reasons.items() if rid not in _ids(kept)},
    )


def may_be_running(run: RunArchive) -> bool:
    if run.read_manifest().get("ended_at"):
        return False
    written = [p.stat().st_mtime for p in (run.manifest_path, run.summary_path) if p.exists()]
    return bool(written) and time.time() - max(written) < RUNNING_WINDOW_S


def _ids(runs: list[RunArchive]) -> set[str]:
    return {run.run_id for run in runs}


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def human_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def screenshots_in(archive: RunArchive) -> list[Path]:
    return [p for p in archive.path.rglob("*") if p.suffix.lower() in SCREENSHOT_SUFFIXES and p.is_file()]


def screenshot_warning(archive: RunArchive) -> str | None:
    """The warning for an archive of a non-`test` environment that holds screenshots, else None."""
    environment = str(archive.read_manifest().get("environment") or "unknown")
    if environment == "test":
        return None
    shots = screenshots_in(archive)
    if not shots:
        return None
    return (
        f"warning: {archive.run_id} ran against a '{environment}' environment and holds {len(shots)} "
        "screenshot(s), which may show real people: review them (and `portal-harness scan` it) before "
        "sharing the archive, or delete it with `portal-harness prune`."
    )


def prune_command(keep: int, dry_run: bool = False, root: Path | None = None) -> int:
    plan = plan_prune(keep, root)
    for run_id, by in sorted(plan.kept_as_reference.items()):
        if by and by[0].startswith("("):
            say(f"keeping {run_id} {by[0]}")
        else:
            say(f"keeping {run_id}: kept run(s) {', '.join(by)} name it (baseline, rerun_of or shards)")
    freed = 0
    for run in plan.delete:
        size = folder_size(run.path)
        freed += size
        if not dry_run:
            shutil.rmtree(run.path)
        say(f"{'would remove' if dry_run else 'removed'} {run.run_id} ({human_size(size)})")
    for run in plan.keep:
        if warning := screenshot_warning(run):
            say(warning)
    verb, freed_verb = ("to remove", "would free") if dry_run else ("removed", "freed")
    say(f"{len(plan.delete)} run(s) {verb}, {len(plan.keep)} kept; {freed_verb} {human_size(freed)}")
    return EXIT_OK
