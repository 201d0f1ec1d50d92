"""The portal served for real: SMTP to the capturing sink, the CLI, the ready line, a clean stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from reference_portal.cli import main
from reference_portal.clock import system_now
from reference_portal.config import MailTransport
from reference_portal.faults import list_faults
from reference_portal.interfaces.mailbox import Mailbox
from reference_portal.interfaces.smtp_sink import SmtpSink

pytestmark = pytest.mark.portal

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp_sink():
    mailbox = Mailbox(system_now)
    sink = SmtpSink(mailbox, "127.0.0.1", 0)
    sink.start()
    yield sink, mailbox
    sink.stop()


def test_the_sign_in_code_travels_over_real_smtp_to_the_sink(make_app, driver_for, smtp_sink):
    sink, mailbox = smtp_sink
    portal = driver_for(make_app(mailbox=mailbox, mail_transport=MailTransport.SMTP, smtp_port=sink.port))
    person = portal.enroll_at_desk(username="smtp.user")  # email confirmed at the desk: no code set-up
    assert portal.sign_in("smtp.user", person["password"]).location == "/sign-in/verify"

    [mail] = portal.mail_to(person["email"])
    assert mail["to"] == [person["email"]] and mail["subject"] == "Your Riverbend sign-in code"
    assert mail["from"] == "no-reply@riverbend-health.example"
    assert portal.verify(portal.latest_sign_in_code(person["email"])).location == "/home"


def test_a_mail_server_that_is_down_does_not_break_sign_in(make_app, driver_for, caplog):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    portal = driver_for(make_app(mail_transport=MailTransport.SMTP, smtp_port=closed_port))
    person = portal.enroll_at_desk(username="no.mail")  # email confirmed at the desk: no code set-up
    assert portal.sign_in("no.mail", person["password"]).location == "/sign-in/verify"
    assert "Could not send the sign-in-code notification" in caplog.text


def test_an_unknown_fault_stops_the_cli_with_one_sentence(capsys):
    assert main(["--faults", "activation-code-reusable,no-such-fault", "--port", "0"]) == 2
    error = capsys.readouterr().err.strip()
    known = ", ".join(sorted(fault.name for fault in list_faults()))  # every area adds its own
    assert error == f"reference_portal: Unknown fault 'no-such-fault': the known faults are {known}."


def test_the_served_portal_says_ready_once_serves_and_stops_cleanly_on_sigterm(tmp_path):
    command = [
        sys.executable,
        "-m",
        "reference_portal",
        "--port",
        "0",
        "--mllp-port",
        "0",
        "--smtp-port",
        "0",
        "--release",
        "2026.1",
        "--faults",
        "sign-in-reveals-unknown-user",
        "--db",
        str(tmp_path / "p.db"),
        "--test-mode",
    ]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        ready = json.loads(process.stdout.readline())
        assert ready["event"] == "ready" and ready["release"] == "2026.1"
        assert ready["faults"] == ["sign-in-reveals-unknown-user"]
        assert ready["url"] == f"http://127.0.0.1:{ready['port']}"
        assert all(isinstance(ready[key], int) and ready[key] > 0 for key in ("port", "mllp_port", "smtp_port"))

        with urllib.request.urlopen(f"{ready['url']}/version", timeout=5) as response:
            assert json.load(response)["release"] == "2026.1"
        socket.create_connection(("127.0.0.1", ready["mllp_port"]), timeout=5).close()
        socket.create_connection(("127.0.0.1", ready["smtp_port"]), timeout=5).close()

        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
        assert time.monotonic() - started < 3
        assert process.stdout.read() == ""  # exactly one line on stdout
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
