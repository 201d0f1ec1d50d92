"""Running `portal-harness` as a user does, and checking a refusal: one sentence, exit 2, no traceback."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def harness(tmp_path: Path, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`portal-harness ARGS` with its archives under tmp_path/runs and a bare PATH."""
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path / "runs"), "PATH": "/usr/bin:/bin", **(extra_env or {})}
    command = [sys.executable, "-m", "portal_harness", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def refused(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit 2, no traceback, and exactly one `portal-harness:` sentence holding every expected text."""
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("portal-harness: ")]
    for text in expected:
        assert text in line, line
    return line


def no_archive(tmp_path: Path) -> bool:
    runs = tmp_path / "runs"
    return not runs.exists() or not any(runs.iterdir())
