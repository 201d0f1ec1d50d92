"""Approved screenshots: what a target's pages should look like at a release, kept in the repository.

    data/visual-baselines/<target>/<release>/<slug>.png   a page's approved screenshot (the run's scans/visual/ name)
    data/visual-baselines/<target>/<release>/pages.json   {"pages": {page: file name, ...},
                                                           "run", "label", "approved_by", "approved_at"}

`portal-harness baseline approve RUN` replaces a release's set with the run's screenshots.
`compare` diffs a candidate against the approved set of the baseline run's target and release,
and against the baseline run's own screenshots for pages the set lacks (`visual_reference`).
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.paths import project_root
from portal_harness.runs import RunArchive, resolve_run, utc_now_iso
from portal_harness.scan_archive import RunScans, read_run_scans

BASELINES_DIR = Path("data") / "visual-baselines"
PAGES_FILE = "pages.json"
APPROVED, BASELINE_RUN = "approved", "baseline-run"  # where a page's reference screenshot comes from


def baselines_root() -> Path:
    return project_root() / BASELINES_DIR


def approved_folder(target: str, release: str) -> Path:
    return baselines_root() / _folder_name(target) / _folder_name(release)


def _folder_name(text: str) -> str:
    """A profile name or release as one safe folder name (a bare-URL target holds slashes and colons)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "unnamed"


def run_target_and_release(manifest: dict[str, Any]) -> tuple[str, str | None]:
    """A run's target (its profile's name, else the --target it was given) and the release it ran against."""
    target = str(manifest.get("profile") or manifest.get("target") or "")
    portal = manifest.get("portal")
    release = portal.get("release") if isinstance(portal, dict) else None
    return target, (str(release) if release else None)


def approved_screenshots(target: str, release: str) -> dict[str, Path]:
    """Page -> approved screenshot for the target at the release; empty when none was approved."""
    folder = approved_folder(target, release)
    listing = folder / PAGES_FILE
    if not listing.exists():
        return {}
    try:
        pages = json.loads(listing.read_text(encoding="utf-8"))["pages"]
        found = {str(page): folder / str(name) for page, name in pages.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise HarnessError(
            f"{listing} is not a list of approved pages ({type(error).__name__}): "
            f"restore it from git or approve a run again with `portal-harness baseline approve RUN`."
        ) from None
    return {page: path for page, path in found.items() if path.is_file()}


def visual_reference(target: str, release: str | None, baseline_scans: RunScans) -> dict[str, tuple[Path, str]]:
    """Page -> (screenshot to diff a candidate against, APPROVED or BASELINE_RUN).

    `release` is the BASELINE run's release. Where an approved set exists for it, every page it
    holds comes from it and the baseline run fills in the pages it lacks; else all come from the run.
    """
    approved = approved_screenshots(target, release) if release else {}
    reference = {page: (path, APPROVED) for page, path in approved.items()}
    for page in baseline_scans.pages:
        screenshot = baseline_scans.screenshot_path(page)
        if page not in reference and screenshot is not None:
            reference[page] = (screenshot, BASELINE_RUN)
    return dict(sorted(reference.items()))


@dataclass(frozen=True)
class ApprovalResult:
    run_id: str
    target: str
    release: str
    folder: Path
    pages: int
    replaced: int  # pages of the set it replaced (0 when none was approved before)


def approve_run(run_ref: str) -> ApprovalResult:
    """Make the run's screenshots the approved set for its target and release, replacing the old set."""
    archive = resolve_run(run_ref)
    manifest = archive.read_manifest()
    target, release = run_target_and_release(manifest)
    scans = read_run_scans(archive.path, manifest.get("scan", []))
    screenshots = {page: path for page in scans.pages if (path := scans.screenshot_path(page)) is not None}
    if not screenshots:
        raise HarnessError(f"Run {archive.run_id} has no visual scans: run it with --scan visual, then approve it.")
    if not target or not release:
        raise HarnessError(
            f"Run {archive.run_id} does not say which target and release it ran against (manifest.json has no "
            "profile or portal.release): approve a run that reached its portal."
        )
    folder = approved_folder(target, release)
    replaced = len(approved_screenshots(target, release))
    _replace_folder(folder, screenshots, _listing(archive, manifest, screenshots))
    return ApprovalResult(archive.run_id, target, release, folder, len(screenshots), replaced)


def _listing(archive: RunArchive, manifest: dict[str, Any], screenshots: dict[str, Path]) -> dict[str, Any]:
    return {
        "pages": {page: path.name for page, path in sorted(screenshots.items())},
        "run": archive.run_id,
        "label": manifest.get("label") or "",
        "approved_by": _who(),
        "approved_at": utc_now_iso(),
    }


def _replace_folder(folder: Path, screenshots: dict[str, Path], listing: dict[str, Any]) -> None:
    """Write the new set beside the old one, then swap: a reader sees the old set or the new, never a mix."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.with_name(f".{folder.name}.new-{os.getpid()}")
    stale = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    try:
        for source in screenshots.values():
            shutil.copyfile(source, fresh / source.name)
        (fresh / PAGES_FILE).write_text(json.dumps(listing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if folder.exists():
            folder.rename(stale)
        fresh.rename(folder)
    except BaseException:
        if stale.exists() and not folder.exists():
            stale.rename(folder)  # put the old set back
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(stale, ignore_errors=True)


def _who() -> str:
    """The git user's name in this checkout, else the login name: who approved the set."""
    try:
        name = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, cwd=project_root(), check=False
        ).stdout.strip()
    except OSError:
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
