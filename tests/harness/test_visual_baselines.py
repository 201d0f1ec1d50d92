"""Approved visual baselines: `baseline approve RUN` copies and replaces a release's set; compare prefers it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_refusals import harness, refused
from PIL import Image

from portal_harness.errors import HarnessError
from portal_harness.runs import RunArchive
from portal_harness.scan_archive import page_slug, read_run_scans
from portal_harness.visual_baselines import (
    APPROVED,
    BASELINE_RUN,
    approve_run,
    approved_folder,
    approved_screenshots,
    visual_reference,
)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root of its own (data/visual-baselines) and a runs folder under tmp_path."""
    monkeypatch.setenv("PORTAL_HARNESS_ROOT", str(tmp_path / "project"))
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(tmp_path / "runs"))
    return tmp_path / "project"


def fake_run(
    tmp_path: Path, run_id: str, pages: dict[str, int], release: str | None = "2026.1", scan: tuple[str, ...] = ()
) -> RunArchive:
    """An archive as scan_archive.py lays it out: manifest, scans/pages/*.json and scans/visual/*.png.

    `pages` is page -> a grey level, so two runs' screenshots of a page can differ or not.
    """
    archive = RunArchive.create(run_id, tmp_path / "runs")
    visual = bool(pages) and not scan
    manifest = {
        "run_id": run_id,
        "label": f"label-{run_id[-4:]}",
        "target": "demo",
        "profile": "demo",
        "scan": ["a11y", "visual"] if visual else list(scan),
        "portal": {"product": "reference-portal", "release": release},
    }
    archive.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (archive.path / "scans" / "pages").mkdir(parents=True)
    (archive.path / "scans" / "visual").mkdir()
    for page, grey in pages.items():
        slug = page_slug(page)
        record = {"page": page, "url": f"http://127.0.0.1:8000{page}", "scenario": "MSG-01", "title": "", "a11y": []}
        record["screenshot"] = f"visual/{slug}.png" if visual else None
        (archive.path / "scans" / "pages" / f"{slug}.json").write_text(json.dumps(record), encoding="utf-8")
        if visual:
            Image.new("RGB", (64, 48), (grey, grey, grey)).save(archive.path / "scans" / "visual" / f"{slug}.png")
    return archive


def test_approve_copies_the_runs_screenshots_and_says_who_and_which_run(tmp_path: Path, root: Path) -> None:
    fake_run(tmp_path, "20261201-090000-aaaa", {"/messages": 200, "/results/{id}": 180})
    result = approve_run("20261201-090000-aaaa")
    folder = root / "data" / "visual-baselines" / "demo" / "2026.1"
    assert (result.target, result.release, result.folder, result.pages, result.replaced) == (
        "demo",
        "2026.1",
        folder,
        2,
        0,
    )
    listing = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
    assert listing["pages"] == {
        "/messages": f"{page_slug('/messages')}.png",
        "/results/{id}": f"{page_slug('/results/{id}')}.png",
    }
    assert listing["run"] == "20261201-090000-aaaa" and listing["label"] == "label-aaaa"
    assert listing["approved_by"] and listing["approved_at"].endswith("Z")
    approved = approved_screenshots("demo", "2026.1")
    assert sorted(approved) == ["/messages", "/results/{id}"]
    assert Image.open(approved["/messages"]).getpixel((0, 0)) == (200, 200, 200)


def test_approve_replaces_the_releases_previous_set_entirely(tmp_path: Path, root: Path) -> None:
    fake_run(tmp_path, "20261201-090000-aaaa", {"/messages": 200, "/results/{id}": 180})
    fake_run(tmp_path, "20261202-090000-bbbb", {"/messages": 120, "/proxy": 90})
    approve_run("20261201-090000-aaaa")
    result = approve_run("label-bbbb")  # a label works as RUN too
    assert (result.pages, result.replaced) == (2, 2)
    approved = approved_screenshots("demo", "2026.1")
    assert sorted(approved) == ["/messages", "/proxy"]  # /results/{id} went with the old set
    assert Image.open(approved["/messages"]).getpixel((0, 0)) == (120, 120, 120)
    folder = approved_folder("demo", "2026.1")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["pages.json", *(p.name for p in approved.values())])
    assert [p.name for p in folder.parent.iterdir()] == ["2026.1"]  # no temporary folder left beside it


def test_approve_keeps_each_release_apart(tmp_path: Path, root: Path) -> None:
    fake_run(tmp_path, "20261201-090000-aaaa", {"/messages": 200})
    fake_run(tmp_path, "20261202-090000-bbbb", {"/messages": 120}, release="2026.2")
    approve_run("20261201-090000-aaaa")
    approve_run("20261202-090000-bbbb")
    assert Image.open(approved_screenshots("demo", "2026.1")["/messages"]).getpixel((0, 0)) == (200, 200, 200)
    assert Image.open(approved_screenshots("demo", "2026.2")["/messages"]).getpixel((0, 0)) == (120, 120, 120)
    assert approved_screenshots("demo", "2025.4") == {} and approved_screenshots("other", "2026.1") == {}


def test_approve_through_the_cli_says_how_many_for_what_and_where(tmp_path: Path, root: Path) -> None:
    fake_run(tmp_path, "20261201-090000-aaaa", {"/messages": 200, "/results/{id}": 180})
    done = harness(
        tmp_path, "baseline", "approve", "20261201-090000-aaaa", extra_env={"PORTAL_HARNESS_ROOT": str(root)}
    )
    assert done.returncode == 0, done.stderr
    assert "approved 2 page(s) of run 20261201-090000-aaaa for demo 2026.1" in done.stderr
    assert "data/visual-baselines/demo/2026.1" in done.stderr
    assert sorted(approved_screenshots("demo", "2026.1")) == ["/messages", "/results/{id}"]


def test_a_run_without_visual_scans_is_refused_in_one_sentence(tmp_path: Path, root: Path) -> None:
    fake_run(tmp_path, "20261201-090000-aaaa", {"/messages": 200}, scan=("a11y",))
    done = harness(
        tmp_path, "baseline", "approve", "20261201-090000-aaaa", extra_env={"PORTAL_HARNESS_ROOT": str(root)}
    )
    refused(done, "Run 20261201-090000-aaaa has no visual scans", "--scan visual")
    assert not (root / "data" / "visual-baselines").exists()


def test_a_run_without_a_release_is_refused(tmp_path: Path, root: Path) -> None:
    fake_run(tmp_path, "20261201-090000-aaaa", {"/messages": 200}, release=None)
    with pytest.raises(HarnessError, match=r"Run 20261201-090000-aaaa does not say which target and release"):
        approve_run("20261201-090000-aaaa")


def test_baseline_without_an_action_is_a_usage_error(tmp_path: Path) -> None:
    done = harness(tmp_path, "baseline")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "approve" in done.stderr


def test_visual_reference_prefers_the_approved_set_and_fills_in_from_the_baseline_run(
    tmp_path: Path, root: Path
) -> None:
    approving = fake_run(tmp_path, "20261201-090000-aaaa", {"/messages": 200, "/admin": 10})
    baseline = fake_run(tmp_path, "20261202-090000-bbbb", {"/messages": 120, "/proxy": 90})
    scans = read_run_scans(baseline.path, ["visual"])
    before = visual_reference("demo", "2026.1", scans)
    assert {page: source for page, (_, source) in before.items()} == {"/messages": BASELINE_RUN, "/proxy": BASELINE_RUN}
    assert before["/messages"][0] == baseline.path / "scans" / "visual" / f"{page_slug('/messages')}.png"

    approve_run(approving.run_id)
    after = visual_reference("demo", "2026.1", scans)
    assert {page: source for page, (_, source) in after.items()} == {
        "/admin": APPROVED,  # every page the approved set has
        "/messages": APPROVED,
        "/proxy": BASELINE_RUN,  # and the baseline run's screenshot where it has none
    }
    assert after["/messages"][0] == approved_folder("demo", "2026.1") / f"{page_slug('/messages')}.png"
    # another release, or none known: the baseline run's own screenshots
    assert {source for _, source in visual_reference("demo", "2026.2", scans).values()} == {BASELINE_RUN}
    assert {source for _, source in visual_reference("demo", None, scans).values()} == {BASELINE_RUN}


def test_a_broken_pages_json_is_one_sentence(root: Path) -> None:
    folder = approved_folder("demo", "2026.1")
    folder.mkdir(parents=True)
    (folder / "pages.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(HarnessError, match=r"pages\.json is not a list of approved pages"):
        approved_screenshots("demo", "2026.1")
