"""`portal-harness soak --runs N`: run the suite N times on the bundled portal; list what did not always pass.

Zero flakiness is measured, not hoped for: each run is an ordinary `run` (its own archive,
label `soak-k`, its own portal, the usual one retry), and a scenario id is unstable when, in any
run, it failed, was flaky (failed, then passed on retry), or was skipped in some runs but not in
others. An id skipped in every run (a `@needs` the portal does not offer) is listed apart and is
not a failure. Writes `reports/soak/soak-<stamp>.json` and `.md`; exit 1 if any id is unstable.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portal_harness.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, HarnessError
from portal_harness.paths import reports_dir, runs_dir
from portal_harness.progress import say
from portal_harness.runs import RunArchive, new_run_id, utc_now_iso
from portal_harness.summary import Summary, worst_per_id

INTERRUPTED_CODES = (130, 143)


@dataclass
class SoakRequest:
    runs: int
    release: str | None = None
    faults: tuple[str, ...] = ()
    ids: list[str] = field(default_factory=list)
    pytest_args: list[str] = field(default_factory=list)
    workers: int = 1
    seed: int | None = None
    runs_root: Path | None = None
    output_dir: Path | None = None


@dataclass
class IdTally:
    name: str = ""
    statuses: Counter[str] = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)

    def unstable(self, runs: int) -> bool:
        passed, skipped = self.statuses["passed"], self.statuses["skipped"]
        return runs not in {passed, skipped}


def soak(request: SoakRequest) -> int:
    from portal_harness.runner import RunRequest, run

    if request.runs < 1:
        raise HarnessError(f"--runs {request.runs} is not a number of runs: give 1 or more, e.g. --runs 10.")
    started, clock = utc_now_iso(), time.monotonic()
    tallies: dict[str, IdTally] = {}
    done: list[dict[str, Any]] = []
    stop_code: int | None = None
    for k in range(1, request.runs + 1):
        run_id = new_run_id()
        say(f"soak {k}/{request.runs}: run {run_id} (label soak-{k})")
        run_clock = time.monotonic()
        code = run(
            RunRequest(
                release=request.release,
                faults=request.faults,
                label=f"soak-{k}",
                seed=request.seed,
                workers=request.workers,
                ids=list(request.ids),
                pytest_args=list(request.pytest_args),
                build_report=False,
                runs_root=request.runs_root,
                run_id=run_id,
                pytest_output_to_stderr=True,
            )
        )
        archive = RunArchive((request.runs_root or runs_dir()) / run_id)
        summary = archive.read_summary()
        counts = summary.counts if summary else {}
        done.append(
            {
                "k": k,
                "run_id": run_id,
                "exit_code": code,
                "counts": counts,
                "wall_s": round(time.monotonic() - run_clock, 1),
            }
        )
        say(f"soak {k}/{request.runs}: exit {code}, " + ", ".join(f"{n} {s}" for s, n in counts.items()))
        if code == EXIT_USAGE or code in INTERRUPTED_CODES or summary is None:
            stop_code = code if code != EXIT_OK else EXIT_USAGE
            say(f"soak stopped after run {k}: that run could not be counted (exit {code})")
            break
        _tally(tallies, summary)
    counted = sum(1 for entry in done if entry["exit_code"] not in (EXIT_USAGE, *INTERRUPTED_CODES))
    result = soak_result(tallies, counted, done=done, request=request, started=started, wall_s=time.monotonic() - clock)
    json_path = write_soak_files(result, request.output_dir)
    _say_result(result, json_path)
    if stop_code is not None:
        return stop_code
    return EXIT_FAILED if result["unstable"] else EXIT_OK


def _tally(tallies: dict[str, IdTally], summary: Summary) -> None:
    for scenario_id, result in worst_per_id(summary.results).items():
        tally = tallies.setdefault(scenario_id, IdTally(name=result.name))
        tally.statuses[result.status] += 1
        if result.status in ("failed", "flaky") and result.message and len(tally.messages) < 3:
            tally.messages.append(f"{result.status}: {result.message}"[:300])


def soak_result(
    tallies: dict[str, IdTally],
    runs: int,
    *,
    done: list[dict[str, Any]],
    request: SoakRequest,
    started: str,
    wall_s: float,
) -> dict[str, Any]:
    """The soak's JSON: per unstable id, how often it passed, failed, was flaky, was skipped or was missing."""
    unstable = []
    for scenario_id, tally in sorted(tallies.items()):
        missing = runs - sum(tally.statuses.values())
        if tally.unstable(runs):
            unstable.append(
                {
                    "id": scenario_id,
                    "name": tally.name,
                    **{status: tally.statuses[status] for status in ("passed", "failed", "flaky", "skipped")},
                    "missing": missing,
                    "messages": tally.messages,
                }
            )
    return {
        "started_at": started,
        "ended_at": utc_now_iso(),
        "wall_s": round(wall_s, 1),
        "runs_requested": request.runs,
        "runs_counted": runs,
        "selection": {"ids": request.ids, "pytest_args": request.pytest_args, "release": request.release},
        "scenario_ids": len(tallies),
        "unstable": unstable,
        "always_skipped": sorted(i for i, t in tallies.items() if t.statuses["skipped"] == runs and runs),
        "runs": done,
    }


def write_soak_files(result: dict[str, Any], output_dir: Path | None = None) -> Path:
    folder = output_dir or reports_dir() / "soak"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    json_path = folder / f"soak-{stamp}.json"
    json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    json_path.with_suffix(".md").write_text(soak_markdown(result), encoding="utf-8")
    return json_path


def soak_markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Soak: {result['runs_counted']} of {result['runs_requested']} run(s), {result['scenario_ids']} scenario ids",
        "",
        f"{result['started_at']} to {result['ended_at']} ({result['wall_s']:.0f} s).",
        "",
    ]
    if not result["unstable"]:
        lines.append("Every scenario id passed in every run (or was skipped in every run).")
    else:
        lines += [
            "| id | passed | failed | flaky | skipped | missing | first message |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in result["unstable"]:
            message = (row["messages"] or [""])[0].replace("|", "/")
            lines.append(
                f"| {row['id']} | {row['passed']} | {row['failed']} | {row['flaky']} | {row['skipped']} "
                f"| {row['missing']} | {message} |"
            )
    if result["always_skipped"]:
        lines += ["", f"Skipped in every run (not counted): {', '.join(result['always_skipped'])}."]
    lines += ["", "Runs: " + ", ".join(f"{r['run_id']} (exit {r['exit_code']})" for r in result["runs"])]
    return "\n".join(lines) + "\n"


def _say_result(result: dict[str, Any], json_path: Path) -> None:
    runs = result["runs_counted"]
    if result["unstable"]:
        say(f"{len(result['unstable'])} scenario id(s) did not pass every time in {runs} run(s):")
        for row in result["unstable"]:
            say(
                f"  {row['id']}  passed {row['passed']}/{runs}, failed {row['failed']}, flaky {row['flaky']}, "
                f"skipped {row['skipped']}, missing {row['missing']}  {row['name']}"
            )
    else:
        say(f"soak: all {result['scenario_ids']} scenario id(s) passed in every one of {runs} run(s)")
    say(f"soak took {result['wall_s']:.0f} s; {json_path} and {json_path.with_suffix('.md').name}")
