"""`portal-harness`: run the suite, build reports, serve the bundled portal.

Every --json output is one JSON document on stdout; progress and warnings go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from portal_harness.analyst_cli import ANALYST_HANDLERS, add_analyst_commands
from portal_harness.baseline_cli import BASELINE_HANDLERS, add_baseline_commands
from portal_harness.errors import EXIT_USAGE, HarnessError
from portal_harness.hygiene_cli import HYGIENE_HANDLERS, add_hygiene_commands
from portal_harness.progress import say
from portal_harness.target import parse_faults
from portal_harness.trace_modes import DEFAULT_TRACE_MODE, TRACE_MODES


def _shard(value: str) -> str:
    index, sep, total = value.partition("/")
    if not (sep and index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total)):
        raise argparse.ArgumentTypeError(f"'{value}' is not a shard: write i/n with 1 <= i <= n, e.g. 2/4")
    return value


def _workers(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of workers: give 1 or more, e.g. 2")
    return int(value)


def _positive_number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number above 0, e.g. 1.5")
    return number


def _scans(value: str) -> tuple[str, ...]:
    from portal_harness.scan_archive import parse_scans

    try:
        return parse_scans(value)
    except HarnessError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_run_command(commands: Any) -> None:
    """`run`: the options a suite run takes (most other commands reuse a run's own)."""
    run_cmd = commands.add_parser("run", help="run the acceptance suite and build the Allure report")
    run_cmd.add_argument(
        "--target",
        default="demo",
        help="a profile in data/targets ('demo', the bundled portal, default; 'example-external'), "
        "a profile .toml file, or a bare URL (environment 'unknown')",
    )
    run_cmd.add_argument(
        "--environment",
        choices=("test", "staging", "production"),
        help="what a bare --target URL is; without it a URL is guarded like production (only @readonly scenarios)",
    )
    run_cmd.add_argument("--release", help="release of the bundled portal (default: newest)")
    run_cmd.add_argument(
        "--faults", default="", help="comma-separated upgrade faults to switch on in the bundled portal"
    )
    run_cmd.add_argument("--label", default="", help="a name for this run (e.g. before-upgrade)")
    run_cmd.add_argument("--seed", type=int, help="data seed, to reproduce a run's synthetic people")
    run_cmd.add_argument("--browser-endpoint", help="ws:// endpoint of a remote Playwright browser server")
    run_cmd.add_argument(
        "--cdp-endpoint",
        help="http:// endpoint of a Chromium with remote debugging (Selenium Grid 4, Browserless); "
        "not with --browser-endpoint",
    )
    run_cmd.add_argument(
        "--portal-host",
        metavar="ADDR",
        help="address the bundled portal binds and advertises, so a remote browser can reach it (default 127.0.0.1)",
    )
    run_cmd.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="pytest-xdist workers, each with its own browser (pays off only with more cores or remote browsers)",
    )
    run_cmd.add_argument(
        "--device", metavar="NAME", help="emulate a Playwright device in every context, e.g. 'Pixel 7'"
    )
    run_cmd.add_argument("--shard", type=_shard, help="run shard i of n, e.g. 1/3, balanced by durations")
    run_cmd.add_argument(
        "--durations",
        type=Path,
        metavar="FILE",
        help="with --shard: {ID: seconds} or a run's summary.json (default: the newest complete run of the target)",
    )
    run_cmd.add_argument(
        "--trace",
        choices=TRACE_MODES,
        default=DEFAULT_TRACE_MODE,
        help="Playwright traces: retry = only the retry of failed scenarios (default), on = every scenario, off",
    )
    run_cmd.add_argument(
        "--scan",
        type=_scans,
        default=(),
        metavar="KINDS",
        help="scan each distinct page once: a11y (axe, WCAG 2.1 A/AA), visual (masked screenshots), "
        "speed (navigation timing against the profile's budgets); comma-separated, or all",
    )
    run_cmd.add_argument("--headed", action="store_true", help="show the browser")
    run_cmd.add_argument("--slowmo", type=float, default=0.0, metavar="MS", help="slow each browser action")
    run_cmd.add_argument(
        "--id", action="append", default=[], dest="ids", metavar="ID", help="run only this id (repeatable)"
    )
    run_cmd.add_argument("-m", dest="markexpr", help="pytest marker expression, e.g. 'smoke and messaging'")
    run_cmd.add_argument("-k", dest="keyword", help="pytest keyword expression")
    run_cmd.add_argument("--lf", action="store_true", help="rerun the scenarios that failed last time")
    run_cmd.add_argument("--no-report", action="store_true", help="skip building the Allure report")
    run_cmd.add_argument(
        "--baseline",
        metavar="RUN",
        help="a run from before the upgrade: the bundled portal upgrades a copy of its database, "
        "and the upgrade-continuity scenarios check the data that run recorded",
    )
    run_cmd.add_argument(
        "--missing-steps",
        choices=("fail", "skip"),
        default="fail",
        help="skip: undefined steps make a scenario pending",
    )
    run_cmd.add_argument("pytest_args", nargs="*", help="after --: more pytest arguments")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal-harness", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_run_command(commands)

    report_cmd = commands.add_parser("report", help="build the Allure report for the latest or the given runs")
    report_cmd.add_argument("runs", nargs="*", metavar="RUN_ID", help="run ids or run folders (default: latest)")

    portal_cmd = commands.add_parser("portal", help="serve the bundled reference portal in the foreground")
    portal_cmd.add_argument("--release", help="release to serve (default: newest)")
    portal_cmd.add_argument("--faults", default="", help="comma-separated upgrade faults to switch on")
    portal_cmd.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    portal_cmd.add_argument("--port", type=int, default=8000, help="web port (default 8000; 0 picks a free one)")
    portal_cmd.add_argument("--mllp-port", type=int, default=2575, help="HL7 v2 MLLP port (default 2575)")
    portal_cmd.add_argument("--smtp-port", type=int, default=0, help="capturing SMTP sink port (default: free)")
    portal_cmd.add_argument("--json", action="store_true", help="print the ready event as JSON on stdout")

    faults_cmd = commands.add_parser("faults", help="list the bundled portal's upgrade faults")
    faults_cmd.add_argument(
        "--json", action="store_true", help="[{name, area, kind, description, caught_by, on_upgrade, scans}]"
    )
    proof_cmd = commands.add_parser(
        "prove-faults", help="prove that every fault of the bundled portal turns the scenarios it names red"
    )
    proof_cmd.add_argument("--fault", action="append", default=[], help="prove only this fault (repeatable)")
    proof_cmd.add_argument("--release", help="release of the bundled portal for the faults that are not upgrades")

    compare_cmd = commands.add_parser(
        "compare", help="classify every scenario id of two runs (regressed, fixed, ...); exit 1 if any regressed"
    )
    compare_cmd.add_argument("baseline", metavar="BASELINE", help="the run before the upgrade: id, label or folder")
    compare_cmd.add_argument("candidate", metavar="CANDIDATE", help="the run after the upgrade: id, label or folder")
    compare_cmd.add_argument("--json", action="store_true", help="print comparison.json on stdout")
    compare_cmd.add_argument(
        "--known-issues", type=Path, metavar="FILE", help="known issues file (default: data/known_issues.toml)"
    )
    compare_cmd.add_argument(
        "--slower-ratio",
        type=_positive_number,
        default=1.5,
        metavar="X",
        help="slower_pages: a page's median load at least X times the baseline's (default 1.5) ...",
    )
    compare_cmd.add_argument(
        "--slower-by-ms",
        type=_positive_number,
        default=300.0,
        metavar="MS",
        help="... and at least MS milliseconds slower (default 300)",
    )

    _add_scale_out_commands(commands)
    _add_upgrade_commands(commands)
    add_analyst_commands(commands)
    add_hygiene_commands(commands)
    add_baseline_commands(commands)
    return parser


def _add_scale_out_commands(commands: Any) -> None:
    """merge, cleanup and bench: shards, shared portals and speed."""
    merge_cmd = commands.add_parser(
        "merge", help="merge shard runs into one archive (label 'merged') that report and compare read as one run"
    )
    merge_cmd.add_argument("runs", nargs="+", metavar="RUN", help="the shard runs: ids, labels or folders")
    merge_cmd.add_argument("--label", default="merged", help="the merged run's label (default: merged)")

    cleanup_cmd = commands.add_parser(
        "cleanup", help="remove what a run created on its target (or list it, where the target cannot delete)"
    )
    cleanup_cmd.add_argument("run", metavar="RUN", help="run id, label or folder")
    cleanup_cmd.add_argument("--dry-run", action="store_true", help="only count what would be removed")

    bench_cmd = commands.add_parser("bench", help="what the harness costs over the same flows run bare (make bench)")
    bench_cmd.add_argument("--seed", type=int, help="data seed")


def _add_upgrade_commands(commands: Any) -> None:
    """upgrade-drill, rerun and signoff: the upgrade morning's commands."""
    drill_cmd = commands.add_parser(
        "upgrade-drill",
        help="rehearse an upgrade of the bundled portal: suite on A, migrate its data to B, suite again, compare",
    )
    drill_cmd.add_argument("--from", dest="from_release", default="2026.1", help="the release before (default 2026.1)")
    drill_cmd.add_argument("--to", dest="to_release", default="2026.2", help="the release after (default 2026.2)")
    drill_cmd.add_argument("--faults", default="", help="comma-separated faults switched on in the upgraded portal")
    drill_cmd.add_argument("--json", action="store_true", help="print exactly comparison.json on stdout")
    drill_cmd.add_argument("-m", dest="markexpr", help="only these scenarios in both runs, e.g. 'smoke'")
    drill_cmd.add_argument(
        "--id", action="append", default=[], dest="ids", metavar="ID", help="only this id in both runs (repeatable)"
    )
    drill_cmd.add_argument(
        "--strict", action="store_true", help="exit 1 also when any scenario failed in either run, not only regressed"
    )

    rerun_cmd = commands.add_parser(
        "rerun", help="run again only what failed or was flaky in RUN, into a new archive that carries the rest over"
    )
    rerun_cmd.add_argument("run", metavar="RUN", help="run id, label or folder")
    rerun_cmd.add_argument("--failed", action="store_true", required=True, help="the failed and flaky scenarios")
    rerun_cmd.add_argument("--no-report", action="store_true", help="skip building the Allure report")

    signoff_cmd = commands.add_parser(
        "signoff", help="write the upgrade sign-off pack (report, comparison, manifests, checksums, a page to sign)"
    )
    signoff_cmd.add_argument("run", metavar="RUN", help="the run after the upgrade: id, label or folder")


def pytest_selection(args: argparse.Namespace) -> list[str]:
    """The pytest arguments after `--`, with `-m` and `-k` (run, soak) passed on to pytest."""
    pytest_args = list(args.pytest_args)
    if args.markexpr:
        pytest_args += ["-m", args.markexpr]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    return pytest_args


def _run(args: argparse.Namespace) -> int:
    from portal_harness.runner import RunRequest, run

    pytest_args = pytest_selection(args)
    if args.lf:
        pytest_args.append("--lf")
    if args.missing_steps == "skip":
        pytest_args.append("--missing-steps=skip")
    request = RunRequest(
        target=args.target,
        environment=args.environment,
        release=args.release,
        faults=parse_faults(args.faults),
        label=args.label,
        seed=args.seed,
        browser_endpoint=args.browser_endpoint,
        shard=args.shard,
        durations=args.durations,
        cdp_endpoint=args.cdp_endpoint,
        portal_host=args.portal_host,
        workers=args.workers,
        device=args.device,
        headed=args.headed,
        slowmo=args.slowmo,
        ids=args.ids,
        pytest_args=pytest_args,
        build_report=not args.no_report,
        baseline=args.baseline,
        trace=args.trace,
        scans=args.scan,
    )
    return run(request)


def _report(args: argparse.Namespace) -> int:
    from portal_harness.report import build_report
    from portal_harness.runs import latest_run, resolve_run

    runs = [resolve_run(ref) for ref in args.runs] if args.runs else [latest_run()]
    say(f"building the Allure report for {', '.join(r.run_id for r in runs)}")
    index = build_report(runs)
    say(f"Allure report: {index}")
    return 0


def _portal(args: argparse.Namespace) -> int:
    from portal_harness.portal_process import PortalOptions, RunningPortal, serve_in_foreground, start_portal

    options = PortalOptions(
        release=args.release,
        faults=parse_faults(args.faults),
        host=args.host,
        port=args.port,
        mllp_port=args.mllp_port,
        smtp_port=args.smtp_port,
    )

    def announce(portal: RunningPortal) -> None:
        ready = portal.ready
        if args.json:
            print(json.dumps(ready), flush=True)
        faults = ", ".join(ready.get("faults") or []) or "none"
        say(f"Riverbend reference portal, release {ready.get('release')}, faults: {faults}")
        say(f"  web:        {ready['url']}/  (the public landing page)")
        say(f"  HL7 MLLP:   {args.host}:{ready['mllp_port']}")
        say(f"  SMTP sink:  {args.host}:{ready['smtp_port']}  (read mail at {ready['url']}/__test__/mail?to=ADDRESS)")
        say("  admin API:  Authorization: Bearer test-admin-token  (test mode)")
        say("Ctrl-C stops it.")

    return serve_in_foreground(lambda: start_portal(options), announce)


def _faults(args: argparse.Namespace) -> int:
    from reference_portal.faults import list_faults

    catalogue: list[dict[str, Any]] = [
        {
            "name": f.name,
            "area": f.area,
            "kind": f.kind,
            "description": f.description,
            "caught_by": list(f.caught_by),
            "on_upgrade": f.on_upgrade,
            "scans": list(f.scans),
        }
        for f in list_faults()
    ]
    if args.json:
        print(json.dumps(catalogue, indent=2))
        return 0
    width = max(len(fault["name"]) for fault in catalogue)
    for fault in catalogue:
        kind = f"[{fault['kind']}] " if fault["kind"] != "behaviour" else ""
        caught = ", ".join(fault["caught_by"]) + (f" with --scan {','.join(fault['scans'])}" if fault["scans"] else "")
        print(f"{fault['name']:<{width}}  {fault['area']:<5} {kind}{fault['description']}  (caught by {caught})")
    return 0


def _prove_faults(args: argparse.Namespace) -> int:
    from portal_harness.fault_proof import prove_faults

    return prove_faults(args.fault, args.release)


def _compare(args: argparse.Namespace) -> int:
    from portal_harness.compare import compare_runs, comparison_json_text, exit_code, verdict_line
    from portal_harness.runs import resolve_run
    from portal_harness.scan_comparison import SpeedThreshold

    baseline, candidate = resolve_run(args.baseline), resolve_run(args.candidate)
    say(f"comparing {baseline.run_id} (baseline) with {candidate.run_id} (candidate)")
    threshold = SpeedThreshold(ratio=args.slower_ratio, by_ms=args.slower_by_ms)
    comparison = compare_runs(baseline, candidate, args.known_issues, threshold=threshold)
    if args.json:
        sys.stdout.write(comparison_json_text(comparison))
    say(verdict_line(comparison))
    say(f"comparison: {candidate.path / 'comparison.md'}")
    return exit_code(comparison)


def _merge(args: argparse.Namespace) -> int:
    from portal_harness.merge import merge_runs

    archive = merge_runs(args.runs, label=args.label)
    summary = archive.read_summary()
    counts = ", ".join(f"{n} {status}" for status, n in (summary.counts if summary else {}).items())
    say(f"merged {len(args.runs)} run(s) into {archive.run_id} ({args.label}): {counts}")
    say(f"archive: {archive.path}  (`portal-harness report {archive.run_id}` builds its report)")
    return 0


def _upgrade_drill(args: argparse.Namespace) -> int:
    from portal_harness.drill import DrillRequest, upgrade_drill

    request = DrillRequest(
        from_release=args.from_release,
        to_release=args.to_release,
        faults=parse_faults(args.faults),
        as_json=args.json,
        pytest_args=("-m", args.markexpr) if args.markexpr else (),
        ids=tuple(args.ids),
        strict=args.strict,
    )
    return upgrade_drill(request)


def _rerun(args: argparse.Namespace) -> int:
    from portal_harness.rerun import rerun_request
    from portal_harness.runner import run

    return run(rerun_request(args.run, build_report=not args.no_report))


def _bench(args: argparse.Namespace) -> int:
    from portal_harness.bench import bench

    return bench(args.seed)


def _cleanup(args: argparse.Namespace) -> int:
    from portal_harness.cleanup import CleanupRequest, cleanup

    return cleanup(CleanupRequest(args.run, dry_run=args.dry_run))


def _signoff(args: argparse.Namespace) -> int:
    from portal_harness.signoff import signoff

    signoff(args.run)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "run": _run,
        "report": _report,
        "portal": _portal,
        "faults": _faults,
        "prove-faults": _prove_faults,
        "compare": _compare,
        "merge": _merge,
        "upgrade-drill": _upgrade_drill,
        "rerun": _rerun,
        "signoff": _signoff,
        "bench": _bench,
        "cleanup": _cleanup,
        **ANALYST_HANDLERS,
        **HYGIENE_HANDLERS,
        **BASELINE_HANDLERS,
    }
    try:
        return handlers[args.command](args)
    except HarnessError as error:
        print(f"portal-harness: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
