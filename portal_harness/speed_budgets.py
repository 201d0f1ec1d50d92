"""Page budgets from a measured run: `portal-harness baseline budgets RUN` prints the profile block.

A page's budget is `BUDGET_FACTOR` times its median load in the run, and at least
`BUDGET_FLOOR_MS`, rounded up to 50 ms: loose enough that a busy machine stays under it, tight
enough that a page slowed by a second does not. Paste the block into the target profile.
"""

from __future__ import annotations

import math

from portal_harness.errors import HarnessError
from portal_harness.runs import resolve_run
from portal_harness.scan_archive import read_run_scans

BUDGET_FACTOR = 5
BUDGET_FLOOR_MS = 500
_ROUND_MS = 50


def budget_for(median_ms: float) -> int:
    return max(BUDGET_FLOOR_MS, math.ceil(median_ms * BUDGET_FACTOR / _ROUND_MS) * _ROUND_MS)


def budgets_block(run_ref: str) -> str:
    """The `[target.budgets]` table for the pages the run loaded, with each median as a comment."""
    archive = resolve_run(run_ref)
    manifest = archive.read_manifest()
    speed = read_run_scans(archive.path, manifest.get("scan") or []).speed
    if not speed:
        raise HarnessError(
            f"Run {archive.run_id} timed no page: run the suite with --scan speed, then propose budgets from it."
        )
    lines = [
        f"# Measured by run {archive.run_id} ({manifest.get('label') or 'unlabelled'}): "
        f"{BUDGET_FACTOR} times each page's median load, at least {BUDGET_FLOOR_MS} ms.",
        "[target.budgets]",
    ]
    width = max(len(page) for page in speed) + 2
    for page, figures in speed.items():
        key = f'"{page}"'
        measured = f"# median {figures.load_ms:.0f} ms over {figures.samples} load(s)"
        lines.append(f"{key:<{width}} = {budget_for(figures.load_ms):>5}  {measured}")
    return "\n".join(lines) + "\n"
