"""Mailboxes and one-time codes: a real IMAP exchange on loopback, the sink, TOTP, and refusals."""

from __future__ import annotations

import base64
import imaplib
import re
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import data.people
import portal_harness.credentials
import portal_harness.mailboxes
import portal_harness.totp
from data.mail import newest_one_time_code
from portal_harness.errors import HarnessError
from portal_harness.mailboxes import ImapMailbox, SinkMailbox, UnofferedMailbox, check_code_source, mailbox_for
from portal_harness.masking import MASK, SecretRegistry
from portal_harness.portal_api import PortalApi
from portal_harness.profiles import load_profile, resolve_target
from portal_harness.scenario import ScenarioContext
from portal_harness.target import Target
from portal_harness.totp import one_time_code_for, totp_code

MARIA = "maria@example.test"
PASSWORD = "imap-pass-Zq81x"
ROOT = Path(__file__).resolve().parents[2]
ENV = {"T_IMAP_HOST": "127.0.0.1", "T_IMAP_USER": "suite@example.test", "T_IMAP_PASSWORD": PASSWORD}
SINK_KEYS = {"to", "from", "subject", "body", "received_at", "attachments"}  # CapturedMail.as_json()


# --- a tiny IMAP4rev1 server: just enough of RFC 3501 for imaplib ----------------------------------
def _email(to: str, subject: str, body: str, sent: datetime, ccd: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Riverbend Portal <no-reply@riverbend.test>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message.set_content(body)
    if ccd is not None:
        message.add_attachment(ccd.encode(), maintype="application", subtype="xml", filename="record.xml")
    return message.as_bytes()


MESSAGES = [
    _email(MARIA, "Your sign-in code", "Your code is 482913.\n", datetime(2026, 3, 1, 14, 5, tzinfo=UTC)),
    _email(
        "anna.maria@example.test",
        "Your sign-in code",
        "Your code is 111111.\n",
        datetime(2026, 3, 1, 14, 6, tzinfo=UTC),
    ),
    _email(
        f"Maria Estes <{MARIA.upper()}>",
        "Your health record",
        "Your record is attached.\n",
        datetime(2026, 3, 1, 14, 7, tzinfo=UTC),
        ccd="<ClinicalDocument/>",
    ),
]
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


class ImapHandler(socketserver.StreamRequestHandler):
    server: ImapServer

    def reply(self, text: str | bytes) -> None:
        self.wfile.write(text if isinstance(text, bytes) else text.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("* OK IMAP4rev1 test server ready")
        while line := self.rfile.readline().decode().rstrip("\r\n"):
            tag, command, *args = [quoted or bare for quoted, bare in _TOKEN.findall(line)]
            self.server.commands.append(f"{command.upper()} {' '.join(args)}".strip())
            if not self.answer(tag, command.upper(), args):
                return

    def answer(self, tag: str, command: str, args: list[str]) -> bool:
        if command == "CAPABILITY":
            self.reply("* CAPABILITY IMAP4rev1 AUTH=PLAIN")
        elif command == "LOGIN":
            if args != [ENV["T_IMAP_USER"], PASSWORD]:
                self.reply(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
                return True
        elif command in ("SELECT", "EXAMINE"):
            self.reply(f"* {len(MESSAGES)} EXISTS")
            self.reply("* FLAGS (\\Seen)")
            self.reply(f"{tag} OK [{'READ-ONLY' if command == 'EXAMINE' else 'READ-WRITE'}] {command} completed")
            return True
        elif command == "SEARCH":  # only SEARCH TO "x": a case-insensitive substring of the To header
            wanted = args[1].lower()
            found = [str(n) for n, raw in enumerate(MESSAGES, 1) if wanted in _to_header(raw).lower()]
            self.reply(" ".join(["* SEARCH", *found]))
        elif command == "FETCH":
            for number in args[0].split(","):
                raw = MESSAGES[int(number) - 1]
                self.reply(f"* {number} FETCH (RFC822 {{{len(raw)}}}".encode() + b"\r\n" + raw + b")\r\n")
        elif command == "LOGOUT":
            self.reply("* BYE logging out")
            self.reply(f"{tag} OK LOGOUT completed")
            return False
        else:
            self.reply(f"{tag} BAD unknown command")
            return True
        self.reply(f"{tag} OK {command} completed")
        return True


def _to_header(raw: bytes) -> str:
    return next(line for line in raw.decode().splitlines() if line.startswith("To: "))


class ImapServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ImapHandler)
        self.commands: list[str] = []


@pytest.fixture
def imap_server() -> Iterator[ImapServer]:
    server = ImapServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> SecretRegistry:
    """A registry of this test's own, so registered values neither leak into nor come from other tests."""
    registry = SecretRegistry()
    for module in (portal_harness.credentials, portal_harness.mailboxes, portal_harness.totp, data.people):
        monkeypatch.setattr(module, "SECRETS", registry)
    return registry


@pytest.fixture
def imap_env(monkeypatch: pytest.MonkeyPatch, imap_server: ImapServer) -> ImapServer:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("T_IMAP_PORT", str(imap_server.server_address[1]))
    return imap_server


def imap_mailbox() -> ImapMailbox:
    return ImapMailbox("T_IMAP_HOST", "T_IMAP_USER", "T_IMAP_PASSWORD", "T_IMAP_PORT")


def profile_with(tmp_path: Path, target: str, name: str = "mine") -> Any:
    path = tmp_path / f"{name}.toml"
    path.write_text('[target]\nenvironment = "test"\nproduct = "riverbend"\n' + target, encoding="utf-8")
    return load_profile(path)


IMAP_CODES = (
    '[target.codes]\nsource = "imap"\nimap_host_env = "T_IMAP_HOST"\nimap_port_env = "T_IMAP_PORT"\n'
    'imap_user_env = "T_IMAP_USER"\nimap_password_env = "T_IMAP_PASSWORD"\n'
)


# --- IMAP ----------------------------------------------------------------------------------------
def test_imap_reads_the_addresss_mail_oldest_first_in_the_sinks_shape(imap_env: ImapServer, secrets: Any) -> None:
    messages = imap_mailbox().messages_to(MARIA)

    assert [m["subject"] for m in messages] == ["Your sign-in code", "Your health record"]
    assert all(set(m) == SINK_KEYS for m in messages)
    first, second = messages
    assert first["to"] == [MARIA] and second["to"] == [MARIA]  # the display name and case are dropped
    assert first["from"] == "Riverbend Portal <no-reply@riverbend.test>"
    assert first["body"] == "Your code is 482913.\n" and first["received_at"] == "2026-03-01T14:05:00Z"
    assert second["attachments"] == [
        {"filename": "record.xml", "content_type": "application/xml", "size": 19, "text": "<ClinicalDocument/>"}
    ]
    # anna.maria@ matched SEARCH TO (a substring) but is not Maria's: the sink's exact match is kept
    assert newest_one_time_code(messages) == "482913"
    verbs = [command.split()[0] for command in imap_env.commands]
    assert verbs == ["CAPABILITY", "LOGIN", "EXAMINE", "SEARCH", "FETCH", "LOGOUT"]
    assert imap_env.commands[3] == f"SEARCH TO {MARIA}" and imap_env.commands[4] == "FETCH 1,2,3 (RFC822)"
    assert secrets.mask_text(f"login {PASSWORD}") == f"login {MASK}"


def test_imap_with_no_mail_to_the_address_fetches_nothing(imap_env: ImapServer, secrets: Any) -> None:
    assert imap_mailbox().messages_to("nobody@example.test") == []
    assert not any(command.startswith("FETCH") for command in imap_env.commands)


def test_a_refused_imap_login_names_the_variables_and_never_the_password(
    imap_env: ImapServer, monkeypatch: pytest.MonkeyPatch, secrets: Any
) -> None:
    monkeypatch.setenv("T_IMAP_PASSWORD", "wrong-pass-Yk2")
    with pytest.raises(HarnessError) as raised:
        imap_mailbox().messages_to(MARIA)
    message = str(raised.value)
    assert "refused the login: check T_IMAP_USER and T_IMAP_PASSWORD." in message
    assert "wrong-pass-Yk2" not in message and PASSWORD not in message


def test_an_unreachable_imap_server_is_one_sentence_naming_where(monkeypatch: pytest.MonkeyPatch, secrets: Any) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on any more
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("T_IMAP_PORT", str(port))
    with pytest.raises(HarnessError, match=rf"^Could not read the IMAP server 127.0.0.1:{port} \(from T_IMAP_HOST\)"):
        imap_mailbox().messages_to(MARIA)


@pytest.mark.parametrize("missing", ["T_IMAP_HOST", "T_IMAP_PORT", "T_IMAP_USER", "T_IMAP_PASSWORD"])
def test_a_missing_variable_is_one_sentence_naming_it(
    imap_env: ImapServer, monkeypatch: pytest.MonkeyPatch, secrets: Any, missing: str
) -> None:
    monkeypatch.delenv(missing)
    with pytest.raises(HarnessError) as raised:
        imap_mailbox().messages_to(MARIA)
    message = str(raised.value)
    assert message.startswith(f"The environment variable {missing} is not set: export it")
    assert message.count(". ") == 0 and message.endswith(".") and PASSWORD not in message
    assert imap_env.commands == []  # refused before connecting


def test_a_port_that_is_not_a_number_is_refused(imap_env: ImapServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T_IMAP_PORT", "imaps")
    with pytest.raises(HarnessError, match=r"T_IMAP_PORT is 'imaps', not a port"):
        imap_mailbox().messages_to(MARIA)


def test_port_993_and_no_port_variable_speak_tls(monkeypatch: pytest.MonkeyPatch, secrets: Any) -> None:
    opened: list[tuple[str, str, int]] = []

    def fake(kind: str) -> type[imaplib.IMAP4]:
        class Unreachable(imaplib.IMAP4):  # keeps IMAP4.error, which the mailbox catches
            def __init__(self, host: str, port: int, timeout: float) -> None:
                opened.append((kind, host, port))
                raise ConnectionRefusedError("connection refused")

        return Unreachable

    monkeypatch.setattr(portal_harness.mailboxes.imaplib, "IMAP4_SSL", fake("tls"))
    monkeypatch.setattr(portal_harness.mailboxes.imaplib, "IMAP4", fake("plain"))
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    for port_env, port in ((None, ""), ("T_IMAP_PORT", "993"), ("T_IMAP_PORT", "1143")):
        monkeypatch.setenv("T_IMAP_PORT", port)
        with pytest.raises(HarnessError, match="connection refused"):
            ImapMailbox("T_IMAP_HOST", "T_IMAP_USER", "T_IMAP_PASSWORD", port_env).messages_to(MARIA)
    assert opened == [("tls", "127.0.0.1", 993), ("tls", "127.0.0.1", 993), ("plain", "127.0.0.1", 1143)]


# --- the sink and the factory ---------------------------------------------------------------------
class FakeApi(PortalApi):
    """The bundled portal's test API, answered from memory (the path is kept to check the query)."""

    def _send(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        self.__dict__.setdefault("paths", []).append(f"{method} {path}")
        return {"messages": [{"to": [MARIA], "subject": "Your sign-in code", "body": "Code 204615"}]}


def test_the_sink_mailbox_reads_the_portals_test_api() -> None:
    api = FakeApi("http://portal.invalid", "token")
    messages = SinkMailbox(api).messages_to(MARIA)
    assert newest_one_time_code(messages) == "204615"
    assert api.__dict__["paths"] == ["GET /__test__/mail?to=maria%40example.test"]


def test_the_profile_chooses_the_mailbox(tmp_path: Path) -> None:
    api = FakeApi("http://portal.invalid", "token")
    assert mailbox_for(None, api) == SinkMailbox(api)
    assert mailbox_for(resolve_target("demo"), api) == SinkMailbox(api)
    imap = mailbox_for(profile_with(tmp_path, IMAP_CODES, "imap"), api)
    assert imap == ImapMailbox("T_IMAP_HOST", "T_IMAP_USER", "T_IMAP_PASSWORD", "T_IMAP_PORT")
    assert isinstance(mailbox_for(resolve_target("example-external"), api), ImapMailbox)
    unoffered = mailbox_for(profile_with(tmp_path, 'offers = ["admin"]\n' + IMAP_CODES, "none"), api)
    assert unoffered == UnofferedMailbox("none")
    with pytest.raises(HarnessError, match=r"^The target none offers no mailbox .*tag the scenario @needs:mailbox"):
        unoffered.messages_to(MARIA)


def test_a_scenario_reads_its_targets_mailbox(tmp_path: Path, imap_env: ImapServer, secrets: Any) -> None:
    profile = profile_with(tmp_path, IMAP_CODES, "scenario")
    target = Target("scenario", "http://portal.invalid", "t", profile=profile)
    scenario = ScenarioContext("k", target, browser=None, faker=None, run_tag="ab12")  # type: ignore[arg-type]
    assert [m["subject"] for m in scenario.mailbox.messages_to(MARIA)] == ["Your sign-in code", "Your health record"]
    bare_target = Target("bare", "http://portal.invalid", "t")
    bare = ScenarioContext("k", bare_target, browser=None, faker=None, run_tag="ab12")  # type: ignore[arg-type]
    assert isinstance(bare.mailbox, SinkMailbox)


# --- TOTP (RFC 6238, appendix B: SHA-1, 8 digits, the ASCII secret "12345678901234567890") ---------
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize(("unix_time", "expected"), RFC_VECTORS)
def test_totp_codes_match_rfc_6238(
    monkeypatch: pytest.MonkeyPatch, secrets: SecretRegistry, unix_time: int, expected: str
) -> None:
    monkeypatch.setenv("T_TOTP", RFC_SECRET)
    assert totp_code("T_TOTP", "[target.codes] totp_secret_env", at=unix_time, digits=8) == expected
    moment = datetime.fromtimestamp(unix_time, UTC)
    assert totp_code("T_TOTP", "[target.codes] totp_secret_env", at=moment, digits=8) == expected
    assert secrets.mask_text(f"code {expected}, secret {RFC_SECRET}") == f"code {MASK}, secret {MASK}"


TOTP_TARGET = (
    '[target.codes]\nsource = "totp"\ntotp_secret_env = "T_TOTP"\n'
    '[target.accounts.Anna]\nusername_env = "T_ANNA_USER"\npassword_env = "T_ANNA_PASS"\n'
    'totp_secret_env = "T_ANNA_TOTP"\n'
)


def test_a_personas_own_totp_secret_wins_over_the_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secrets: Any
) -> None:
    profile = profile_with(tmp_path, TOTP_TARGET, "totp")
    monkeypatch.setenv("T_TOTP", RFC_SECRET)
    monkeypatch.setenv("T_ANNA_TOTP", base64.b32encode(b"anna's own secret!!!").decode())
    assert one_time_code_for(profile, "Maria", at=59) == "287082"  # RFC vector, 6 digits
    assert one_time_code_for(profile, "Anna", at=59) != "287082"
    monkeypatch.delenv("T_ANNA_TOTP")
    with pytest.raises(HarnessError, match=r"T_ANNA_TOTP is not set: .*\[target.accounts.Anna\] totp_secret_env"):
        one_time_code_for(profile, "Anna")


def test_people_take_the_code_from_totp_when_the_target_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secrets: Any
) -> None:
    import pyotp
    from faker import Faker

    monkeypatch.setenv("T_TOTP", RFC_SECRET)
    profile = profile_with(tmp_path, TOTP_TARGET, "people")
    scenario = SimpleNamespace(faker=Faker(), target=Target("people", "http://portal.invalid", "t", profile=profile))
    people = data.people.People(scenario)  # type: ignore[arg-type]
    code = people.one_time_code(SimpleNamespace(name="Maria", email=MARIA))  # type: ignore[arg-type]
    assert code in {pyotp.TOTP(RFC_SECRET).now(), pyotp.TOTP(RFC_SECRET).at(datetime.now(UTC), counter_offset=-1)}
    assert secrets.mask_text(code) == MASK


def test_a_bad_totp_secret_is_refused_without_repeating_it(monkeypatch: pytest.MonkeyPatch, secrets: Any) -> None:
    monkeypatch.setenv("T_TOTP", "not-a-base32-secret!")
    with pytest.raises(HarnessError) as raised:
        totp_code("T_TOTP", "[target.codes] totp_secret_env")
    assert "T_TOTP is not a base32 TOTP secret" in str(raised.value)
    assert "not-a-base32-secret!" not in str(raised.value)
    monkeypatch.delenv("T_TOTP")
    with pytest.raises(HarnessError, match=r"^The environment variable T_TOTP is not set: export it, since"):
        totp_code("T_TOTP", "[target.codes] totp_secret_env")


# --- checked before the run: an unset variable is exit 2, not a failure in every scenario ----------
def test_the_code_source_variables_are_checked_before_any_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secrets: Any
) -> None:
    imap = profile_with(tmp_path, IMAP_CODES, "check")
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("T_IMAP_PORT", "1143")
    check_code_source(imap)
    assert secrets.mask_text(PASSWORD) == MASK
    monkeypatch.delenv("T_IMAP_USER")
    with pytest.raises(HarnessError, match=r"^The environment variable T_IMAP_USER is not set"):
        check_code_source(imap)
    check_code_source(profile_with(tmp_path, 'offers = ["admin"]\n' + IMAP_CODES, "unoffered"))  # never read
    with pytest.raises(HarnessError, match=r"^The environment variable T_TOTP is not set"):
        check_code_source(profile_with(tmp_path, TOTP_TARGET, "totpcheck"))
    check_code_source(resolve_target("demo"))


def test_a_run_whose_imap_variables_are_unset_stops_with_exit_2_before_any_archive(tmp_path: Path) -> None:
    profile = tmp_path / "mailtarget.toml"
    profile.write_text(
        '[target]\nenvironment = "test"\nproduct = "riverbend"\nbase_url = "http://127.0.0.1:9"\n' + IMAP_CODES
    )
    runs = tmp_path / "runs"
    env = {
        "PORTAL_HARNESS_RUNS_DIR": str(runs),
        "PATH": "/usr/bin:/bin",
        "T_IMAP_HOST": "127.0.0.1",
        "T_IMAP_PORT": "1143",
    }
    command = [sys.executable, "-m", "portal_harness", "run", "--target", str(profile), "--no-report"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "The environment variable T_IMAP_USER is not set" in done.stderr and "Traceback" not in done.stderr
    assert not runs.exists() or not any(runs.iterdir())
