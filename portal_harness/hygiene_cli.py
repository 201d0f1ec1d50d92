"""The archive-hygiene commands: `scan` (secrets and PHI), `prune` (old archives) and `soak` (flakiness)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def _runs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of runs: give 1 or more, e.g. 10")
    return int(value)


def _keep(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of runs to keep: give 0 or more, e.g. 20")
    return int(value)


def add_hygiene_commands(commands: Any) -> None:
    scan_cmd = commands.add_parser(
        "scan", help="look through a run archive for secret-like and PHI-like values (exit 1 on findings)"
    )
    scan_cmd.add_argument("run", metavar="RUN", help="run id, label or folder")

    prune_cmd = commands.add_parser(
        "prune", help="keep the newest N run archives (and the runs they name), delete the rest"
    )
    prune_cmd.add_argument("--keep", type=_keep, required=True, metavar="N", help="how many of the newest runs to keep")
    prune_cmd.add_argument("--dry-run", action="store_true", help="only say what would be removed")

    soak_cmd = commands.add_parser(
        "soak", help="run the suite N times on the bundled portal; list every id that did not pass every time"
    )
    soak_cmd.add_argument("--runs", type=_runs, default=10, metavar="N", help="how many runs (default 10)")
    soak_cmd.add_argument("--release", help="release of the bundled portal (default: newest)")
    soak_cmd.add_argument("--faults", default="", help="comma-separated faults (to prove the soak catches one)")
    soak_cmd.add_argument("--seed", type=int, help="data seed for every run (default: a new one per run)")
    soak_cmd.add_argument("--workers", type=_runs, default=1, metavar="N", help="pytest-xdist workers")
    soak_cmd.add_argument(
        "--id", action="append", default=[], dest="ids", metavar="ID", help="only this id (repeatable)"
    )
    soak_cmd.add_argument("-m", dest="markexpr", help="pytest marker expression, e.g. 'smoke'")
    soak_cmd.add_argument("-k", dest="keyword", help="pytest keyword expression")
    soak_cmd.add_argument("pytest_args", nargs="*", help="after --: more pytest arguments")


def _scan(args: argparse.Namespace) -> int:
    from portal_harness.scan import scan_command

    return scan_command(args.run)


def _prune(args: argparse.Namespace) -> int:
    from portal_harness.prune import prune_command

    return prune_command(args.keep, dry_run=args.dry_run)


def _soak(args: argparse.Namespace) -> int:
    from portal_harness.cli import pytest_selection  # why here: cli imports this module
    from portal_harness.soak import SoakRequest, soak
    from portal_harness.target import parse_faults

    request = SoakRequest(
        runs=args.runs,
        release=args.release,
        faults=parse_faults(args.faults),
        ids=args.ids,
        pytest_args=pytest_selection(args),
        workers=args.workers,
        seed=args.seed,
    )
    return soak(request)


HYGIENE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"scan": _scan, "prune": _prune, "soak": _soak}
