"""A private report: its HTML makes no request to another origin (analytics, remote scripts, fonts, trace upload).

The slow tests build a real report with the project's Allure 3 CLI from canned allure-results (real
output of `run --id AUTH-01 --id ENR-03`), serve it from a local HTTP server, open it in Chromium
with every request to another origin aborted and counted. The same check on the unprocessed HTML
must count some: that is how we know the check can fail.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal_harness import report
from portal_harness.private_report import make_private, private_report_problems, privatise_html
from portal_harness.runs import RunArchive

FIXTURE_RESULTS = Path(__file__).parent / "fixtures" / "allure-results-small"

_BUNDLE = base64.b64encode(b'const Rs="https://trace.playwright.dev",x="https://allurereport.org";').decode()
UNPROCESSED = f"""<html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Inter">
<style>@import url("https://cdn.example.com/x.css"); body {{ background: url(//cdn.example.com/bg.png) }}</style>
<script   src="data:text/javascript;base64,{_BUNDLE}"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
<script>
    window.dataLayer = window.dataLayer || [];
    function gtag(){{dataLayer.push(arguments);}}
    gtag('js', new Date());
</script>
<script src="https://cdn.example.com/lib.js"></script>
<script>window.allure = window.allure || {{}};</script>
</head><body><img src="https://tracker.example.com/pixel.gif"><div id="app"></div></body></html>"""


def test_the_static_check_finds_every_way_out_and_make_private_removes_them(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(UNPROCESSED, encoding="utf-8")
    before = "\n".join(private_report_problems(tmp_path))
    for expected in ("googletagmanager", "gtag(", "fonts.googleapis", "cdn.example.com/lib.js", "pixel.gif"):
        assert expected in before
    assert "trace.playwright.dev" in before and "@import" in before
    make_private(tmp_path)
    assert private_report_problems(tmp_path) == []
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "window.allure = window.allure" in html and '<div id="app">' in html, "removed more than the way out"
    assert privatise_html(html) == html, "not idempotent"


def test_an_empty_folder_is_not_called_private(tmp_path: Path) -> None:
    assert private_report_problems(tmp_path)


def small_archive(tmp_path: Path) -> RunArchive:
    archive = RunArchive(tmp_path / "runs" / "20261127-080810-c6m1")
    shutil.copytree(FIXTURE_RESULTS, archive.allure_results)
    # history_recorded: the test must not add a point to the project's Allure history
    manifest = {"run_id": archive.run_id, "label": "private-report", "target": "demo", "history_recorded": True}
    archive.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    return archive


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on loopback: (folder, origin)."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def requests_to_other_origins(index_url: str) -> list[str]:
    """Open the report in Chromium, abort every request to another origin, return them."""
    from playwright.sync_api import Route, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    from portal_harness.browser import BrowserOptions, start_browser

    own = urlsplit(index_url)
    blocked: list[str] = []

    def guard(route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob", "about") or (url.scheme, url.netloc) == (own.scheme, own.netloc):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = start_browser(playwright, BrowserOptions())
        try:
            context = browser.new_context()
            context.route("**/*", guard)
            page = context.new_page()
            page.goto(index_url, wait_until="load")
            # open a test result too: the app loads its data (and any trace button) on demand
            for text in (
                "enrollment",
                "Activate a portal account with an activation code",
                "An activation code works only once",
            ):
                page.get_by_text(text, exact=True).first.click(timeout=15_000)
            page.get_by_text("1/2").first.wait_for(timeout=15_000)
            # whatever the page still loads late is counted too; the unprocessed report never
            # goes idle (its analytics keep trying), which is no reason to stop
            with contextlib.suppress(PlaywrightTimeoutError):
                page.wait_for_load_state("networkidle", timeout=10_000)
        finally:
            browser.close()
    return blocked


@pytest.mark.slow
def test_the_report_makes_no_request_to_another_origin(tmp_path: Path, served: tuple[Path, str]) -> None:
    site, origin = served
    index = report.build_report([small_archive(tmp_path)], output=site / "report")
    html = index.read_text(encoding="utf-8")
    assert "gtag(" not in html and "googletagmanager" not in html
    assert private_report_problems(index.parent) == []
    assert requests_to_other_origins(f"{origin}/report/index.html") == []


@pytest.mark.slow
def test_the_check_counts_the_requests_of_an_unprocessed_report(
    tmp_path: Path, served: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site, origin = served
    monkeypatch.setattr(report, "make_private", lambda folder: None)
    index = report.build_report([small_archive(tmp_path)], output=site / "report")
    assert "googletagmanager" in index.read_text(encoding="utf-8"), "Allure no longer embeds analytics?"
    blocked = requests_to_other_origins(f"{origin}/report/index.html")
    assert any("googletagmanager.com" in url for url in blocked), blocked
