"""Page scans: page keys, the archive's scans/ folder, and what compare makes of two runs' scans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from portal_harness.allure_annotations import annotate_run
from portal_harness.compare import compare_runs, exit_code
from portal_harness.errors import HarnessError
from portal_harness.runs import RunArchive
from portal_harness.scan_archive import page_key, page_slug, parse_scans, read_run_scans
from portal_harness.scan_comparison import SpeedThreshold
from portal_harness.summary import ScenarioResult, Summary

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("url", "page"),
    [
        ("http://h:1/results", "/results"),
        ("http://h:1/messages/cnv_XLnbYU7iQeSrOQnP", "/messages/{id}"),
        ("http://h:1/staff/pools/pol_Yu5daIc3ci_ta59-", "/staff/pools/{id}"),
        ("http://h:1/results/17?tab=notes&page=2", "/results/{id}?page&tab"),
        ("http://h:1/account/two-factor", "/account/two-factor"),
        ("http://h:1/staff/reports/weekly", "/staff/reports/weekly"),
        ("http://h:1/password/reset/Zx9-kLmN0pQrStUv", "/password/reset/{id}"),
        ("http://h:1/clinics/EC-WQYR-BASELINE/contact", "/clinics/{id}/contact"),
        ("http://h:1/staff/pools/no-such-pool", "/staff/pools/no-such-pool"),
        ("http://h:1/", "/"),
    ],
)
def test_a_page_is_its_route_whatever_the_data(url: str, page: str) -> None:
    assert page_key(url) == page


def test_page_slugs_are_file_names_and_differ_for_different_pages() -> None:
    slugs = {page_slug(page) for page in ("/results", "/results/{id}", "/results?tab", "/")}
    assert len(slugs) == 4
    assert all("/" not in slug and "?" not in slug for slug in slugs)


def test_scan_kinds_are_parsed_and_an_unknown_one_is_named() -> None:
    assert parse_scans("speed,a11y") == ("a11y", "speed")
    assert parse_scans("all") == ("a11y", "visual", "speed")
    assert parse_scans("") == ()
    with pytest.raises(HarnessError, match="'colour' is not a scan"):
        parse_scans("a11y,colour")


def violation(rule: str, impact: str, *targets: str) -> dict[str, Any]:
    return {
        "rule": rule,
        "impact": impact,
        "help": f"help for {rule}",
        "help_url": f"https://dequeuniversity.com/rules/axe/4.12/{rule}",
        "elements": [{"target": target, "html": f"<input id='{target}'>"} for target in targets],
    }


def scanned_run(
    root: Path,
    run_id: str,
    release: str,
    status: dict[str, str],
    pages: dict[str, tuple[str, list[dict[str, Any]]]],
    *,
    loads: dict[str, list[float]] | None = None,
    budgets: dict[str, int] | None = None,
    kinds: tuple[str, ...] = ("a11y", "speed"),
) -> RunArchive:
    """A run archive with summary, manifest and a scans/ folder as PageScanner writes it."""
    run = RunArchive.create(run_id, root=root)
    run.update_manifest(run_id=run_id, label=run_id, profile="demo", scan=list(kinds), portal={"release": release})
    results = [
        ScenarioResult(id=i, name=f"Scenario {i}", feature="a.feature", status=s, duration_s=1.0)  # type: ignore[arg-type]
        for i, s in status.items()
    ]
    Summary(run=run_id, label=run_id, results=results).write(run.summary_path)
    folder = run.path / "scans"
    (folder / "pages").mkdir(parents=True)
    for page, (scenario, violations) in pages.items():
        record = {"page": page, "url": page, "scenario": scenario, "title": "", "a11y": violations, "screenshot": None}
        (folder / "pages" / f"{page_slug(page)}.json").write_text(json.dumps(record))
    (folder / "speed").mkdir()
    lines = [
        json.dumps({"page": page, "scenario": pages.get(page, ("RES-01",))[0], "response_ms": ms / 4, "load_ms": ms})
        for page, samples in (loads or {}).items()
        for ms in samples
    ]
    (folder / "speed" / "1.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "budgets.json").write_text(json.dumps(budgets or {}))
    return run


def compare_scanned(tmp_path: Path, before: RunArchive, after: RunArchive, **kwargs: Any) -> dict[str, Any]:
    known = tmp_path / "known.toml"
    known.write_text("")
    return compare_runs(before, after, known, TODAY, **kwargs)


def test_a_new_critical_violation_regresses_the_scenario_that_visited_the_page(tmp_path: Path) -> None:
    status = {"AUTH-01": "passed", "RES-01": "passed"}
    before = scanned_run(tmp_path, "b", "2026.1", status, {"/sign-in": ("AUTH-01", [])})
    after_pages = {"/sign-in": ("AUTH-01", [violation("label", "critical", "#username")])}
    after = scanned_run(tmp_path, "c", "2026.2", status, after_pages)
    comparison = compare_scanned(tmp_path, before, after)
    [found] = comparison["new_accessibility_violations"]
    assert found == {
        "page": "/sign-in",
        "rule": "label",
        "impact": "critical",
        "element": "#username",
        "html": "<input id='#username'>",
        "help": "help for label",
        "help_url": "https://dequeuniversity.com/rules/axe/4.12/label",
        "scenario": "AUTH-01",
        "regression": True,
    }
    [regressed] = comparison["regressed"]
    assert regressed["id"] == "AUTH-01" and regressed["error_kind"] == "accessibility"
    assert "new critical accessibility violation on /sign-in: label" in regressed["message"]
    assert comparison["passed_in_both"] == 1  # RES-01 only
    assert exit_code(comparison) == 1


def test_a_new_minor_violation_is_listed_but_regresses_nothing(tmp_path: Path) -> None:
    status = {"AUTH-01": "passed"}
    before = scanned_run(tmp_path, "b", "2026.1", status, {"/sign-in": ("AUTH-01", [])})
    after = scanned_run(
        tmp_path, "c", "2026.2", status, {"/sign-in": ("AUTH-01", [violation("region", "moderate", "main")])}
    )
    comparison = compare_scanned(tmp_path, before, after)
    assert [v["rule"] for v in comparison["new_accessibility_violations"]] == ["region"]
    assert comparison["regressed"] == [] and comparison["passed_in_both"] == 1


def test_a_violation_already_there_is_not_new_even_with_renamed_selectors(tmp_path: Path) -> None:
    status = {"AUTH-01": "passed"}
    old = [violation("color-contrast", "serious", ".btn-a", ".btn-b")]
    renamed = [violation("color-contrast", "serious", ".button-a", ".button-b")]
    grown = [violation("color-contrast", "serious", ".btn-a", ".btn-b", ".btn-c")]
    before = scanned_run(tmp_path, "b", "2026.1", status, {"/home": ("AUTH-01", old)})
    after = scanned_run(tmp_path, "c", "2026.2", status, {"/home": ("AUTH-01", renamed)})
    assert compare_scanned(tmp_path, before, after)["new_accessibility_violations"] == []
    after_grown = scanned_run(tmp_path, "d", "2026.2", status, {"/home": ("AUTH-01", grown)})
    new = compare_scanned(tmp_path, before, after_grown)["new_accessibility_violations"]
    assert [v["element"] for v in new] == [".btn-c"]


def test_a_page_the_baseline_never_scanned_has_no_new_violations(tmp_path: Path) -> None:
    status = {"AUTH-01": "passed"}
    before = scanned_run(tmp_path, "b", "2026.1", status, {})
    after = scanned_run(tmp_path, "c", "2026.2", status, {"/new": ("AUTH-01", [violation("label", "critical", "#x")])})
    assert compare_scanned(tmp_path, before, after)["new_accessibility_violations"] == []


def test_slower_pages_need_both_the_ratio_and_the_milliseconds(tmp_path: Path) -> None:
    status = {"RES-01": "passed"}
    loads_before = {"/results": [200, 210, 190], "/home": [40, 40, 40], "/messages": [1000, 1000, 1000]}
    # /results: 6.6x and +1,200 ms; /home: 5x but only +160 ms; /messages: +400 ms but only 1.4x
    loads_after = {"/results": [1400, 1390, 1500], "/home": [200, 200, 200], "/messages": [1400, 1400, 1400]}
    before = scanned_run(tmp_path, "b", "2026.1", status, {}, loads=loads_before)
    after = scanned_run(tmp_path, "c", "2026.2", status, {}, loads=loads_after, budgets={"/results": 1000})
    comparison = compare_scanned(tmp_path, before, after)
    [slower] = comparison["slower_pages"]
    assert slower["page"] == "/results" and slower["baseline_ms"] == 200 and slower["candidate_ms"] == 1400
    assert slower["ratio"] == 7.0 and slower["over_budget"] is True and slower["budget_ms"] == 1000
    assert slower["scenario"] == "RES-01" and (slower["baseline_samples"], slower["candidate_samples"]) == (3, 3)
    looser = compare_scanned(tmp_path, before, after, threshold=SpeedThreshold(ratio=1.3, by_ms=100))
    assert [p["page"] for p in looser["slower_pages"]] == ["/home", "/messages", "/results"]


def test_speed_is_the_median_of_every_load_of_the_page(tmp_path: Path) -> None:
    run = scanned_run(tmp_path, "b", "2026.1", {}, {}, loads={"/results": [100, 900, 120]})
    speed = read_run_scans(run.path, ["speed"]).speed["/results"]
    assert (speed.load_ms, speed.response_ms, speed.samples) == (120, 30, 3)


def test_scans_on_one_side_only_compare_nothing_and_say_so(tmp_path: Path) -> None:
    status = {"AUTH-01": "passed"}
    before = scanned_run(tmp_path, "b", "2026.1", status, {"/x": ("AUTH-01", [])}, kinds=())
    after = scanned_run(tmp_path, "c", "2026.2", status, {"/x": ("AUTH-01", [violation("label", "critical", "#x")])})
    comparison = compare_scanned(tmp_path, before, after)
    assert comparison["new_accessibility_violations"] == [] and comparison["regressed"] == []
    assert comparison["scans"] == {"baseline": [], "candidate": ["a11y", "speed"]}
    assert any("a11y scans ran only in the candidate" in note for note in comparison["notes"])


def test_a_comparison_without_scans_still_has_the_three_lists(tmp_path: Path) -> None:
    status = {"AUTH-01": "passed"}
    before = scanned_run(tmp_path, "b", "2026.1", status, {}, kinds=())
    after = scanned_run(tmp_path, "c", "2026.2", status, {}, kinds=())
    comparison = compare_scanned(tmp_path, before, after)
    assert [comparison[key] for key in ("new_accessibility_violations", "visual_changes", "slower_pages")] == [
        [],
        [],
        [],
    ]
    assert "## Page scans" not in (after.path / "comparison.md").read_text()


def test_the_page_and_the_allure_result_show_the_findings(tmp_path: Path) -> None:
    status = {"AUTH-01": "passed"}
    before = scanned_run(tmp_path, "b", "2026.1", status, {"/sign-in": ("AUTH-01", [])}, loads={"/sign-in": [100]})
    after = scanned_run(
        tmp_path,
        "c",
        "2026.2",
        status,
        {"/sign-in": ("AUTH-01", [violation("label", "critical", "#username")])},
        loads={"/sign-in": [1500]},
    )
    result_file = after.allure_results / "r1-result.json"
    after.allure_results.mkdir(parents=True, exist_ok=True)
    result_file.write_text(
        json.dumps({"name": "AUTH-01", "status": "passed", "labels": [{"name": "scenario_id", "value": "AUTH-01"}]})
    )
    comparison = compare_scanned(tmp_path, before, after)
    page = (after.path / "comparison.md").read_text()
    assert "### New accessibility violations (1)" in page and "**critical**" in page
    assert "### Slower pages (1)" in page and "| `/sign-in` | 100 | 1500 | 15.00× | 1 → 1 |" in page
    annotate_run(after, comparison)
    annotate_run(after, comparison)  # again: nothing repeated
    document = json.loads(result_file.read_text())
    assert document["status"] == "failed"
    assert "accessibility barrier" in document["statusDetails"]["message"]
    names = [attachment["name"] for attachment in document["attachments"]]
    assert names == ["Page scan: new accessibility violations", "Page scan: slower pages"]
    for attachment in document["attachments"]:
        assert (after.allure_results / attachment["source"]).exists()


def screenshot(run: RunArchive, page: str, box: tuple[int, int, int, int] | None = None) -> None:
    """A 200x100 white page, with a black box where the page changed; recorded on the page's scan."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 100), "white")
    if box:
        ImageDraw.Draw(image).rectangle(box, fill="black")
    relative = f"visual/{page_slug(page)}.png"
    (run.path / "scans" / "visual").mkdir(parents=True, exist_ok=True)
    image.save(run.path / "scans" / relative)
    record_path = run.path / "scans" / "pages" / f"{page_slug(page)}.json"
    record = json.loads(record_path.read_text())
    record["screenshot"] = relative
    record_path.write_text(json.dumps(record))


def test_visual_changes_list_the_changed_pages_with_ratio_and_diff_image(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_HARNESS_ROOT", str(tmp_path))
    status = {"AUTH-01": "passed", "RES-01": "passed"}
    pages = {"/sign-in": ("AUTH-01", []), "/results": ("RES-01", [])}
    kinds = ("a11y", "visual", "speed")
    before = scanned_run(tmp_path, "b", "2026.1", status, pages, kinds=kinds)
    after = scanned_run(tmp_path, "c", "2026.2", status, pages, kinds=kinds)
    for run in (before, after):
        screenshot(run, "/sign-in")
    screenshot(before, "/results")
    screenshot(after, "/results", box=(0, 0, 49, 19))  # 50x20 of 200x100: 5% of the page
    comparison = compare_scanned(tmp_path, before, after)
    [change] = comparison["visual_changes"]
    assert change["page"] == "/results" and change["changed_ratio"] == 0.05
    assert change["reference"] == "baseline-run" and change["scenario"] == "RES-01"
    assert (after.path / change["diff_image"]).exists()
    assert comparison["regressed"] == []  # a visual change is for review, never a failure
    assert f"]({change['diff_image']})" in (after.path / "comparison.md").read_text()


def test_an_approved_baseline_stands_in_for_the_baseline_runs_screenshots(tmp_path: Path, monkeypatch) -> None:
    from portal_harness.cli import main

    monkeypatch.setenv("PORTAL_HARNESS_ROOT", str(tmp_path))
    status = {"RES-01": "passed"}
    pages = {"/results": ("RES-01", [])}
    kinds = ("visual",)
    approved = scanned_run(tmp_path, "approved", "2026.1", status, pages, kinds=kinds)
    screenshot(approved, "/results", box=(0, 0, 49, 19))
    assert main(["baseline", "approve", str(approved.path)]) == 0
    before = scanned_run(tmp_path, "b", "2026.1", status, pages, kinds=kinds)
    after = scanned_run(tmp_path, "c", "2026.2", status, pages, kinds=kinds)
    screenshot(before, "/results")
    screenshot(after, "/results", box=(0, 0, 49, 19))  # as approved: no change, though the baseline run differs
    assert compare_scanned(tmp_path, before, after)["visual_changes"] == []


def test_budgets_are_five_medians_at_least_500_ms_and_paste_into_a_profile(tmp_path: Path, monkeypatch) -> None:
    import tomllib

    from portal_harness.speed_budgets import budget_for, budgets_block

    assert (budget_for(40), budget_for(101), budget_for(300)) == (500, 550, 1500)
    run = scanned_run(tmp_path, "measured", "2026.1", {}, {}, loads={"/results": [90, 120, 100], "/home": [300]})
    block = budgets_block([str(run.path)])
    assert tomllib.loads(block)["target"]["budgets"] == {"/home": 1500, "/results": 500}
    newer = scanned_run(tmp_path, "newer", "2026.2", {}, {}, loads={"/results": [200], "/new": [10]})
    both = tomllib.loads(budgets_block([str(run.path), str(newer.path)]))["target"]["budgets"]
    assert both == {"/home": 1500, "/new": 500, "/results": 1000}  # each page: its slowest run's median
    silent = scanned_run(tmp_path, "silent", "2026.1", {}, {})
    with pytest.raises(HarnessError, match="timed no page: run the suite with --scan speed"):
        budgets_block([str(silent.path)])
