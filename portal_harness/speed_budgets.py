"""Page budgets from measured runs: `portal-harness baseline budgets RUN [RUN ...]` prints the block.

A page's budget is `BUDGET_FACTOR` times its median load, and at least `BUDGET_FLOOR_MS`,
rounded up to 50 ms: loose enough that a busy machine stays under it, tight enough that a page
slowed by a second does not. Given several runs (say one per release), each page takes its
slowest run's median, so every run measured would have met its budgets. Paste the block into
the target profile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from portal_harness.errors import HarnessError
from portal_harness.runs import resolve_run
from portal_harness.scan_archive import PageSpeed, read_run_scans

BUDGET_FACTOR = 5
BUDGET_FLOOR_MS = 500
_ROUND_MS = 50


def budget_for(median_ms: float) -> int:
    return max(BUDGET_FLOOR_MS, math.ceil(median_ms * BUDGET_FACTOR / _ROUND_MS) * _ROUND_MS)


def budgets_block(run_refs: Sequence[str]) -> str:
    """The `[target.budgets]` table for the pages the runs loaded, with each median as a comment."""
    slowest: dict[str, PageSpeed] = {}
    names = []
    for ref in run_refs:
        archive = resolve_run(ref)
        manifest = archive.read_manifest()
        speed = read_run_scans(archive.path, manifest.get("scan") or []).speed
        if not speed:
            raise HarnessError(
                f"Run {archive.run_id} timed no page: run the suite with --scan speed, then propose budgets from it."
            )
        names.append(f"{archive.run_id} ({manifest.get('label') or 'unlabelled'})")
        for page, figures in speed.items():
            if page not in slowest or figures.load_ms > slowest[page].load_ms:
                slowest[page] = figures
    lines = [
        f"# Measured by run {', '.join(names)}: {BUDGET_FACTOR} times each page's median load"
        + (" (the slowest run's)" if len(names) > 1 else "")
        + f", at least {BUDGET_FLOOR_MS} ms.",
        "[target.budgets]",
    ]
    width = max(len(page) for page in slowest) + 2
    for page, figures in sorted(slowest.items()):
        key = f'"{page}"'
        measured = f"# median {figures.load_ms:.0f} ms over {figures.samples} load(s)"
        lines.append(f"{key:<{width}} = {budget_for(figures.load_ms):>5}  {measured}")
    return "\n".join(lines) + "\n"
