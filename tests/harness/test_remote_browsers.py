"""Remote browsers, devices and workers: the flags, the manifest, and the summary under xdist.

The slow tests start the browsers themselves on loopback: a Playwright server (the driver's
`launch-server`, with the same Chromium the harness launches locally) and a Chromium with
`--remote-debugging-port=0 --headless=new`. Each runs two ids, AUTH-01 and ENR-03, not the whole
smoke set: enough to prove the endpoint kind, short enough for `make test`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.reports import TestReport

from portal_harness.browser_setup import CHROMIUM_ARGS, system_chromium
from portal_harness.cli import build_parser
from portal_harness.devices import device_context_options, unknown_device_message
from portal_harness.endpoints import mask_endpoint, remote_browser
from portal_harness.errors import HarnessError
from portal_harness.results import RESULT_ATTRIBUTE, ResultCollector
from portal_harness.summary import ScenarioResult
from portal_harness.workers import check_ids_exist, xdist_args

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "t0ps3cret-grid-token"


# --- flags and masking (no browser) ---------------------------------------------------------


def test_one_endpoint_kind_at_most() -> None:
    with pytest.raises(HarnessError, match="Both --browser-endpoint and --cdp-endpoint"):
        remote_browser("ws://a:1/x", "http://b:2")
    assert remote_browser(None, None) == (None, None)
    assert remote_browser("ws://a:1/x", None) == ("ws://a:1/x", "playwright")
    assert remote_browser(None, "http://b:9222") == ("http://b:9222", "cdp")


@pytest.mark.parametrize(
    ("browser_endpoint", "cdp_endpoint"), [("http://a:1", None), (None, "ftp://b:2"), (None, "127.0.0.1:9222")]
)
def test_an_endpoint_of_the_wrong_scheme_is_refused(browser_endpoint: str | None, cdp_endpoint: str | None) -> None:
    with pytest.raises(HarnessError, match="is not a"):
        remote_browser(browser_endpoint, cdp_endpoint)


def test_the_recorded_endpoint_masks_tokens_and_passwords_and_keeps_host_port_and_path() -> None:
    assert mask_endpoint(f"http://grid.example:4444/session?token={TOKEN}&headless=1") == (
        "http://grid.example:4444/session?token=******&headless=1"
    )
    assert mask_endpoint(f"wss://user:{TOKEN}@farm.example/playwright") == "wss://user:******@farm.example/playwright"
    assert mask_endpoint("http://127.0.0.1:9222") == "http://127.0.0.1:9222"


def test_run_accepts_the_new_flags_and_refuses_zero_workers(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(
        ["run", "--cdp-endpoint", "http://h:9222", "--portal-host", "10.0.0.5", "--workers", "3", "--device", "Pixel 7"]
    )
    assert (args.cdp_endpoint, args.portal_host, args.workers, args.device) == (
        "http://h:9222",
        "10.0.0.5",
        3,
        "Pixel 7",
    )
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--workers", "0"])
    assert "not a number of workers" in capsys.readouterr().err


def test_workers_pass_xdist_arguments_only_when_more_than_one() -> None:
    assert xdist_args(1) == []
    assert xdist_args(3) == ["-n", "3", "--dist", "load"]


def test_an_unknown_id_is_refused_before_workers_start() -> None:
    check_ids_exist(["AUTH-01", "ENR-03"])
    with pytest.raises(HarnessError, match="No scenario has the id NOPE-99"):
        check_ids_exist(["AUTH-01", "NOPE-99"])


def test_an_unknown_device_names_close_ones() -> None:
    message = unknown_device_message("pixel 77", ["Pixel 7", "Pixel 7a", "iPhone 15", "Galaxy S9+"])
    assert "Unknown --device 'pixel 77'" in message and "'Pixel 7'" in message and "iPhone" not in message


def test_a_device_gives_context_options_without_the_browser_type() -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        options = device_context_options(playwright, "Pixel 7")
        assert options["viewport"] == {"width": 412, "height": 839} and options["is_mobile"] is True
        assert "default_browser_type" not in options
        with pytest.raises(HarnessError, match="close names: 'Pixel 7'"):
            device_context_options(playwright, "Pixel 77")


# --- the summary under xdist: workers build, the controller writes -------------------------


def _teardown_report(result: ScenarioResult) -> TestReport:
    report = TestReport("tests/x.py::t", ("x.py", 1, "t"), {}, "passed", None, "teardown")
    setattr(report, RESULT_ATTRIBUTE, result.to_json())
    return report


def test_the_result_survives_xdist_serialisation_and_only_the_controller_writes(tmp_path: Path) -> None:
    result = ScenarioResult("AUTH-01", "Maria signs in", "auth.feature", "passed", 1.5, tags=["smoke"])
    # what xdist does to a report between worker and controller
    travelled = TestReport._from_json(_teardown_report(result)._to_json())
    worker = ResultCollector(tmp_path / "worker.json", "run", "label", writes_summary=False)
    worker.pytest_runtest_logreport(travelled)
    assert not (tmp_path / "worker.json").exists(), "a worker must not write summary.json"
    controller = ResultCollector(tmp_path / "summary.json", "run", "label")
    controller.pytest_runtest_logreport(travelled)
    second = ScenarioResult("ENR-03", "A code works once", "enr.feature", "failed", 2.0, message="boom")
    controller.pytest_runtest_logreport(TestReport._from_json(_teardown_report(second)._to_json()))
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert [(r["id"], r["status"]) for r in summary["results"]] == [("AUTH-01", "passed"), ("ENR-03", "failed")]
    assert summary["results"][0]["tags"] == ["smoke"] and summary["counts"]["failed"] == 1


def test_a_run_with_both_endpoints_exits_2_in_one_sentence(tmp_path: Path) -> None:
    done = harness(tmp_path, "--id", "AUTH-01", "--browser-endpoint", "ws://a:1/x", "--cdp-endpoint", "http://b:2")
    assert done.returncode == 2
    assert "Both --browser-endpoint and --cdp-endpoint" in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir()), "nothing starts (no archive) on a usage error"


# --- slow: real remote browsers on loopback -------------------------------------------------


def harness(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "portal_harness", "run", "--no-report", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=400, check=False)


def only_archive(tmp_path: Path) -> Path:
    (archive,) = [path for path in tmp_path.iterdir() if path.is_dir() and (path / "manifest.json").exists()]
    return archive


def _chromium() -> str:
    from portal_harness.browser_setup import playwright_chromium

    own = playwright_chromium()
    found = own or system_chromium()
    if found is None:
        pytest.skip("no Chromium here: run `make browser`")
    return str(found)


def _read_line(process: subprocess.Popen[str], stream: str, pattern: str) -> re.Match[str]:
    """Read the process's stream until a line matches (the server says where it listens)."""
    pipe = process.stdout if stream == "stdout" else process.stderr
    assert pipe is not None
    for line in pipe:
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"the browser exited ({process.wait()}) without printing {pattern}")


def _stop(process: subprocess.Popen[str]) -> None:
    """Stop the server and the browser it started: they share the session this test gave them."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def playwright_server(tmp_path: Path) -> Iterator[str]:
    """The driver's own `launch-server` (not `python -m playwright`, whose node child outlives it)."""
    from playwright._impl._driver import compute_driver_executable

    node, cli = compute_driver_executable()
    config = tmp_path / "server.json"
    config.write_text(
        json.dumps(
            {"executablePath": _chromium(), "args": CHROMIUM_ARGS, "host": "127.0.0.1", "port": 0, "wsPath": "/pw"}
        )
    )
    server = subprocess.Popen(
        [str(node), str(cli), "launch-server", "--browser", "chromium", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        yield _read_line(server, "stdout", r"ws://\S+").group(0)
    finally:
        _stop(server)


@pytest.fixture
def cdp_chromium(tmp_path: Path) -> Iterator[str]:
    """A Chromium with remote debugging on a free loopback port, read from its stderr."""
    chromium = subprocess.Popen(
        [
            _chromium(),
            "--headless=new",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            f"--user-data-dir={tmp_path / 'profile'}",
            *CHROMIUM_ARGS,
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        found = _read_line(chromium, "stderr", r"DevTools listening on ws://([^/\s]+)/")
        yield f"http://{found.group(1)}"
    finally:
        _stop(chromium)


def _archive_text(archive: Path) -> str:
    return "\n".join(
        path.read_text(errors="replace") for path in archive.rglob("*") if path.is_file() and path.suffix != ".sqlite"
    )


@pytest.mark.slow
def test_scenarios_pass_through_a_playwright_server_and_the_manifest_records_it(
    tmp_path: Path, playwright_server: str
) -> None:
    endpoint = f"{playwright_server}?token={TOKEN}"
    runs = tmp_path / "runs"
    done = harness(runs, "--browser-endpoint", endpoint, "--id", "AUTH-01", "--id", "ENR-03")
    assert done.returncode == 0, done.stderr[-3000:]
    archive = only_archive(runs)
    summary = json.loads((archive / "summary.json").read_text())
    assert summary["counts"]["passed"] == 2
    manifest = json.loads((archive / "manifest.json").read_text())
    assert manifest["browser_endpoint"] == f"{playwright_server}?token=******"
    assert manifest["browser_endpoint_kind"] == "playwright" and manifest["browser"]["name"] == "chromium"
    assert TOKEN not in _archive_text(archive)
    assert "browser.endpoint.kind=playwright" in (archive / "allure-results" / "environment.properties").read_text()


@pytest.mark.slow
def test_a_failure_over_cdp_on_a_phone_keeps_its_trace_and_a_phone_sized_screen(
    tmp_path: Path, cdp_chromium: str
) -> None:
    runs = tmp_path / "runs"
    done = harness(
        runs, "--cdp-endpoint", cdp_chromium, "--device", "Pixel 7", "--id", "ENR-03",
        "--faults", "activation-code-reusable",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr[-3000:]
    archive = only_archive(runs)
    (result,) = json.loads((archive / "summary.json").read_text())["results"]
    assert (result["status"], result["error_kind"]) == ("failed", "assertion")
    assert (archive / result["evidence"]["trace"]).stat().st_size > 1000, "no trace over CDP"
    screen = (archive / result["evidence"]["screenshot"]).read_bytes()
    width = struct.unpack(">I", screen[16:20])[0]
    assert width == round(412 * 2.625), f"the screen is {width} px wide: the Pixel 7 viewport was not applied"
    manifest = json.loads((archive / "manifest.json").read_text())
    assert (manifest["browser_endpoint"], manifest["browser_endpoint_kind"]) == (cdp_chromium, "cdp")
    assert manifest["device"] == "Pixel 7"
    environment = (archive / "allure-results" / "environment.properties").read_text()
    assert "browser.device=Pixel 7 (412x839)" in environment


@pytest.mark.slow
def test_two_workers_share_one_portal_and_write_one_complete_summary(tmp_path: Path) -> None:
    done = harness(tmp_path, "--workers", "2", "--id", "AUTH-01", "--id", "ENR-03", "--portal-host", "127.0.0.2")
    assert done.returncode == 0, done.stderr[-3000:]
    archive = only_archive(tmp_path)
    summary = json.loads((archive / "summary.json").read_text())
    assert sorted(r["id"] for r in summary["results"]) == ["AUTH-01", "ENR-03"]
    assert summary["counts"]["passed"] == 2
    assert "[gw0]" in done.stdout and "[gw1]" in done.stdout, "not two workers"
    assert done.stderr.count("starting the bundled portal") == 1
    manifest = json.loads((archive / "manifest.json").read_text())
    assert manifest["workers"] == 2 and manifest["target_url"].startswith("http://127.0.0.2:")
    assert len(list((archive / "allure-results").glob("*-result.json"))) == 2
