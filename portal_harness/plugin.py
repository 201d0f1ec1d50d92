"""The pytest plugin: options, the portal and browser fixtures, tags, results and Allure wiring.

Loaded from the root conftest. Collecting starts nothing: the portal and the browser start with
the first scenario that needs them.
"""

from __future__ import annotations

import random
import secrets
import shutil
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from faker import Faker
from playwright.sync_api import Browser, Playwright, sync_playwright

from portal_harness.allure_output import (
    attach_failure_evidence,
    attach_screenshots,
    install_masking_logger,
    label_scenario,
    write_environment,
)
from portal_harness.allure_skips import report_skipped_before_start
from portal_harness.browser import BrowserKeeper, BrowserOptions, describe_browser
from portal_harness.devices import device_context_options
from portal_harness.endpoints import mask_endpoint, remote_browser
from portal_harness.errors import HarnessError
from portal_harness.evidence import EVIDENCE_DIR, EVIDENCE_KEY, EvidenceRecorder, evidence_folder_name
from portal_harness.mailboxes import check_code_source
from portal_harness.masking import SECRETS
from portal_harness.page_scanner import PageScanner
from portal_harness.portal_api import fetch_version
from portal_harness.preflight import feature_syntax_error
from portal_harness.production_guard import READONLY_TAG, check_selection, with_environment
from portal_harness.profiles import TargetProfile, resolve_target
from portal_harness.results import ResultCollector, WorkerSecrets, example_index, scenario_id_of, scenario_info
from portal_harness.runs import RunArchive, short_run_tag
from portal_harness.scan_archive import parse_scans
from portal_harness.scenario import ScenarioContext, scenario_seed
from portal_harness.shard_selection import ShardSelection
from portal_harness.shards import ShardPlan, plan_shard
from portal_harness.tags import SCENARIO_ID, split_valued_tag
from portal_harness.target import BUNDLED, Target, open_target
from portal_harness.trace_modes import DEFAULT_TRACE_MODE, TRACE_MODES, tracing_wanted
from portal_harness.tracker import story_url_pattern

SCENARIO_KEY = pytest.StashKey[ScenarioContext]()
_SEED = pytest.StashKey[int]()
_ENVIRONMENT = pytest.StashKey[dict[str, str]]()  # what environment.properties shows in Allure
_TARGET_RELEASE = pytest.StashKey[str]()
_PROFILE = pytest.StashKey[TargetProfile]()
_PHASE_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()  # setup/call reports, for fixture teardown
_SCANNER = pytest.StashKey[PageScanner | None]()


@dataclass(frozen=True)
class HarnessSettings:
    target: str
    portal_url: str | None
    release: str | None
    faults: str | None
    seed: int
    run_tag: str
    run_dir: Path | None
    browser: BrowserOptions
    device: str | None = None
    hl7_endpoint: str | None = None
    baseline_dir: Path | None = None
    tracing: bool = False


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("portal-harness", "Portal Harness")
    group.addoption(
        "--target", default=BUNDLED, help="a profile in data/targets ('demo', the default), a profile file or a URL"
    )
    group.addoption(
        "--environment",
        default=None,
        choices=("test", "staging", "production"),
        help="what a bare --target URL is (default: unknown, guarded like production)",
    )
    group.addoption("--portal-url", default=None, help="an already started bundled portal (set by portal-harness run)")
    group.addoption("--release", default=None, help="release of the bundled portal to start (default: newest)")
    group.addoption("--faults", default=None, help="comma-separated faults to switch on in the bundled portal")
    group.addoption("--seed", type=int, default=None, help="data seed (default: random, recorded)")
    group.addoption("--run-dir", default=None, help="run archive folder: summary.json and manifest go there")
    group.addoption("--run-label", default="", help="the run's label in its summary")
    group.addoption("--browser-endpoint", default=None, help="ws:// endpoint of a Playwright browser server")
    group.addoption("--cdp-endpoint", default=None, help="http:// endpoint of a Chromium with remote debugging")
    group.addoption("--device", default=None, help="a Playwright device name for every context, e.g. 'Pixel 7'")
    group.addoption("--headed", action="store_true", help="show the browser")
    group.addoption("--slowmo", type=float, default=0.0, help="slow every browser action by this many ms")
    group.addoption("--id", action="append", default=[], dest="scenario_ids", help="run only this scenario id")
    group.addoption("--hl7-endpoint", default=None, help="host:port of the portal's HL7 v2 MLLP listener")
    group.addoption("--baseline-dir", default=None, help="archive of the run before the upgrade (UPG scenarios)")
    group.addoption(
        "--attempt", type=int, default=1, help="2 for the retry of failed scenarios: summary-attempt-2.json"
    )
    group.addoption(
        "--trace-mode",
        choices=TRACE_MODES,
        default=DEFAULT_TRACE_MODE,
        help="retry: trace only the retry of failed scenarios (default); on: every attempt; off: never",
    )
    group.addoption(
        "--scan",
        default="",
        help="page scans, comma-separated: a11y, visual, speed (or all); needs --run-dir (default: none)",
    )
    group.addoption(
        "--shard", default=None, help="i/n: run the i-th of n shards, balanced by the durations of a complete run"
    )
    group.addoption("--shard-durations", default=None, help="with --shard: {ID: seconds} or a run's summary.json")
    group.addoption("--shard-plan", default=None, help="the shard plan portal-harness run wrote (set by the runner)")


install_masking_logger()


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        story_url_pattern()  # a broken pattern is one sentence now, not an error in every scenario
    except HarnessError as error:
        raise pytest.UsageError(str(error)) from None
    target_profile(config)
    try:
        remote_browser(config.getoption("--browser-endpoint"), config.getoption("--cdp-endpoint"))
    except HarnessError as error:
        raise pytest.UsageError(str(error)) from None
    seed = config.getoption("--seed")
    config.stash[_SEED] = seed if seed is not None else random.SystemRandom().randrange(10**9)
    run_dir = config.getoption("--run-dir")
    if run_dir and not config.option.collectonly:
        archive = RunArchive(Path(run_dir))
        attempt = config.getoption("--attempt")
        summary_path = archive.summary_path if attempt == 1 else archive.attempt_summary_path(attempt)
        # why: under pytest-xdist the workers run the scenarios and the controller alone writes
        # the summary, from the results the workers attach to their reports
        is_worker = hasattr(config, "workerinput")
        collector = ResultCollector(
            summary_path, archive.run_id, config.getoption("--run-label"), writes_summary=not is_worker
        )
        config.pluginmanager.register(collector, "portal-harness-results")
        if is_worker or config.pluginmanager.hasplugin("dsession"):
            config.pluginmanager.register(WorkerSecrets(is_worker), "portal-harness-worker-secrets")
    _register_shard_selection(config, Path(run_dir) if run_dir else None)
    config.stash[_SCANNER] = _page_scanner(config, Path(run_dir) if run_dir else None)


def _page_scanner(config: pytest.Config, run_dir: Path | None) -> PageScanner | None:
    """The run's page scanner when `--scan` asks for one (scans are kept in the run archive)."""
    try:
        kinds = parse_scans(config.getoption("--scan"))
    except HarnessError as error:
        raise pytest.UsageError(str(error)) from None
    if not kinds or config.option.collectonly:
        return None
    if run_dir is None:
        raise pytest.UsageError(
            "--scan keeps its findings in a run archive: give --run-dir, or use portal-harness run."
        )
    profile = target_profile(config)
    return PageScanner(run_dir, kinds, profile.budgets, profile.visual_mask, profile.name)


def _register_shard_selection(config: pytest.Config, run_dir: Path | None) -> None:
    """`portal-harness run` passes the plan it resolved; plain pytest resolves one the same way."""
    plan_file, shard = config.getoption("--shard-plan"), config.getoption("--shard")
    if not (plan_file or shard):
        return
    try:
        if plan_file:
            plan = ShardPlan.read(Path(plan_file))
        else:
            durations = config.getoption("--shard-durations")
            plan = plan_shard(shard, config.getoption("--target"), Path(durations) if durations else None)
    except HarnessError as error:
        raise pytest.UsageError(str(error)) from None
    config.pluginmanager.register(ShardSelection(plan, run_dir), "portal-harness-shard")


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    """A broken feature file is one sentence naming file and line, not a collection traceback."""
    base = Path(str(session.config.getini("bdd_features_base_dir") or "features"))
    features = base if base.is_absolute() else session.config.rootpath / base
    problem = feature_syntax_error(features, session.config.rootpath)
    if problem:
        raise pytest.UsageError(problem)


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> bool | None:
    """`@id:ENR-01` → `pytest.mark.id("ENR-01")`; plain tags stay plain markers."""
    valued = split_valued_tag(tag)
    if valued is None:
        return None
    marker = getattr(pytest.mark, valued.family)(valued.value)
    marker(function)
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _check_scenario_ids(items)
    wanted = set(config.getoption("scenario_ids"))
    if wanted:
        unknown = sorted(wanted - {scenario_id_of(item) for item in items})
        if unknown:
            raise pytest.UsageError(f"No scenario has the id {', '.join(unknown)}: check --id against the @id tags.")
        _keep_only(config, items, lambda item: scenario_id_of(item) in wanted)
    refuse_writing_scenarios_on_guarded_targets(config, items)
    skip_what_the_target_lacks(target_profile(config), items)


def refuse_writing_scenarios_on_guarded_targets(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a production (or unclassified) target only @readonly scenarios may run: else stop before any."""
    selected = [
        (scenario_id_of(item) or item.nodeid, item.get_closest_marker(READONLY_TAG) is not None) for item in items
    ]
    try:
        check_selection(target_profile(config), config.getoption("--target"), selected)
    except HarnessError as error:
        raise pytest.UsageError(str(error)) from None


def skip_what_the_target_lacks(profile: TargetProfile, items: list[pytest.Item]) -> None:
    """`@needs:hl7` on a target without HL7 is skipped with the reason, never failed (and never started)."""
    for item in items:
        lacking = profile.lacks(sorted({str(marker.args[0]) for marker in item.iter_markers("needs")}))
        if lacking:
            item.add_marker(pytest.mark.skip(reason=profile.skip_reason(lacking)))


def target_profile(config: pytest.Config) -> TargetProfile:
    """The run's target profile, read once; a bad profile stops the session with its one sentence."""
    profile = config.stash.get(_PROFILE, None)
    if profile is None:
        try:
            profile = with_environment(resolve_target(config.getoption("--target")), config.getoption("--environment"))
        except HarnessError as error:
            raise pytest.UsageError(str(error)) from None
        config.stash[_PROFILE] = profile
    return profile


def _keep_only(config: pytest.Config, items: list[pytest.Item], keep: Callable[[pytest.Item], bool]) -> None:
    config.hook.pytest_deselected(items=[item for item in items if not keep(item)])
    items[:] = [item for item in items if keep(item)]


def _check_scenario_ids(items: list[pytest.Item]) -> None:
    """Every scenario has exactly one well-formed, unique @id: it is the regression key."""
    owner: dict[str, tuple[str, str]] = {}
    for item in items:
        if not hasattr(item, "obj") or "_pytest_bdd_example" not in getattr(item, "fixturenames", ()):
            continue
        name, feature = scenario_info(item)
        ids = [str(m.args[0]) for m in item.iter_markers("id")]
        where = f"features/{feature}, scenario '{name}'"
        if len(ids) != 1:
            raise pytest.UsageError(f"{where} has {len(ids)} @id tags: give it exactly one, e.g. @id:ENR-09.")
        if not SCENARIO_ID.match(ids[0]):
            raise pytest.UsageError(f"{where} has @id:{ids[0]}: an id looks like @id:ENR-01.")
        first = owner.setdefault(ids[0], (feature, name))
        if first != (feature, name):
            raise pytest.UsageError(
                f"{where} reuses @id:{ids[0]} of features/{first[0]}, scenario '{first[1]}': give it a new id."
            )


@pytest.fixture(scope="session")
def harness_settings(pytestconfig: pytest.Config) -> HarnessSettings:
    run_dir = pytestconfig.getoption("--run-dir")
    endpoint, endpoint_kind = remote_browser(
        pytestconfig.getoption("--browser-endpoint"), pytestconfig.getoption("--cdp-endpoint")
    )
    return HarnessSettings(
        target=pytestconfig.getoption("--target"),
        portal_url=pytestconfig.getoption("--portal-url"),
        release=pytestconfig.getoption("--release"),
        faults=pytestconfig.getoption("--faults"),
        seed=pytestconfig.stash[_SEED],
        run_tag=_run_tag(run_dir, pytestconfig.getoption("--attempt")),
        run_dir=Path(run_dir) if run_dir else None,
        browser=BrowserOptions(
            endpoint=endpoint,
            headed=pytestconfig.getoption("--headed"),
            slowmo_ms=pytestconfig.getoption("--slowmo"),
            endpoint_kind=endpoint_kind or "playwright",
        ),
        device=pytestconfig.getoption("--device"),
        hl7_endpoint=pytestconfig.getoption("--hl7-endpoint"),
        baseline_dir=Path(baseline) if (baseline := pytestconfig.getoption("--baseline-dir")) else None,
        tracing=tracing_wanted(pytestconfig.getoption("--trace-mode"), pytestconfig.getoption("--attempt")),
    )


def _run_tag(run_dir: str | None, attempt: int) -> str:
    """The run's tag in synthetic identifiers; a retry gets its own, so it never meets attempt 1's data."""
    tag = short_run_tag(Path(run_dir).name) if run_dir else _random_tag()
    return tag if attempt == 1 else f"{tag}r{attempt}"


def _random_tag() -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(4))


@pytest.fixture(scope="session")
def portal_target(harness_settings: HarnessSettings, pytestconfig: pytest.Config) -> Iterator[Target]:
    """The portal under test; the bundled one is started here unless the run already did."""
    s = harness_settings
    try:
        check_code_source(target_profile(pytestconfig))
        target = open_target(
            s.target,
            s.portal_url,
            s.release,
            s.faults,
            s.run_dir,
            hl7_endpoint=s.hl7_endpoint,
            profile=target_profile(pytestconfig),
        )
        version = fetch_version(target.url, target.profile.release if target.profile else None)
    except HarnessError as error:
        pytest.exit(str(error), returncode=2)
    pytestconfig.stash[_TARGET_RELEASE] = str(version.get("release", ""))
    profile = target_profile(pytestconfig)
    pytestconfig.stash[_ENVIRONMENT].update(
        {
            "target.profile": profile.name,
            "target.environment": profile.environment,
            "portal.url": target.url,
            "portal.product": version.get("product", ""),
            "portal.release": version.get("release", ""),
        }
    )
    yield target
    target.stop()


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser_keeper(
    playwright_session: Playwright, harness_settings: HarnessSettings, pytestconfig: pytest.Config
) -> Iterator[BrowserKeeper]:
    try:
        keeper = BrowserKeeper(playwright_session, harness_settings.browser)
    except HarnessError as error:
        pytest.exit(str(error), returncode=2)
    described = describe_browser(keeper.current())
    environment = {"browser": described["name"], "browser.version": described["version"]}
    if harness_settings.browser.endpoint:
        environment["browser.endpoint"] = mask_endpoint(harness_settings.browser.endpoint) or ""
        environment["browser.endpoint.kind"] = harness_settings.browser.endpoint_kind
    pytestconfig.stash[_ENVIRONMENT].update(environment)
    if harness_settings.run_dir:
        RunArchive(harness_settings.run_dir).update_manifest(browser=described)
    yield keeper
    keeper.close()


@pytest.fixture
def browser(browser_keeper: BrowserKeeper, pytestconfig: pytest.Config) -> Browser:
    """The session's browser for this scenario: a new one if the last scenario's crashed."""
    relaunches = browser_keeper.relaunches
    current = browser_keeper.current()
    if browser_keeper.relaunches > relaunches:
        _tell(pytestconfig, "portal-harness: the browser had crashed or disconnected: started a new one")
    return current


def _tell(config: pytest.Config, line: str) -> None:
    """A line in pytest's output from inside a fixture, where stdout and stderr are captured."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


@pytest.fixture(scope="session")
def context_options(
    playwright_session: Playwright, harness_settings: HarnessSettings, pytestconfig: pytest.Config
) -> dict[str, Any]:
    """What every browser context of the run is opened with: the `--device` descriptor, or nothing."""
    if not harness_settings.device:
        return {}
    try:
        options = device_context_options(playwright_session, harness_settings.device)
    except HarnessError as error:
        pytest.exit(str(error), returncode=2)
    viewport = options.get("viewport") or {}
    pytestconfig.stash[_ENVIRONMENT]["browser.device"] = (
        f"{harness_settings.device} ({viewport.get('width')}x{viewport.get('height')})"
    )
    return options


@pytest.fixture
def scenario(
    request: pytest.FixtureRequest,
    portal_target: Target,
    browser: Browser,
    harness_settings: HarnessSettings,
    context_options: dict[str, Any],
) -> Iterator[ScenarioContext]:
    """The scenario's own clock, Faker, API client and browser pages."""
    item = request.node
    name, feature = scenario_info(item)
    key = f"{scenario_id_of(item) or feature + ':' + name}#{getattr(getattr(item, 'callspec', None), 'id', '')}"
    seed = scenario_seed(harness_settings.seed, key)
    faker = Faker("en_US")
    faker.seed_instance(seed)
    context = ScenarioContext(
        key=key,
        target=portal_target,
        browser=browser,
        faker=faker,
        run_tag=harness_settings.run_tag,
        seed=seed,
        scenario_id=scenario_id_of(item) or key,
        run_dir=harness_settings.run_dir,
        baseline_dir=harness_settings.baseline_dir,
        context_options=context_options,
        evidence=EvidenceRecorder(tracing=harness_settings.tracing),
    )
    item.stash[SCENARIO_KEY] = context
    yield context
    try:
        if scenario_failed(item):
            keep_evidence(item, context, harness_settings.run_dir, request.config.getoption("--attempt"))
        else:
            context.evidence.discard()
    finally:
        context.close()


def scenario_failed(item: pytest.Item) -> bool:
    """Whether setup or call failed (read from fixture teardown, before the teardown report exists)."""
    return any(report.failed for report in item.stash.get(_PHASE_REPORTS, {}).values())


def keep_evidence(item: pytest.Item, context: ScenarioContext, run_dir: Path | None, attempt: int) -> None:
    """Save the failed scenario's traces and screens, attach them, and leave the summary's record.

    With a run archive they go to `evidence/<folder>/` and the result collector picks the record
    up from the item's stash at the teardown report; without one they are only attached.
    """
    folder = None
    if run_dir is not None:
        name = evidence_folder_name(scenario_id_of(item) or "scenario", example_index(item), attempt)
        folder = run_dir / EVIDENCE_DIR / name
    record, traces = context.evidence.save(folder, run_dir)
    attach_failure_evidence(traces, context.evidence.errors)
    if folder is None:
        for trace in traces:
            shutil.rmtree(trace.parent, ignore_errors=True)
    else:
        item.stash[EVIDENCE_KEY] = record


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    item.stash.setdefault(_PHASE_REPORTS, {})[report.when] = report
    if report.when == "setup" and report.skipped and getattr(item.config.option, "allure_report_dir", None):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report_skipped_before_start(item, str(reason).removeprefix("Skipped: "))


@pytest.fixture(autouse=True)
def _skip_behaviour_newer_than_target(request: pytest.FixtureRequest) -> None:
    """`@since:2026.2` against a 2026.1 portal is skipped with the reason, never failed."""
    since = request.node.get_closest_marker("since")
    if since is None:
        return
    request.getfixturevalue("portal_target")
    release = request.config.stash.get(_TARGET_RELEASE, "")
    if release and target_profile(request.config).release.older(release, str(since.args[0])):
        pytest.skip(f"new in release {since.args[0]}; the portal under test runs {release}")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_ENVIRONMENT] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    results_dir = getattr(session.config.option, "allure_report_dir", None)
    environment = session.config.stash.get(_ENVIRONMENT, {})
    if results_dir and environment:
        environment = {**environment, "data.seed": str(session.config.stash[_SEED])}
        write_environment(Path(results_dir), environment)


def pytest_unconfigure(config: pytest.Config) -> None:
    """junit.xml is written at session finish; scrub the secrets this run saw from it afterwards."""
    junit = getattr(config.option, "xmlpath", None)
    if junit and Path(junit).exists() and len(SECRETS):
        path = Path(junit)
        path.write_text(SECRETS.mask_text(path.read_text(encoding="utf-8")), encoding="utf-8")


def pytest_bdd_before_scenario(request: pytest.FixtureRequest) -> None:
    label_scenario(request.node)


def pytest_bdd_after_step(request: pytest.FixtureRequest) -> None:
    """With `--scan`: time and scan the pages this step left; a load over its budget fails the step."""
    scanner = request.config.stash.get(_SCANNER, None)
    context = request.node.stash.get(SCENARIO_KEY, None)
    if scanner is None or context is None:
        return
    over_budget = scanner.after_step(context.scenario_id, context.pages)
    if over_budget:
        raise AssertionError("; ".join(over_budget) + ": a speed regression (or raise the budget if it is expected)")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any) -> None:
    context = request.node.stash.get(SCENARIO_KEY, None)
    if context is not None:
        context.evidence.keep_screenshots(attach_screenshots(context.pages, f"{step.keyword} {step.name}"))
