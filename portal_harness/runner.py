"""`portal-harness run`: archive, portal, pytest, report, and an exit code people can trust.

Exit codes: 0 nothing failed (skipped and flaky allowed), 1 a scenario failed, 2 usage or
environment error, 130 / 143 interrupted by SIGINT / SIGTERM.
"""

from __future__ import annotations

import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from pathlib import Path
from types import FrameType
from typing import Any

from portal_harness.endpoints import EndpointKind, mask_endpoint, remote_browser
from portal_harness.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, HarnessError
from portal_harness.mailboxes import check_code_source
from portal_harness.paths import project_root
from portal_harness.portal_api import fetch_version
from portal_harness.portal_process import PortalOptions, RunningPortal, start_portal
from portal_harness.preflight import (
    TargetNaming,
    check_admin_api,
    check_allure,
    check_browser,
    check_bundled_options,
    check_credentials,
    check_features,
    check_target,
)
from portal_harness.production_guard import check_run_allowed, check_selection_before_run, is_guarded, with_environment
from portal_harness.profiles import TargetProfile, resolve_target
from portal_harness.progress import say
from portal_harness.prune import screenshot_warning
from portal_harness.report import build_report
from portal_harness.rerun import carry_over
from portal_harness.retry import MAX_RETRIED_IDS, ids_to_retry, merge_retry
from portal_harness.runs import RunArchive, resolve_run, short_run_tag, utc_now_iso
from portal_harness.shards import SHARD_PLAN_FILE, describe_selection, describe_source, plan_shard
from portal_harness.summary import Summary
from portal_harness.target import BUNDLED, admin_token, describe_ready
from portal_harness.trace_modes import DEFAULT_TRACE_MODE
from portal_harness.workers import check_ids_exist, xdist_args

ACCEPTANCE_TESTS = "tests/acceptance"
EXIT_BY_SIGNAL: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
_PYTEST_GRACE_S = 25.0
PORTAL_DATABASE = "portal.sqlite"


@dataclass
class RunRequest:
    target: str = BUNDLED
    environment: str | None = None  # what a bare URL target is (test, staging, production); unset: guarded
    release: str | None = None
    faults: tuple[str, ...] = ()
    label: str = ""
    seed: int | None = None
    browser_endpoint: str | None = None  # ws:// of a Playwright server
    cdp_endpoint: str | None = None  # http:// (or ws://) of a Chromium's DevTools: at most one of the two
    portal_host: str | None = None  # the address the bundled portal binds and advertises (default loopback)
    workers: int = 1  # pytest-xdist workers, each with its own browser; the portal is shared
    device: str | None = None  # a Playwright device name, e.g. "Pixel 7"
    shard: str | None = None  # "i/n": this run is shard i of n (see shards.py)
    durations: Path | None = None  # with shard: the durations file (default: the newest complete run)
    headed: bool = False
    slowmo: float = 0.0
    ids: list[str] = field(default_factory=list)
    pytest_args: list[str] = field(default_factory=list)
    build_report: bool = True
    baseline: str | None = None  # a run id or folder: UPG scenarios check the data it recorded
    runs_root: Path | None = None  # where the archive goes (default: reports/runs)
    run_id: str | None = None  # the archive's name (default: a new time-ordered id)
    retry_failed: bool = True  # run failed scenarios once more, to tell flaky from broken
    trace: str = DEFAULT_TRACE_MODE  # retry: only the retry of failed scenarios is traced; on; off
    scans: tuple[str, ...] = ()  # page scans: a11y, visual, speed (scan_archive.py); none by default
    pytest_output_to_stderr: bool = False  # keep stdout for a --json document
    merge_into: RunArchive | None = None  # `rerun`: the run whose other results this run carries over
    attached_portal: RunningPortal | None = None  # a bundled portal already running (the bench); not stopped


def suite_commit() -> str | None:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=project_root(), check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], capture_output=True, text=True, cwd=project_root(), check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


class _Interrupts:
    """Remember the first SIGINT/SIGTERM and forward it to pytest as SIGINT (a graceful stop)."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.child: subprocess.Popen[bytes] | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Interrupts:
        for signum in EXIT_BY_SIGNAL:
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
            say(f"interrupted ({signal.Signals(signum).name}): finishing the current scenario, keeping results")
        if self.child and self.child.poll() is None:
            self.child.send_signal(signal.SIGINT)


def pytest_command(
    request: RunRequest,
    archive: RunArchive,
    portal: RunningPortal | None,
    seed: int,
    baseline: RunArchive | None,
    *,
    attempt: int = 1,
) -> list[str]:
    junit = archive.junit_xml if attempt == 1 else archive.path / f"junit-attempt-{attempt}.xml"
    cmd = [sys.executable, "-m", "pytest", ACCEPTANCE_TESTS, "-v", "-rs", "--attempt", str(attempt)]
    cmd += ["--alluredir", str(archive.allure_results), "--junitxml", str(junit)]
    cmd += ["--run-dir", str(archive.path), "--run-label", request.label, "--seed", str(seed)]
    cmd += ["--target", request.target, "--trace-mode", request.trace]
    if request.scans:
        cmd += ["--scan", ",".join(request.scans)]
    if request.environment:
        cmd += ["--environment", request.environment]
    if portal:
        cmd += ["--portal-url", portal.url, "--hl7-endpoint", portal.hl7_endpoint]
    if baseline:
        cmd += ["--baseline-dir", str(baseline.path)]
    if request.browser_endpoint:
        cmd += ["--browser-endpoint", request.browser_endpoint]
    if request.cdp_endpoint:
        cmd += ["--cdp-endpoint", request.cdp_endpoint]
    if request.device:
        cmd += ["--device", request.device]
    cmd += xdist_args(request.workers)
    if request.headed:
        cmd.append("--headed")
    if request.slowmo:
        cmd += ["--slowmo", str(request.slowmo)]
    for scenario_id in request.ids:
        cmd += ["--id", scenario_id]
    if request.shard and attempt == 1:  # a retry runs the failed ids of this shard, not a new split
        cmd += ["--shard-plan", str(archive.path / SHARD_PLAN_FILE)]
    return cmd + request.pytest_args


def run(request: RunRequest) -> int:
    import random

    seed = request.seed if request.seed is not None else random.SystemRandom().randrange(10**9)
    # a bad profile is one sentence, before any archive exists
    profile = with_environment(resolve_target(request.target), request.environment)
    check_code_source(profile)  # so is an unset IMAP or TOTP variable it names
    check_credentials(profile)  # and an unset account variable
    check_bundled_options(profile, request.release, request.faults)  # and an unknown release or fault
    check_features(project_root(), request.pytest_args)  # and a feature file pytest could not parse
    endpoint, endpoint_kind = check_browser_request(request)
    baseline = resolve_run(request.baseline) if request.baseline else None
    if request.durations and not request.shard:
        raise HarnessError("--durations only chooses how --shard splits the scenarios: add --shard i/n or drop it.")
    plan = plan_shard(request.shard, request.target, request.durations, request.runs_root) if request.shard else None
    _preflight(request, profile, endpoint, endpoint_kind)
    archive = RunArchive.create(request.run_id, request.runs_root)
    label = request.label or archive.run_id
    request.label = label
    archive.update_manifest(
        run_id=archive.run_id,
        run_tag=short_run_tag(archive.run_id),
        label=label,
        started_at=utc_now_iso(),
        ended_at=None,
        target=request.target,
        profile=profile.name,
        environment=profile.environment,
        faults=list(request.faults),
        seed=seed,
        suite_commit=suite_commit(),
        browser_endpoint=mask_endpoint(endpoint),
        browser_endpoint_kind=endpoint_kind,
        device=request.device,
        workers=request.workers,
        trace=request.trace,
        scan=list(request.scans),
        pytest_args=request.pytest_args,
        baseline=baseline.run_id if baseline else None,
        rerun_of=request.merge_into.run_id if request.merge_into else None,
        selection=describe_selection(request.shard, request.ids, request.pytest_args),
    )
    if plan is not None:
        plan.write(archive.path / SHARD_PLAN_FILE)
        archive.update_manifest(
            shard={"index": plan.index, "total": plan.total, "durations_source": plan.source, "ids": []}
        )
        say(f"shard {plan.index}/{plan.total}, {describe_source(plan.source)}")
    say(f"run {archive.run_id} ({label}), data seed {seed}, archive {archive.path}")
    portal: RunningPortal | None = request.attached_portal
    with _Interrupts() as interrupts:
        try:
            portal_url = profile.base_url if not profile.bundled else (portal.url if portal else None)
            if profile.bundled and portal is None:
                say(
                    f"starting the bundled portal (release {request.release or 'newest'}"
                    + (f", faults: {', '.join(request.faults)}" if request.faults else "")
                    + ")"
                )
                options = PortalOptions(
                    release=request.release, faults=request.faults, db_path=portal_database(archive, baseline)
                )
                if request.portal_host:
                    options.host = request.portal_host
                portal = start_portal(options, archive.path / "portal.log")
                portal_url = portal.url
                say(describe_ready(portal.ready))
            assert portal_url is not None
            if profile.bundled:
                _preflight_portal(TargetNaming.of(request.target, profile, portal_url), profile)
            version = fetch_version(portal_url, profile.release)
            archive.update_manifest(
                target_url=portal_url, portal={"product": version.get("product"), "release": version.get("release")}
            )
            say(f"running the suite against {version.get('product')} {version.get('release')}")
            code = _run_pytest(
                request, archive=archive, portal=portal, seed=seed, baseline=baseline, interrupts=interrupts
            )
            if code == 1 and request.retry_failed and interrupts.received is None:
                code = _retry_failed(
                    request, archive=archive, portal=portal, seed=seed, baseline=baseline, interrupts=interrupts
                )
        finally:
            if portal and portal is not request.attached_portal:
                portal.stop()
        return _finish(request, archive, code, interrupts.received)


def _preflight(
    request: RunRequest, profile: TargetProfile, endpoint: str | None, endpoint_kind: EndpointKind | None
) -> None:
    """Before the archive: an external target, the production guard, the report's CLI and the browser.

    The bundled portal's own checks follow its start-up (`_preflight_portal`).
    """
    if not profile.bundled:  # first: "it does not answer" is the most basic news (GET requests only)
        assert profile.base_url is not None
        _preflight_portal(TargetNaming.of(request.target, profile, profile.base_url), profile)
    if is_guarded(profile):
        check_run_allowed(profile, request.target)
        say(f"the target {request.target} is guarded as production: checking that every selected scenario is @readonly")
        check_selection_before_run(request.target, request.environment, _selection_args(request))
    if request.build_report:
        check_allure()
    check_browser(endpoint, endpoint_kind, request.headed)


def _preflight_portal(naming: TargetNaming, profile: TargetProfile) -> None:
    """The target answers, says its release and its admin API takes the token: seconds now, not a
    timeout per scenario."""
    check_target(naming)
    release = fetch_version(naming.url, profile.release).get("release")
    say(f"preflight: release {release} read from the portal ok")
    check_admin_api(naming, profile, admin_token(profile))


def _selection_args(request: RunRequest) -> list[str]:
    """The pytest arguments that choose the scenarios: --id, then -m, -k, --lf and the rest."""
    return [arg for scenario_id in request.ids for arg in ("--id", scenario_id)] + request.pytest_args


def check_browser_request(request: RunRequest) -> tuple[str | None, EndpointKind | None]:
    """Refuse bad browser settings before anything starts; the remote endpoint and its kind."""
    endpoint, kind = remote_browser(request.browser_endpoint, request.cdp_endpoint)
    if request.workers < 1:
        raise HarnessError(f"--workers {request.workers} is not a number of workers: give 1 or more.")
    if request.portal_host and request.target != BUNDLED:
        raise HarnessError(
            "--portal-host sets the address of the bundled portal: leave it out with --target URL "
            "(the browsers reach that portal at its own URL)."
        )
    if request.workers > 1:
        check_ids_exist(request.ids)
    if request.device:
        from portal_harness.devices import check_device

        check_device(request.device)
    return endpoint, kind


def portal_database(archive: RunArchive, baseline: RunArchive | None) -> Path:
    """The bundled portal keeps its database in the run's archive, so a later run can upgrade it.

    With a baseline, the portal opens a copy of the baseline's database: a newer release migrates
    it at start-up, exactly as an upgrade would, and the baseline archive stays untouched.
    """
    database = archive.path / PORTAL_DATABASE
    if baseline is not None:
        source = baseline.path / PORTAL_DATABASE
        if not source.exists():
            raise HarnessError(
                f"The baseline run {baseline.run_id} has no {PORTAL_DATABASE}: "
                "give a run made against the bundled portal by this version of the harness."
            )
        shutil.copyfile(source, database)
    return database


def _retry_failed(
    request: RunRequest,
    *,
    archive: RunArchive,
    portal: RunningPortal | None,
    seed: int,
    baseline: RunArchive | None,
    interrupts: _Interrupts,
) -> int:
    """Run the failed scenarios once more and merge: the summary, not pytest's code, decides after this."""
    first = archive.read_summary()
    ids = ids_to_retry(first) if first else []
    if not first or not ids:
        return 1
    if len(ids) > MAX_RETRIED_IDS:
        say(f"{len(ids)} scenarios failed: not retrying (more than {MAX_RETRIED_IDS} is not flakiness)")
        return 1
    say(f"retrying {len(ids)} failed scenario(s) once, to tell flaky from broken: {', '.join(ids)}")
    retry_request = dataclass_replace(request, ids=ids)
    code = _run_pytest(
        retry_request, archive=archive, portal=portal, seed=seed, baseline=baseline, interrupts=interrupts, attempt=2
    )
    retry_path = archive.attempt_summary_path(2)
    if code not in (0, 1) or not retry_path.exists():
        return 1
    merged = merge_retry(first, Summary.read(retry_path))
    merged.interrupted = interrupts.received is not None
    merged.write(archive.summary_path)
    flaky = sorted({r.id for r in merged.results if r.status == "flaky"})
    if flaky:
        say(f"flaky (failed, then passed on retry): {', '.join(flaky)}")
    return 0


def _run_pytest(
    request: RunRequest,
    *,
    archive: RunArchive,
    portal: RunningPortal | None,
    seed: int,
    baseline: RunArchive | None,
    interrupts: _Interrupts,
    attempt: int = 1,
) -> int:
    command = pytest_command(request, archive, portal, seed, baseline, attempt=attempt)
    started = time.monotonic()
    stdout = sys.stderr if request.pytest_output_to_stderr else None
    child = subprocess.Popen(command, cwd=project_root(), start_new_session=True, stdout=stdout)
    interrupts.child = child
    code = _wait_for(child, interrupts)
    # The suite's own time, without the portal's start-up or the report: what `make bench` compares.
    wall = round(time.monotonic() - started, 2)
    archive.update_manifest(**({"suite_wall_s": wall} if attempt == 1 else {f"attempt_{attempt}_wall_s": wall}))
    return code


def _wait_for(child: subprocess.Popen[bytes], interrupts: _Interrupts) -> int:
    """pytest's exit code; after a SIGINT/SIGTERM, a grace period to finish, then a kill."""
    while True:
        try:
            return child.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if interrupts.received is not None:
                try:
                    return child.wait(timeout=_PYTEST_GRACE_S)
                except subprocess.TimeoutExpired:
                    child.kill()
                    return child.wait()


def _finish(request: RunRequest, archive: RunArchive, pytest_code: int, received: int | None) -> int:
    summary = archive.read_summary() or Summary(run=archive.run_id, label=request.label, results=[])
    if request.merge_into is not None:
        summary = carry_over(request.merge_into, archive, summary)
    if received is not None and not summary.interrupted:
        summary.interrupted = True
        summary.write(archive.summary_path)
    archive.update_manifest(ended_at=utc_now_iso(), interrupted=summary.interrupted)
    if request.build_report and archive.allure_results.is_dir() and any(archive.allure_results.iterdir()):
        try:
            index = build_report([archive])
            say(f"Allure report: {index}  (open it in a browser; `portal-harness report` rebuilds it)")
        except HarnessError as error:
            say(f"no report: {error}")
    _print_outcome(summary, archive.path)
    if warning := screenshot_warning(archive):
        say(warning)
    if received is not None:
        return EXIT_BY_SIGNAL[received]
    if pytest_code in (3, 4) or (pytest_code == 2 and not summary.results):
        return EXIT_USAGE
    if pytest_code == 5:
        say("no scenario was selected: check --id, -m and -k")
        return EXIT_USAGE
    return EXIT_FAILED if summary.failed or pytest_code == 1 else EXIT_OK


def _print_outcome(summary: Summary, archive_path: Path) -> None:
    counts = summary.counts
    state = "  INTERRUPTED: the results above are what finished" if summary.interrupted else ""
    say(", ".join(f"{n} {status}" for status, n in counts.items()) + f"  (archive: {archive_path}){state}")
    if timing := describe_timing(summary):
        say(timing)
    for result in summary.results:
        if result.status == "failed":
            say(f"  FAILED  {result.id}  {result.name}: {result.message} [{result.error_kind}]")
    for result in summary.results:
        if result.status == "flaky":
            say(f"  FLAKY   {result.id}  {result.name}: failed, then passed on retry: {result.message}")
    for result in summary.results:
        if result.status == "skipped":
            say(f"  skipped {result.id}  {result.name}: {result.message}")


def describe_timing(summary: Summary) -> str:
    """Scenario time as people compare it between runs: the median and the slowest, per scenario row."""
    ran = [result for result in summary.results if result.status != "skipped"]
    if not ran:
        return ""
    slowest = max(ran, key=lambda result: result.duration_s)
    median = statistics.median(result.duration_s for result in ran)
    total = sum(result.duration_s for result in ran)
    return (
        f"{len(ran)} scenario rows took {total:.0f} s: median {median:.1f} s, "
        f"slowest {slowest.duration_s:.1f} s ({slowest.id})"
    )
