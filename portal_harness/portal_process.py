"""Start and stop the bundled reference portal as a child process.

The portal prints one JSON line `{"event": "ready", "url": ..., "port": ..., "mllp_port": ...,
"smtp_port": ...}` on stdout once all its listeners are open; everything else goes to stderr.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any
from urllib.parse import urlsplit

from portal_harness.errors import HarnessError

READY_TIMEOUT_S = 30.0


@dataclass
class PortalOptions:
    release: str | None = None
    faults: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = 0
    mllp_port: int = 0
    smtp_port: int = 0
    db_path: Path | None = None
    test_mode: bool = True

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "reference_portal", "--host", self.host]
        cmd += ["--port", str(self.port), "--mllp-port", str(self.mllp_port), "--smtp-port", str(self.smtp_port)]
        if self.release:
            cmd += ["--release", self.release]
        if self.faults:
            cmd += ["--faults", ",".join(self.faults)]
        if self.db_path:
            cmd += ["--db", str(self.db_path)]
        if self.test_mode:
            cmd.append("--test-mode")
        return cmd


@dataclass
class RunningPortal:
    process: subprocess.Popen[bytes]
    ready: dict[str, Any]
    log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return str(self.ready["url"])

    @property
    def hl7_endpoint(self) -> str:
        """`host:port` of the HL7 v2 MLLP listener (it binds the web server's address)."""
        host = urlsplit(self.url).hostname or "127.0.0.1"
        return f"{host}:{self.ready['mllp_port']}"

    def stop(self, timeout_s: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()


def start_portal(options: PortalOptions, log_path: Path | None = None) -> RunningPortal:
    """Start the portal and wait for its ready line; a clear HarnessError if it does not come."""
    log = open(log_path, "ab") if log_path else None  # noqa: SIM115 (closed by RunningPortal.stop)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        options.command(), stdout=subprocess.PIPE, stderr=log or sys.stderr, env=env, start_new_session=True
    )
    assert process.stdout is not None
    try:
        ready = _read_ready_line(process, process.stdout, READY_TIMEOUT_S)
    except HarnessError as error:
        process.kill()
        process.wait()
        if log:
            log.close()
        said = _last_line(log_path) if log_path else None
        raise HarnessError(f"{said.rstrip('.')}." if said else str(error)) from None
    return RunningPortal(process, ready, log)


def _last_line(log_path: Path) -> str | None:
    """The portal's own last words (it explains a bad --faults or --release in one sentence)."""
    lines = [line.strip() for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines()]
    last = next((line for line in reversed(lines) if line), None)
    return last.removeprefix("reference_portal: ") if last else None


def _read_ready_line(process: subprocess.Popen[bytes], stdout: IO[bytes], timeout_s: float) -> dict[str, Any]:
    where = "see the portal log in the run folder" if process.stderr is None else "see the messages above"
    deadline = time.monotonic() + timeout_s
    with selectors.DefaultSelector() as selector:
        selector.register(stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=min(0.5, deadline - time.monotonic())):
                if process.poll() is not None:
                    break
                continue
            line = stdout.readline()
            if not line:
                break
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("event") == "ready":
                return event
    if process.poll() is not None:
        raise HarnessError(f"The bundled portal exited with code {process.returncode} before it was ready: {where}.")
    raise HarnessError(f"The bundled portal did not report ready within {timeout_s:.0f} s: {where}.")


def serve_in_foreground(start: Callable[[], RunningPortal], announce: Callable[[RunningPortal], None]) -> int:
    """Start the portal and keep it up until Ctrl-C or SIGTERM (exit 0), or until it stops by itself.

    The signal handlers are in place before the portal starts, so a Ctrl-C at any moment after
    the ready line is a clean stop, never a traceback.
    """
    stop = {"signal": 0}

    def handle(signum: int, frame: FrameType | None) -> None:
        stop["signal"] = signum

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    portal = start()
    announce(portal)
    while not stop["signal"] and portal.process.poll() is None:
        time.sleep(0.2)  # the CLI's own foreground loop, not a test wait
    portal.stop()
    return 0 if stop["signal"] else (portal.process.returncode or 0)
