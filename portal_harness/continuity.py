"""Upgrade continuity: what the *before* half of a UPG scenario made, kept in the run archive.

Without a baseline, a UPG scenario creates its data, reads it back and records it here under its
scenario id (`continuity.json`). Given `--baseline RUN`, the same scenario reads what that run
recorded and checks that the upgraded portal still has all of it, intact.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path
from typing import Any

CONTINUITY_FILE = "continuity.json"


class ContinuityError(LookupError):
    """The baseline recorded nothing for this scenario: it cannot be checked across the upgrade."""


def record(run_dir: Path, scenario_id: str, data: dict[str, Any]) -> None:
    """Add (or replace) the scenario's record; safe when several workers write at once."""
    path = run_dir / CONTINUITY_FILE
    path.touch(exist_ok=True)
    with path.open("r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        text = handle.read()
        records = json.loads(text) if text.strip() else {}
        records[scenario_id] = data
        handle.seek(0)
        handle.truncate()
        json.dump(records, handle, indent=2, ensure_ascii=False, sort_keys=True)


def recorded(baseline_dir: Path, scenario_id: str) -> dict[str, Any]:
    """What the baseline run recorded for the scenario."""
    path = baseline_dir / CONTINUITY_FILE
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContinuityError(
            f"The baseline {baseline_dir.name} has no {CONTINUITY_FILE}: "
            "run the UPG scenarios on the old release first."
        ) from None
    if scenario_id not in records:
        raise ContinuityError(
            f"The baseline {baseline_dir.name} recorded nothing for {scenario_id}: it did not run that scenario."
        )
    return dict(records[scenario_id])
