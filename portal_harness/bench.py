"""`portal-harness bench` (`make bench`): what the harness costs over the same flows run bare.

One portal is started once and serves both sides. The bare side runs the smoke set's flows by
calling the suite's step functions, page objects and data layer directly (`bench_bare`); the
harness side runs the same scenarios through `portal-harness run` (pytest, pytest-bdd, Allure,
evidence, summary). Both use one browser with a fresh context per person, the same seeding calls
and the same sign-in shortcut; neither counts the portal's start-up or the report. The bare side
runs before and after the harness side, and its two times are averaged, so neither side gains
from a warmer portal or a fuller database. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import json
import os
import random
import statistics
from dataclasses import dataclass

from portal_harness.bench_bare import BareResult, flows_tagged, run_bare
from portal_harness.errors import EXIT_FAILED, EXIT_OK, HarnessError
from portal_harness.paths import reports_dir, runs_dir
from portal_harness.portal_process import PortalOptions, RunningPortal, start_portal
from portal_harness.progress import say
from portal_harness.runner import RunRequest, run
from portal_harness.runs import RunArchive, new_run_id
from portal_harness.target import ADMIN_TOKEN_ENV, DEFAULT_TEST_ADMIN_TOKEN

BENCH_TAG = "smoke"


@dataclass(frozen=True)
class BenchFigures:
    per_scenario_median_s: float
    suite_wall_s: float
    bare_wall_s: float
    overhead_ratio: float

    def lines(self) -> list[str]:
        return [
            f"per_scenario_median_s={self.per_scenario_median_s:.2f}",
            f"suite_wall_s={self.suite_wall_s:.2f}",
            f"bare_wall_s={self.bare_wall_s:.2f}",
            f"overhead_ratio={self.overhead_ratio:.3f}",
        ]


def bench(seed: int | None = None) -> int:
    seed = seed if seed is not None else random.SystemRandom().randrange(10**9)
    flows = flows_tagged(BENCH_TAG)
    out = reports_dir() / "bench"
    out.mkdir(parents=True, exist_ok=True)
    token = os.environ.get(ADMIN_TOKEN_ENV, DEFAULT_TEST_ADMIN_TOKEN)
    say(f"bench: the @{BENCH_TAG} set, {len(flows)} scenario rows, data seed {seed}")
    portal = start_portal(PortalOptions(), out / "portal.log")
    try:
        say("[bench 1/3] bare: the same flows without pytest, pytest-bdd or Allure")
        first = run_bare(flows, portal.url, portal.hl7_endpoint, token, seed)
        say(f"  {first.wall_s:.1f} s, {len(first.failures)} failed")
        say("[bench 2/3] harness: the same scenarios through `portal-harness run`")
        archive = _harness_side(portal, seed)
        say("[bench 3/3] bare again, on the same portal after the harness side")
        second = run_bare(flows, portal.url, portal.hl7_endpoint, token, seed + 1)
        say(f"  {second.wall_s:.1f} s, {len(second.failures)} failed")
    finally:
        portal.stop()
    figures = _figures(archive, first, second)
    for line in [*figures.lines(), f"lint_s={_lint_seconds():.2f}"]:
        print(line, flush=True)
    (out / "bench.json").write_text(json.dumps(figures.__dict__ | {"run": archive.run_id}, indent=2) + "\n")
    failures = first.failures + second.failures
    for failure in failures:
        say(f"  bare flow failed: {failure}")
    summary = archive.read_summary()
    if failures or summary is None or summary.counts["failed"]:
        say("a flow failed on one side: the figures compare unequal work; fix the failure first")
        return EXIT_FAILED
    return EXIT_OK


def _harness_side(portal: RunningPortal, seed: int) -> RunArchive:
    request = RunRequest(
        label="bench",
        seed=seed,
        pytest_args=["-m", BENCH_TAG, "-q", "--tb=short"],
        build_report=False,
        retry_failed=False,
        attached_portal=portal,
        pytest_output_to_stderr=True,  # stdout holds only the figures
        run_id=f"{new_run_id()}-bench",
    )
    run(request)
    return RunArchive(runs_dir() / str(request.run_id))


def _lint_seconds() -> float:
    """How long `portal-harness lint` takes over the project's features, from a cold start (issue 7: under 2 s)."""
    import subprocess
    import sys
    import time

    from portal_harness.paths import project_root

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "portal_harness", "lint"], cwd=project_root(), capture_output=True, check=False
    )
    return time.perf_counter() - started


def _figures(archive: RunArchive, first: BareResult, second: BareResult) -> BenchFigures:
    summary = archive.read_summary()
    suite_wall = archive.read_manifest().get("suite_wall_s")
    if summary is None or suite_wall is None:
        raise HarnessError(f"The harness side left no summary in {archive.path}: see its output above.")
    durations = [r.duration_s for r in summary.results if r.status != "skipped"]
    bare_wall = statistics.mean((first.wall_s, second.wall_s))
    return BenchFigures(
        per_scenario_median_s=statistics.median(durations) if durations else 0.0,
        suite_wall_s=float(suite_wall),
        bare_wall_s=bare_wall,
        overhead_ratio=float(suite_wall) / bare_wall,
    )
