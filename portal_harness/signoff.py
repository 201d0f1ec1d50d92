"""`portal-harness signoff RUN`: the upgrade sign-off pack a portal manager files and signs.

One zip under `reports/signoff/` with the Allure report, the comparison (with the visual changes'
diff images), both runs' manifests and summaries, the environment, a one-page summary (HTML, and
PDF when a browser is at hand) with lines to sign, and `SHA256SUMS` listing every other file of
the pack with its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.paths import reports_dir
from portal_harness.progress import say
from portal_harness.report import build_report
from portal_harness.runs import RunArchive, resolve_run
from portal_harness.scan_archive import SCANS_DIR
from portal_harness.scan_comparison import VISUAL_DIFF_DIR
from portal_harness.signoff_page import render_signoff_page

CHECKSUMS = "SHA256SUMS"


def signoff(run_ref: str, output_dir: Path | None = None) -> Path:
    """Write the pack for this run (the candidate of an upgrade) and return the zip's path."""
    candidate = resolve_run(run_ref)
    if candidate.read_summary() is None:
        raise HarnessError(f"{candidate.summary_path} is missing: sign off a run that finished.")
    comparison = _read_json(candidate.path / "comparison.json")
    baseline = _baseline_of(candidate, comparison)
    out_dir = output_dir or reports_dir() / "signoff"
    out_dir.mkdir(parents=True, exist_ok=True)
    zip_path = out_dir / f"signoff-{candidate.run_id}.zip"
    with tempfile.TemporaryDirectory(prefix="signoff-") as scratch:
        pack = Path(scratch) / f"signoff-{candidate.run_id}"
        pack.mkdir()
        _gather(pack, candidate, baseline)
        say("building the Allure report for the pack")
        build_report([candidate], output=pack / "allure-report")
        page = render_signoff_page(candidate, baseline, comparison)
        (pack / "signoff.html").write_text(page, encoding="utf-8")
        _print_to_pdf(pack / "signoff.html", pack / "signoff.pdf")
        _write_checksums(pack)
        _zip(pack, zip_path)
    say(f"sign-off pack: {zip_path}")
    return zip_path


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        raise HarnessError(f"{path} is not valid JSON: run `portal-harness compare` again to rewrite it.") from None
    return data


def _baseline_of(candidate: RunArchive, comparison: dict[str, Any] | None) -> RunArchive | None:
    ref = (comparison or {}).get("baseline", {}).get("run") or candidate.read_manifest().get("baseline")
    if not ref:
        return None
    try:
        return resolve_run(str(ref))
    except HarnessError:
        say(f"the baseline run {ref} is no longer in the archive: the pack holds the candidate only")
        return None


def _gather(pack: Path, candidate: RunArchive, baseline: RunArchive | None) -> None:
    copies = {
        candidate.manifest_path: "candidate-manifest.json",
        candidate.summary_path: "candidate-summary.json",
        candidate.path / "comparison.json": "comparison.json",
        candidate.path / "comparison.md": "comparison.md",
        candidate.allure_results / "environment.properties": "environment.properties",
    }
    if baseline is not None:
        copies[baseline.manifest_path] = "baseline-manifest.json"
        copies[baseline.summary_path] = "baseline-summary.json"
    for source, name in copies.items():
        if source.exists():
            shutil.copyfile(source, pack / name)
    diffs = candidate.path / SCANS_DIR / VISUAL_DIFF_DIR
    if diffs.is_dir():  # comparison.md shows them by this relative path
        shutil.copytree(diffs, pack / SCANS_DIR / VISUAL_DIFF_DIR)


def _print_to_pdf(html: Path, pdf: Path) -> None:
    """The page as a PDF to print and sign; without a browser the HTML prints just as well."""
    from playwright.sync_api import sync_playwright

    from portal_harness.browser import BrowserOptions, start_browser

    try:
        with sync_playwright() as playwright:
            browser = start_browser(playwright, BrowserOptions())
            page = browser.new_page()
            page.goto(html.as_uri())
            page.pdf(path=str(pdf), format="Letter", print_background=True)
            browser.close()
    except Exception as error:  # the pack is complete without the PDF; say why it is missing
        say(f"no signoff.pdf ({error.__class__.__name__}): print signoff.html instead")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_checksums(pack: Path) -> None:
    """`sha256sum -c SHA256SUMS` checks the pack after it has been unzipped."""
    lines = [
        f"{sha256_of(path)}  {path.relative_to(pack).as_posix()}"
        for path in sorted(pack.rglob("*"))
        if path.is_file() and path.name != CHECKSUMS
    ]
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    (pack / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    say(f"{len(lines)} files listed in {CHECKSUMS} at {stamp}")


def _zip(pack: Path, zip_path: Path) -> None:
    tmp = zip_path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(pack.rglob("*")):
            if path.is_file():
                archive.write(path, f"{pack.name}/{path.relative_to(pack).as_posix()}")
    tmp.replace(zip_path)
