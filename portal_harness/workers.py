"""`--workers N`: the suite spread over pytest-xdist workers, for machines with more cores.

Each worker is its own pytest session: its own Playwright and browser (or its own connection to
the remote one), its own scenarios; the bundled portal is started once by the runner and shared
through `--portal-url`. The workers build each scenario's result and the controller alone writes
`summary.json` (see `results.py`). On two cores a second worker is slower, not faster (two
browsers and two pytest processes compete for the same cores): it pays off with more cores or
with remote browsers.
"""

from __future__ import annotations

from pathlib import Path

from portal_harness.errors import HarnessError
from portal_harness.feature_model import find_feature_files, parse_feature_file
from portal_harness.paths import project_root

# `load` hands scenarios out one by one as workers free up; `loadscope` would put the whole suite
# in one worker, because every scenario lives in the one test module that binds the features.
XDIST_DISTRIBUTION = "load"


def xdist_args(workers: int) -> list[str]:
    """The pytest arguments for N workers; nothing for one (no xdist at all)."""
    return ["-n", str(workers), "--dist", XDIST_DISTRIBUTION] if workers > 1 else []


def check_ids_exist(ids: list[str], features: Path | None = None) -> None:
    """Refuse an unknown --id before the workers start.

    In a worker a collection-time usage error becomes an xdist INTERNALERROR with a traceback;
    this says it in the plugin's one sentence instead (the features are parsed, nothing runs).
    """
    if not ids:
        return
    known: set[str] = set()
    for path in find_feature_files([features or project_root() / "features"]):
        feature = parse_feature_file(path).feature
        if feature is not None:
            known |= {scenario.scenario_id for scenario in feature.scenarios if scenario.scenario_id}
    unknown = sorted(set(ids) - known)
    if unknown:
        raise HarnessError(f"No scenario has the id {', '.join(unknown)}: check --id against the @id tags.")
