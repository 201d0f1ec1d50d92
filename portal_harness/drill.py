"""`portal-harness upgrade-drill`: rehearse a portal upgrade on the bundled portal in one command.

Release A starts on a fresh database and the suite runs (`drill-baseline`); the portal stops;
release B starts on a copy of that database, which its migration upgrades at start-up with the
chosen faults already on, and the suite runs again against the same data (`drill-candidate`);
the two runs are compared and the Allure report is built with the baseline as history. Both runs
scan every page (`--scan a11y,visual,speed`), so the comparison also lists new accessibility
violations, visual changes and slower pages.
Progress goes to stderr; with `--json`, stdout holds exactly `comparison.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from portal_harness.allure_annotations import annotate_run
from portal_harness.compare import compare_runs
from portal_harness.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, HarnessError
from portal_harness.paths import runs_dir
from portal_harness.progress import say
from portal_harness.report import build_report
from portal_harness.runner import EXIT_BY_SIGNAL, RunRequest, run
from portal_harness.runs import RunArchive, new_run_id
from portal_harness.scan_archive import SCAN_KINDS

BASELINE_LABEL = "drill-baseline"
CANDIDATE_LABEL = "drill-candidate"


@dataclass(frozen=True)
class DrillRequest:
    from_release: str
    to_release: str
    faults: tuple[str, ...] = ()
    as_json: bool = False
    pytest_args: tuple[str, ...] = ()  # e.g. ("-m", "smoke") for a quick drill
    ids: tuple[str, ...] = ()  # only these scenario ids in both runs
    strict: bool = False  # exit 1 also when a scenario failed in either run (the project's own CI)


def check_drill(request: DrillRequest) -> None:
    """Refuse a drill that cannot work before anything starts: unknown releases, faults, or no upgrade."""
    from reference_portal.faults import UnknownFaultError, resolve_faults
    from reference_portal.releases import RELEASES

    for flag, release in (("--from", request.from_release), ("--to", request.to_release)):
        if release not in RELEASES:
            raise HarnessError(
                f"{flag} {release} is not a release of the bundled portal: use one of {', '.join(RELEASES)}."
            )
    if RELEASES.index(request.from_release) > RELEASES.index(request.to_release):
        raise HarnessError(
            f"--from {request.from_release} is newer than --to {request.to_release}: "
            "an upgrade goes to a newer release."
        )
    try:
        resolve_faults(request.faults)
    except UnknownFaultError as error:
        raise HarnessError(f"{error} (given with --faults)") from None


def upgrade_drill(request: DrillRequest) -> int:
    check_drill(request)
    faults = ", ".join(request.faults) or "none"
    say(f"upgrade drill {request.from_release} -> {request.to_release} (faults on the upgrade: {faults})")
    say(f"[drill 1/4] the suite on {request.from_release}, on a fresh database ({BASELINE_LABEL})")
    baseline, code = _suite(RunRequest(release=request.from_release, label=BASELINE_LABEL), request)
    if code in (EXIT_USAGE, *EXIT_BY_SIGNAL.values()):
        return code
    say(f"[drill 2/4] upgrade that database to {request.to_release} and run the suite again ({CANDIDATE_LABEL})")
    candidate_request = RunRequest(
        release=request.to_release, faults=request.faults, label=CANDIDATE_LABEL, baseline=str(baseline.path)
    )
    candidate, code = _suite(candidate_request, request)
    if code in (EXIT_USAGE, *EXIT_BY_SIGNAL.values()):
        return code
    say(f"[drill 3/4] compare {baseline.run_id} with {candidate.run_id}")
    comparison = compare_runs(baseline, candidate)
    say("[drill 4/4] the Allure report, with the baseline as its history")
    _build_reports(baseline, candidate, comparison)
    _tell_people(comparison, candidate)
    if request.as_json:
        print(json.dumps(comparison, indent=2, ensure_ascii=False), flush=True)
    if comparison["regressed"]:
        return EXIT_FAILED
    if request.strict and (comparison["baseline"]["failed"] or comparison["candidate"]["failed"]):
        say("--strict: a scenario failed in one of the runs")
        return EXIT_FAILED
    return EXIT_OK


def _suite(run_request: RunRequest, drill: DrillRequest) -> tuple[RunArchive, int]:
    run_request.build_report = False
    run_request.pytest_output_to_stderr = True  # stdout is kept for the --json document
    run_request.pytest_args = list(drill.pytest_args)
    run_request.ids = list(drill.ids)
    run_request.run_id = f"{new_run_id()}-{run_request.label}"
    run_request.scans = SCAN_KINDS
    code = run(run_request)
    archive = RunArchive(runs_dir() / run_request.run_id)
    if code == EXIT_USAGE and archive.read_summary() is None:
        raise HarnessError(
            f"The {run_request.label} run could not start: see the lines above, fix that, and try again."
        )
    return archive, code


def _build_reports(baseline: RunArchive, candidate: RunArchive, comparison: dict[str, Any]) -> None:
    """The baseline's report first (it adds the history point), then the candidate's over it."""
    annotate_run(baseline, None)
    annotate_run(candidate, comparison)
    try:
        build_report([baseline], output=baseline.path / "allure-report")
        index = build_report([candidate])
    except HarnessError as error:
        say(f"no report: {error}")
        return
    say(f"Allure report: {index}")


def _tell_people(comparison: dict[str, Any], candidate: RunArchive) -> None:
    before, after = comparison["baseline"], comparison["candidate"]
    say(
        f"{before['release']} -> {after['release']}: {len(comparison['regressed'])} regressed, "
        f"{len(comparison['fixed'])} fixed, {len(comparison['still_failing'])} still failing, "
        f"{len(comparison['new'])} new, {len(comparison['removed'])} removed, {len(comparison['flaky'])} flaky, "
        f"{len(comparison['known'])} known issues, {len(comparison['skipped'])} skipped; "
        f"candidate: {after['passed']} passed, {after['failed']} failed"
    )
    for entry in comparison["regressed"]:
        say(f"  REGRESSED  {entry['id']}  {entry['name']}: {entry.get('message') or ''}")
    say(
        f"page scans: {len(comparison['new_accessibility_violations'])} new accessibility violations, "
        f"{len(comparison['visual_changes'])} visual changes (for review), "
        f"{len(comparison['slower_pages'])} slower pages"
    )
    gate = comparison["gate"]
    say("quality gate: passed" if gate["passed"] else "quality gate: FAILED: " + "; ".join(gate["failed_rules"]))
    say(f"comparison: {candidate.path / 'comparison.md'}")
