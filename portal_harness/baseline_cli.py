"""`portal-harness baseline approve RUN` accepts a run's screenshots as the approved visual baseline;
`baseline budgets RUN [RUN ...]` proposes the target profile's page budgets from a run's measured loads."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from portal_harness.errors import EXIT_OK


def add_baseline_commands(commands: Any) -> None:
    baseline_cmd = commands.add_parser("baseline", help="manage the approved visual baselines (data/visual-baselines)")
    actions = baseline_cmd.add_subparsers(dest="baseline_command", required=True)
    approve_cmd = actions.add_parser(
        "approve",
        help="make a run's screenshots (--scan visual) the approved set for its target and release, "
        "replacing the previous set",
    )
    approve_cmd.add_argument("run", metavar="RUN", help="run id, label or folder")
    budgets_cmd = actions.add_parser(
        "budgets",
        help="print a [target.budgets] block for the profile from runs' page loads (--scan speed); "
        "each page takes its slowest run's median",
    )
    budgets_cmd.add_argument("runs", nargs="+", metavar="RUN", help="run id, label or folder")
    actions.metavar = "{" + ",".join(actions.choices) + "}"  # names the actions when one is missing


def _baseline(args: argparse.Namespace) -> int:
    if args.baseline_command == "budgets":
        from portal_harness.speed_budgets import budgets_block

        print(budgets_block(args.runs), end="")
        return EXIT_OK
    from portal_harness.paths import project_root
    from portal_harness.progress import say
    from portal_harness.visual_baselines import approve_run

    result = approve_run(args.run)
    where = result.folder.relative_to(project_root())
    before = f", replacing {result.replaced}" if result.replaced else ""
    say(
        f"approved {result.pages} page(s) of run {result.run_id} for {result.target} {result.release}{before}, "
        f"in {where}: commit that folder"
    )
    return EXIT_OK


BASELINE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"baseline": _baseline}
