"""The analysts' commands: `lint`, `steps` and `docs`. No browser, no portal, no pytest run."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_analyst_commands(commands: Any) -> None:
    lint_cmd = commands.add_parser(
        "lint", help="check feature files: syntax, keywords, ids, tags, Examples, undefined steps (exit 1 on errors)"
    )
    lint_cmd.add_argument("paths", nargs="*", metavar="PATH", help="feature files or folders (default: features/)")

    steps_cmd = commands.add_parser("steps", help="the catalogue of step phrases analysts can write")
    steps_cmd.add_argument(
        "--format",
        choices=("md", "json", "html", "vscode"),
        default="md",
        help="md (default), json, html, or vscode: the step file and settings for the Cucumber autocomplete extension",
    )
    steps_cmd.add_argument("-o", "--output", metavar="PATH", help="write to this file (vscode: this folder)")

    docs_cmd = commands.add_parser(
        "docs", help="living documentation: features, rules, stories and last-run status, with story coverage"
    )
    docs_cmd.add_argument("--run", metavar="RUN", help="the run whose status to show (default: the newest)")
    docs_cmd.add_argument("-o", "--output", metavar="FILE", help="default: reports/living-docs/index.html")


def _lint(args: argparse.Namespace) -> int:
    from portal_harness.lint import lint_command

    return lint_command(args.paths)


def _steps(args: argparse.Namespace) -> int:
    from portal_harness.step_catalogue import steps_command

    return steps_command(args.format, args.output)


def _docs(args: argparse.Namespace) -> int:
    from portal_harness.living_docs import docs_command

    return docs_command(args.run, args.output)


ANALYST_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"lint": _lint, "steps": _steps, "docs": _docs}
