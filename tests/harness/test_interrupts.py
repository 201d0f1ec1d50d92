"""Interrupted runs for real: SIGINT or SIGTERM sent to the `portal-harness` process alone (not its
process group: pytest and the portal run in sessions of their own) stops the run, forwards the stop
to pytest, stops the portal the harness started, keeps every finished result with
`"interrupted": true`, builds the report, and exits 130 or 143. `report RUN` works afterwards."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
FIRST_RESULT_WITHIN_S = 240.0  # the portal's start, the preflight and the first smoke scenario on a busy machine
STOP_WITHIN_S = 30.0  # the contract; the test waits twice as long and reports the time it took


def finished_results(runs: Path) -> tuple[Path, list[dict[str, object]]] | None:
    """The only archive and its summary's results, once the summary exists."""
    archives = [p for p in runs.iterdir() if p.is_dir()] if runs.exists() else []
    if len(archives) != 1 or not (archives[0] / "summary.json").exists():
        return None
    try:
        return archives[0], json.loads((archives[0] / "summary.json").read_text())["results"]
    except (ValueError, KeyError):
        return None  # caught between two writes: read again


def processes_mentioning(text: str) -> list[int]:
    """Processes whose command line names the archive (pytest does: --run-dir)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if text in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def port_open(url: str) -> bool:
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()  # type: ignore[union-attr]
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((host, int(port))) == 0


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_to_the_harness_alone_stops_the_run_and_keeps_what_finished(
    tmp_path: Path, signum: int, exit_code: int
) -> None:
    runs = tmp_path / "runs"
    env = {**os.environ, "PORTAL_HARNESS_RUNS_DIR": str(runs)}
    env.pop("PORTAL_HARNESS_ROOT", None)
    stderr_path = tmp_path / "stderr.txt"
    with stderr_path.open("wb") as stderr, (tmp_path / "stdout.txt").open("wb") as stdout:
        harness = subprocess.Popen(
            [sys.executable, "-m", "portal_harness", "run", "-m", "smoke", "--label", "interrupted"],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # its own group: the signal below reaches the harness alone
        )
        try:
            deadline = time.monotonic() + FIRST_RESULT_WITHIN_S
            while (found := finished_results(runs)) is None or not found[1]:
                assert harness.poll() is None, stderr_path.read_text()[-3000:]
                assert time.monotonic() < deadline, "no scenario finished: " + stderr_path.read_text()[-3000:]
                time.sleep(0.5)
            portal_url = re.search(r"portal on (http://\S+)", stderr_path.read_text()).group(1)  # type: ignore[union-attr]
            os.kill(harness.pid, signum)
            sent = time.monotonic()
            code = harness.wait(timeout=STOP_WITHIN_S * 2)
            took = time.monotonic() - sent
        finally:
            if harness.poll() is None:
                harness.kill()
    err = stderr_path.read_text()
    print(f"{signal.Signals(signum).name}: stopped {took:.1f} s after the signal")
    assert code == exit_code, err[-3000:]
    archive, results = found
    summary = json.loads((archive / "summary.json").read_text())
    assert summary["interrupted"] is True
    assert len(summary["results"]) >= len(results) >= 1, "a finished result was lost"
    assert all(r["status"] in ("passed", "failed", "skipped", "flaky") for r in summary["results"])
    assert json.loads((archive / "manifest.json").read_text())["interrupted"] is True
    assert "INTERRUPTED" in err and "Traceback" not in err
    assert "Allure report:" in err, "the report was not built"
    assert not port_open(portal_url), "the portal the harness started still listens"
    assert processes_mentioning(str(archive)) == [], "pytest outlived the harness"
    report = subprocess.run(
        [sys.executable, "-m", "portal_harness", "report", archive.name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert report.returncode == 0, report.stderr[-2000:]


def test_a_crashed_browser_is_replaced_for_the_next_scenario() -> None:
    """The session's browser dies (closed under the suite's feet): the next scenario gets a new one."""
    from playwright.sync_api import sync_playwright

    from portal_harness.browser import BrowserKeeper, BrowserOptions

    with sync_playwright() as playwright:
        keeper = BrowserKeeper(playwright, BrowserOptions())
        first = keeper.current()
        assert keeper.current() is first and keeper.relaunches == 0
        first.close()  # what a crash looks like from here: the browser is no longer connected
        second = keeper.current()
        assert second is not first and second.is_connected() and keeper.relaunches == 1
        page = second.new_page()
        page.set_content("<p>alive</p>")
        assert page.inner_text("p") == "alive"
        keeper.close()
        assert not second.is_connected()


CRASH_PLUGIN = """
_crashed = []


def pytest_bdd_after_step(request, feature, scenario, step, step_func, step_func_args):
    if not _crashed and request.config.getoption("--attempt") == 1:
        _crashed.append(scenario.name)
        request.getfixturevalue("browser").close()  # the browser dies under the first scenario's feet
"""


def test_a_browser_crash_fails_only_its_own_scenario_in_a_real_run(tmp_path: Path) -> None:
    (tmp_path / "crash_browser_once.py").write_text(CRASH_PLUGIN)
    runs = tmp_path / "runs"
    env = {**os.environ, "PORTAL_HARNESS_RUNS_DIR": str(runs), "PYTHONPATH": str(tmp_path)}
    command = [sys.executable, "-m", "portal_harness", "run", "--no-report", "--id", "AUTH-01", "--id", "ENR-03"]
    done = subprocess.run(
        [*command, "--", "-p", "crash_browser_once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    (archive,) = runs.iterdir()
    first_attempt = json.loads((archive / "summary.json").read_text())["results"]
    statuses = sorted(r["status"] for r in first_attempt)
    # the crashed scenario failed on attempt 1 and passed on its retry; the other passed on a new browser
    assert statuses == ["flaky", "passed"], done.stderr[-3000:]
    crashed = next(r for r in first_attempt if r["status"] == "flaky")
    assert crashed["attempts"][0]["status"] == "failed" and "closed" in crashed["attempts"][0]["message"]
    assert "the browser had crashed or disconnected: started a new one" in done.stdout
    assert done.returncode == 0
