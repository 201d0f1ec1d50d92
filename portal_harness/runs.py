"""The run archive: `reports/runs/<run-id>/` with allure-results, junit.xml, manifest and summary."""

from __future__ import annotations

import json
import os
import secrets
import string
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.paths import runs_dir
from portal_harness.summary import Summary

_SHORT_ID_ALPHABET = string.ascii_lowercase + string.digits
CREATED_LEDGER = "created.jsonl"  # what the run created through the admin API, for `cleanup`


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_run_id(now: datetime | None = None) -> str:
    """`20261126-223012-k3f9`: sorts by time, and the suffix keeps two runs in a second apart."""
    moment = now or datetime.now(UTC)
    suffix = "".join(secrets.choice(_SHORT_ID_ALPHABET) for _ in range(4))
    return f"{moment:%Y%m%d-%H%M%S}-{suffix}"


def short_run_tag(run_id: str) -> str:
    """The few characters that make a run's synthetic identifiers unique (emails, MRNs)."""
    return run_id.rsplit("-", 1)[-1]


@dataclass(frozen=True)
class RunArchive:
    path: Path

    @property
    def run_id(self) -> str:
        return self.path.name

    @property
    def allure_results(self) -> Path:
        return self.path / "allure-results"

    @property
    def junit_xml(self) -> Path:
        return self.path / "junit.xml"

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    @property
    def summary_path(self) -> Path:
        return self.path / "summary.json"

    def attempt_summary_path(self, attempt: int) -> Path:
        """Where the retry pass (attempt 2) writes its results before they are merged."""
        return self.path / f"summary-attempt-{attempt}.json"

    @classmethod
    def create(cls, run_id: str | None = None, root: Path | None = None) -> RunArchive:
        archive = cls((root or runs_dir()) / (run_id or new_run_id()))
        archive.allure_results.mkdir(parents=True, exist_ok=False)
        return archive

    def read_manifest(self) -> dict[str, Any]:
        if not self.manifest_path.exists():
            return {}
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise HarnessError(
                f"{self.manifest_path} is not readable JSON ({error.__class__.__name__}): "
                "this folder is not a usable run archive; give another run."
            ) from None
        if not isinstance(data, dict):
            raise HarnessError(f"{self.manifest_path} is not a run manifest (not a JSON object): give another run.")
        return data

    def update_manifest(self, **fields: Any) -> dict[str, Any]:
        """Merge fields into manifest.json (written atomically; xdist workers may write at once)."""
        manifest = self.read_manifest()
        manifest.update(fields)
        tmp = self.manifest_path.with_suffix(f".json.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.manifest_path)
        return manifest

    def read_summary(self) -> Summary | None:
        return Summary.read(self.summary_path) if self.summary_path.exists() else None


def list_runs(root: Path | None = None) -> list[RunArchive]:
    """Every archive, oldest first (run ids sort by time)."""
    base = root or runs_dir()
    if not base.is_dir():
        return []
    return [RunArchive(p) for p in sorted(base.iterdir()) if (p / "manifest.json").exists()]


def resolve_run(ref: str, root: Path | None = None) -> RunArchive:
    """A run given by id, by unique id prefix, by path, or by label (the newest run with it)."""
    as_path = Path(ref)
    if (as_path / "manifest.json").exists():
        return RunArchive(as_path.resolve())
    if as_path.is_dir() and (os.sep in ref or ref in (".", "..")):
        raise HarnessError(
            f"{ref} is a folder but not a portal-harness run archive (it has no manifest.json): give a run id, "
            "a label or a folder under reports/runs; results of other tools cannot be read."
        )
    runs = list_runs(root)
    matches = [run for run in runs if run.run_id.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    where = root or runs_dir()
    if not matches:
        labelled = [run for run in runs if run.read_manifest().get("label") == ref]
        if labelled:
            return labelled[-1]
        raise HarnessError(
            f"No run '{ref}' in {where}: give a run id from `ls {where}`, a run folder's path or a run's label."
        )
    raise HarnessError(f"Run '{ref}' is ambiguous in {where}: give more of the run id.")


def latest_run(root: Path | None = None) -> RunArchive:
    runs = list_runs(root)
    if not runs:
        where = root or runs_dir()
        raise HarnessError(f"There is no run in {where} yet: start one with `portal-harness run`.")
    return runs[-1]
