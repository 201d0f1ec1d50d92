"""Speed faults: every behaviour still works, but a page is much slower than it was. Only a run
with the speed scan (`run --scan speed`) catches them: a page over its time budget in the target
profile fails the scenario that loaded it."""

from __future__ import annotations

from time import sleep

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import Account
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Permissions
from reference_portal.services.results import ResultsOverview

# Real wall time added to each results list: over the results page budget in demo.toml (1,900 ms, measured under load).
RESULTS_LIST_DELAY_SECONDS = 3.0


def _results_list_slow(portal: Portal) -> None:
    """The upgrade's results query re-reads the whole results history on every view of the list (a
    partner's view of a patient, which lists results through the same query, slows too)."""
    original = portal.results.overview

    def slow_overview(account: Account, subject: Patient, permissions: Permissions) -> ResultsOverview:
        sleep(RESULTS_LIST_DELAY_SECONDS)
        return original(account, subject, permissions)

    replace_method(portal.results, "overview", slow_overview)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="results-list-slow",
        area="RES",
        kind="speed",
        description="The test results list takes 3 s longer to load: the upgrade's results query re-reads history.",
        caught_by=("RES-01", "RES-02", "RES-03"),
        apply=_results_list_slow,
        scans=("speed",),
    ),
)
