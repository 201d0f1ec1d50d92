"""PageScanner in a real Chromium against tiny pages: axe findings, masked screenshots, timings, budgets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_servers import answering

from portal_harness.page_scanner import PageScanner
from portal_harness.scan_archive import read_run_scans

PAGES = {
    "/form/17": b"""<!doctype html><html lang="en"><head><title>Form</title></head><body><main>
      <h1>Update your details</h1><label for="city">City</label><input id="city">
      <input id="postcode" name="postcode">
      <p class="who">Maria Ibarra</p></main></body></html>""",
    "/fine": b"""<!doctype html><html lang="en"><head><title>Fine</title></head><body><main>
      <h1>All good</h1><label for="q">Search</label><input id="q"></main></body></html>""",
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with answering(200, pages=PAGES) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from portal_harness.browser import BrowserOptions, start_browser

    with sync_playwright() as playwright:
        browser = start_browser(playwright, BrowserOptions())
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.mark.slow
def test_each_page_is_scanned_once_and_every_load_is_timed(tmp_path: Path, site: str, browser_page) -> None:
    page = browser_page
    scanner = PageScanner(tmp_path, ("a11y", "visual", "speed"), budgets={"/form/{id}": 60_000}, visual_mask=(".who",))
    page.goto(site + "/form/17")
    assert scanner.after_step("DEM-01", [page]) == []
    name_box = page.locator(".who").bounding_box()
    assert scanner.after_step("DEM-01", [page]) == []  # same document: neither timed nor scanned again
    page.goto(site + "/form/18")  # the same page with other data: timed, not scanned again
    scanner.after_step("DEM-02", [page])
    page.goto(site + "/fine")
    scanner.after_step("DEM-02", [page])

    scans = read_run_scans(tmp_path, ["a11y", "visual", "speed"])
    assert sorted(scans.pages) == ["/fine", "/form/{id}"]
    form = scans.pages["/form/{id}"]
    assert form.scenario == "DEM-01" and form.title == "Form"
    assert [v["rule"] for v in form.a11y or []] == ["label"]
    [element] = (form.a11y or [])[0]["elements"]
    assert element["target"] == "#postcode" and "postcode" in element["html"]
    assert (form.a11y or [])[0]["help_url"].startswith("https://dequeuniversity.com/rules/axe/")
    assert scans.pages["/fine"].a11y == []
    assert _pixel_at_centre(scans.screenshot_path("/form/{id}"), name_box) == (255, 0, 255)  # the name is masked
    assert scans.speed["/form/{id}"].samples == 2 and scans.speed["/fine"].samples == 1
    assert scans.speed["/form/{id}"].scenarios == ("DEM-01", "DEM-02")
    assert json.loads((tmp_path / "scans" / "budgets.json").read_text()) == {"/form/{id}": 60_000}


@pytest.mark.slow
def test_a_load_over_its_budget_is_one_sentence_naming_page_budget_and_profile(
    tmp_path: Path, site: str, browser_page
) -> None:
    page = browser_page
    scanner = PageScanner(tmp_path, ("speed",), budgets={"/fine": 1}, profile_name="demo")
    page.goto(site + "/fine")
    [problem] = scanner.after_step("RES-01", [page])
    assert problem.startswith("The page /fine took ")
    assert problem.endswith("over its budget of 1 ms in the target profile demo")


def _pixel_at_centre(png: Path | None, box: dict[str, float] | None) -> tuple[int, ...]:
    from PIL import Image

    assert png is not None and box is not None
    with Image.open(png) as image:
        return tuple(
            image.convert("RGB").getpixel((int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] / 2)))
        )
