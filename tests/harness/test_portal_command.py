"""`portal-harness portal` serves the portal, its MLLP interface and its mail sink until Ctrl-C."""

import json
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_the_portal_command_opens_both_ports_and_stops_on_ctrl_c() -> None:
    command = [sys.executable, "-m", "portal_harness", "portal", "--port", "0", "--mllp-port", "0", "--json"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        with urllib.request.urlopen(ready["url"] + "/", timeout=10) as landing:
            assert "Riverbend Health patient portal" in landing.read().decode()
        with socket.create_connection(("127.0.0.1", ready["mllp_port"]), timeout=10):
            pass
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
