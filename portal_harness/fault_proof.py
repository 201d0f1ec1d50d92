"""`portal-harness prove-faults`: every catalogued fault turns the scenarios it names red.

A green suite is only worth trusting if it goes red when the behaviour breaks. For each fault of
the bundled portal, the proof starts a portal with that fault on, runs the scenarios its
`caught_by` names, and checks that each one FAILED on a check (an assertion or a product error),
not on a harness problem. Faults that act during an upgrade (`on_upgrade`) are proved across a
rehearsed upgrade: a baseline run on the old release records the continuity data, a clean
upgrade of its database must pass, and each upgrade fault, applied while that database is
upgraded, must turn its scenarios red.

Writes `fault-proof.json` and `fault-proof.md` (the fault-to-scenarios table) into the proof's
folder; exits 0 when every fault was caught, 1 when one was not, 2 on unusable input.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from portal_harness.errors import EXIT_FAILED, EXIT_OK, HarnessError
from portal_harness.paths import reports_dir
from portal_harness.progress import say
from portal_harness.runner import EXIT_BY_SIGNAL, RunRequest, run
from portal_harness.runs import RunArchive, new_run_id
from portal_harness.scan_archive import SCAN_KINDS
from portal_harness.summary import worst_per_id

# A check failed, or the product broke; a harness or test problem is not a catch.
CAUGHT = frozenset({"failed (assertion)", "failed (product)"})
OLD_RELEASE, NEW_RELEASE = "2026.1", "2026.2"


@dataclass
class FaultVerdict:
    fault: str
    area: str
    description: str
    caught_by: list[str]
    on_upgrade: bool
    kind: str = "behaviour"
    scans: list[str] = field(default_factory=list)  # the page scans its runs need (Fault.scans)
    run: str = ""
    outcomes: dict[str, str] = field(default_factory=dict)  # id -> failed (assertion) / passed / ...

    @property
    def caught(self) -> bool:
        return bool(self.outcomes) and all(outcome in CAUGHT for outcome in self.outcomes.values())

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "caught": self.caught}


def prove_faults(names: Iterable[str] = (), release: str | None = None, output: Path | None = None) -> int:
    from reference_portal.faults import list_faults, resolve_faults

    try:
        faults = resolve_faults(names) if names else list_faults()
    except ValueError as error:
        raise HarnessError(f"{error}") from None
    proof_dir = output or reports_dir() / "fault-proof" / new_run_id()
    runs_root = proof_dir / "runs"
    started = time.monotonic()
    verdicts = [
        FaultVerdict(f.name, f.area, f.description, list(f.caught_by), f.on_upgrade, f.kind, list(f.scans))
        for f in faults
    ]
    plain = [v for v in verdicts if not v.on_upgrade]
    upgrade = [v for v in verdicts if v.on_upgrade]
    say(f"fault proof: {len(plain)} faults on a fresh portal, {len(upgrade)} across an upgrade -> {proof_dir}")
    for number, verdict in enumerate(plain, start=1):
        say(f"[{number}/{len(verdicts)}] {verdict.fault}: {_expecting(verdict)}")
        _prove(verdict, fault_request(verdict, release), runs_root)
    if upgrade:
        problem = _prove_across_upgrade(upgrade, runs_root, first_number=len(plain) + 1, total=len(verdicts))
        if problem:
            say(f"fault proof: {problem}")
            _write(proof_dir, verdicts, time.monotonic() - started, problem)
            return EXIT_FAILED
    _write(proof_dir, verdicts, time.monotonic() - started, None)
    missed = [v for v in verdicts if not v.caught]
    elapsed = time.monotonic() - started
    say(f"fault proof: {len(verdicts) - len(missed)} of {len(verdicts)} faults caught in {elapsed:.0f} s")
    for verdict in missed:
        say(f"  NOT CAUGHT  {verdict.fault}: {verdict.outcomes}")
    say(f"the table: {proof_dir / 'fault-proof.md'}")
    return EXIT_FAILED if missed else EXIT_OK


def fault_request(verdict: FaultVerdict, release: str | None, baseline: str | None = None) -> RunRequest:
    """The run that must turn the fault's scenarios red: the fault on, with the page scans it needs."""
    return RunRequest(release=release, faults=(verdict.fault,), baseline=baseline, scans=tuple(verdict.scans))


def _expecting(verdict: FaultVerdict) -> str:
    scans = f" (with --scan {','.join(verdict.scans)})" if verdict.scans else ""
    return f"expecting {', '.join(verdict.caught_by)} to fail{scans}"


def _prove(verdict: FaultVerdict, request: RunRequest, runs_root: Path) -> None:
    summary = _run_quietly(request, verdict.caught_by, f"proof-{verdict.fault}", runs_root)
    verdict.run = summary[0]
    results = summary[1]
    for scenario_id in verdict.caught_by:
        result = results.get(scenario_id)
        if result is None:
            verdict.outcomes[scenario_id] = "not run"
        elif result.status == "failed":
            verdict.outcomes[scenario_id] = f"failed ({result.error_kind})"
        else:
            verdict.outcomes[scenario_id] = result.status
    state = "caught" if verdict.caught else "NOT caught"
    say(f"    {state}: " + ", ".join(f"{i} {o}" for i, o in verdict.outcomes.items()))


def _run_quietly(request: RunRequest, ids: list[str], label: str, runs_root: Path) -> tuple[str, dict[str, Any]]:
    request.ids = list(ids)
    request.pytest_args = ["--tb=no"]  # the failures' messages are in the summary; keep the log short
    request.label = label
    request.build_report = False
    request.retry_failed = False  # a fault must turn its scenarios red the first time
    request.runs_root = runs_root
    request.run_id = f"{new_run_id()}-{label}"[:120]
    if run(request) in EXIT_BY_SIGNAL.values():
        raise KeyboardInterrupt
    archive = RunArchive(runs_root / request.run_id)
    summary = archive.read_summary()
    return archive.run_id, worst_per_id(summary.results) if summary else {}


def _prove_across_upgrade(
    verdicts: list[FaultVerdict], runs_root: Path, *, first_number: int, total: int
) -> str | None:
    """Baseline on the old release, a clean upgrade that must pass, then one upgrade per fault."""
    ids = sorted({scenario_id for verdict in verdicts for scenario_id in verdict.caught_by})
    say(f"[upgrade] baseline on {OLD_RELEASE}: {', '.join(ids)} record their data")
    baseline_id, baseline = _run_quietly(RunRequest(release=OLD_RELEASE), ids, "proof-baseline", runs_root)
    if problem := _not_all_passed(baseline, ids):
        return f"the baseline run on {OLD_RELEASE} did not pass ({problem}): there is nothing to upgrade"
    baseline_path = str(runs_root / baseline_id)
    say(f"[upgrade] a clean upgrade to {NEW_RELEASE} must keep everything")
    # with every scan the faults' runs use: a clean upgrade already over a budget would prove nothing
    scans = tuple(kind for kind in SCAN_KINDS if any(kind in verdict.scans for verdict in verdicts))
    clean_request = RunRequest(release=NEW_RELEASE, baseline=baseline_path, scans=scans)
    _, clean = _run_quietly(clean_request, ids, "proof-clean-upgrade", runs_root)
    if problem := _not_all_passed(clean, ids):
        return f"the clean upgrade did not pass ({problem}): a fault proof on it would mean nothing"
    for number, verdict in enumerate(verdicts, start=first_number):
        say(f"[{number}/{total}] {verdict.fault} (during the upgrade): {_expecting(verdict)}")
        _prove(verdict, fault_request(verdict, NEW_RELEASE, baseline_path), runs_root)
    return None


def _not_all_passed(results: dict[str, Any], ids: list[str]) -> str | None:
    problems = {i: results[i].status if i in results else "not run" for i in ids}
    problems = {i: status for i, status in problems.items() if status != "passed"}
    return ", ".join(f"{i} {status}" for i, status in problems.items()) or None


def _write(proof_dir: Path, verdicts: list[FaultVerdict], seconds: float, problem: str | None) -> None:
    proof_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "caught": sum(v.caught for v in verdicts),
        "faults": len(verdicts),
        "seconds": round(seconds, 1),
        "problem": problem,
        "verdicts": [v.to_json() for v in verdicts],
    }
    (proof_dir / "fault-proof.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (proof_dir / "fault-proof.md").write_text(fault_table(verdicts), encoding="utf-8")


def fault_table(verdicts: list[FaultVerdict]) -> str:
    """The fault-to-scenarios table, for readers (docs/fault-proof.md is one of these)."""
    lines = [
        "| Fault | Area | Kind | What breaks | Caught by | Result |",
        "|---|---|---|---|---|---|",
    ]
    for v in verdicts:
        when = " (during the upgrade)" if v.on_upgrade else ""
        caught_by = ", ".join(v.caught_by) + (f" with `--scan {','.join(v.scans)}`" if v.scans else "")
        result = "caught" if v.caught else "**not caught**: " + ", ".join(f"{i} {o}" for i, o in v.outcomes.items())
        lines.append(f"| `{v.fault}` | {v.area} | {v.kind} | {v.description}{when} | {caught_by} | {result} |")
    return "\n".join(lines) + "\n"
