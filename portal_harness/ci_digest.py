"""A few lines about a run for people who will not open the report: the CI job page and chat.

- `python -m portal_harness.ci_digest text RUN [--link URL]`: Markdown for the job page.
- `python -m portal_harness.ci_digest webhook RUN [--link URL]`: `{"text": ...}`, the body that
  Slack's incoming webhooks (and Teams' classic incoming webhooks) accept.
- `python -m portal_harness.ci_digest path RUN`: the archive's folder (CI keeps it as the baseline).

It reads the archive's `manifest.json`, `summary.json` and, once the run was compared,
`comparison.json`. It names scenarios by id and name only, never their messages: a chat channel
is a wider audience than the report, and a message could quote what a page showed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from portal_harness.compare import verdict_line
from portal_harness.errors import EXIT_OK, EXIT_USAGE, HarnessError
from portal_harness.runs import RunArchive, resolve_run
from portal_harness.summary import worst_per_id

LISTED_AT_MOST = 10


def _ids(entries: Sequence[dict[str, Any]]) -> str:
    shown = [f"{e['id']} {e.get('name', '')}".strip() for e in entries[:LISTED_AT_MOST]]
    more = len(entries) - LISTED_AT_MOST
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _comparison(run: RunArchive) -> dict[str, Any] | None:
    path = run.path / "comparison.json"
    if not path.exists():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HarnessError(f"{path} is not readable JSON ({error}): run `portal-harness compare` again.") from error
    return data


def digest(run: RunArchive, link: str | None = None) -> str:
    """The run in a few Markdown lines: what ran where, the counts, what regressed or failed, the gate."""
    manifest = run.read_manifest()
    summary = run.read_summary()
    if summary is None:
        raise HarnessError(f"{run.path} has no summary.json: give the folder of a finished run.")
    portal = manifest.get("portal") or {}
    product = " ".join(str(p) for p in (portal.get("product"), portal.get("release")) if p)
    where = manifest.get("target", "?") + (f" ({product})" if product else "")
    counts = ", ".join(f"{n} {status}" for status, n in summary.counts.items())
    interrupted = " (interrupted: partial)" if summary.interrupted else ""
    lines = [f"**Portal Harness {summary.label or run.run_id}** on {where}: {counts}{interrupted}"]
    comparison = _comparison(run)
    if comparison is not None:
        baseline = (comparison.get("baseline") or {}).get("run", "?")
        lines.append(f"Compared with {baseline}: {verdict_line(comparison)}")
        if comparison.get("regressed"):
            lines.append(f"Regressed: {_ids(comparison['regressed'])}")
    failed = [r for r in worst_per_id(summary.results).values() if r.status == "failed"]
    if failed:
        lines.append("Failed: " + _ids([{"id": r.id, "name": r.name} for r in sorted(failed, key=lambda r: r.id)]))
    if link:
        lines.append(f"Report and archives: {link}")
    return "\n\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal_harness.ci_digest", description=__doc__)
    parser.add_argument("form", choices=("text", "webhook", "path"), help="what to print")
    parser.add_argument("run", metavar="RUN", help="run id, label or folder")
    parser.add_argument("--link", help="where the report is (the CI run's page)")
    args = parser.parse_args(argv)
    try:
        run = resolve_run(args.run)
        if args.form == "path":
            print(run.path)
        elif args.form == "text":
            sys.stdout.write(digest(run, args.link))
        else:
            # Plain text: Slack and Teams read Markdown emphasis differently.
            print(json.dumps({"text": digest(run, args.link).replace("**", "")}))
    except HarnessError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
