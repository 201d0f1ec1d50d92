"""`portal-harness rerun RUN --failed`: run again only what failed or was flaky, in a new archive.

The new archive carries the earlier run's other results over, so `compare` and `report` read it as
one whole run: its summary has every id of RUN (the rerun ids with their new result, the earlier
attempt kept in `attempts`), and its allure-results hold both runs' results, so Allure shows the
earlier attempt as a retry of the new one.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from typing import TYPE_CHECKING

from portal_harness.errors import HarnessError
from portal_harness.progress import say
from portal_harness.runs import RunArchive, resolve_run
from portal_harness.summary import ScenarioResult, Summary

if TYPE_CHECKING:
    from portal_harness.runner import RunRequest

RERUN_STATUSES = ("failed", "flaky")


def ids_to_rerun(previous: RunArchive) -> list[str]:
    summary = previous.read_summary()
    if summary is None:
        raise HarnessError(f"{previous.summary_path} is missing: give a run that finished at least one scenario.")
    ids: list[str] = []
    for result in summary.results:
        if result.status in RERUN_STATUSES and result.id not in ids:
            ids.append(result.id)
    return ids


def rerun_request(run_ref: str, *, build_report: bool = True) -> RunRequest:
    """The same target, release, faults, baseline and seed as RUN, for its failed and flaky ids only."""
    from portal_harness.runner import RunRequest

    previous = resolve_run(run_ref)
    ids = ids_to_rerun(previous)
    if not ids:
        raise HarnessError(f"Run {previous.run_id} has nothing that failed or was flaky: there is nothing to rerun.")
    manifest = previous.read_manifest()
    bundled = manifest.get("target", "demo") == "demo"
    label = f"{manifest.get('label') or previous.run_id}-rerun"
    say(f"rerunning {len(ids)} scenario(s) of {previous.run_id}: {', '.join(ids)}")
    return RunRequest(
        target=manifest.get("target", "demo"),
        release=(manifest.get("portal") or {}).get("release") if bundled else None,
        faults=tuple(manifest.get("faults") or ()),
        label=label,
        seed=manifest.get("seed"),
        ids=ids,
        build_report=build_report,
        baseline=manifest.get("baseline"),
        device=manifest.get("device"),  # a phone run reruns on the same phone; an endpoint's token is not kept
        merge_into=previous,
        trace="on",  # a rerun is for looking at failures: trace its first attempt too
    )


def _with_earlier_attempt(new: ScenarioResult, earlier: ScenarioResult | None) -> ScenarioResult:
    if earlier is None:
        return new
    before = earlier.attempts or [earlier.as_attempt()]
    now = new.attempts or [new.as_attempt()]
    return replace(new, attempts=[*before, *now])


def carry_over(previous: RunArchive, archive: RunArchive, rerun: Summary) -> Summary:
    """Merge the earlier run into this rerun's archive (summary and allure-results) and return the summary."""
    earlier = previous.read_summary()
    if earlier is None:
        return rerun
    rerun_ids = {result.id for result in rerun.results}
    earlier_rows = {result.row_key: result for result in earlier.results}
    kept = [result for result in earlier.results if result.id not in rerun_ids]
    renewed = [_with_earlier_attempt(result, earlier_rows.get(result.row_key)) for result in rerun.results]
    merged = replace(rerun, results=kept + renewed)
    merged.write(archive.summary_path)
    if previous.allure_results.is_dir():
        for source in previous.allure_results.iterdir():
            target = archive.allure_results / source.name
            if source.is_file() and not target.exists() and source.name != "environment.properties":
                shutil.copy2(source, target)
    return merged
