"""Where the suite reads what a person was emailed: the bundled portal's sink or a real IMAP mailbox.

The target profile's `[target.codes] source` decides (`mailbox_for`). Every mailbox answers in the
shape of the bundled sink's `/__test__/mail` messages -- `to`, `from`, `subject`, `body`,
`received_at`, `attachments` -- oldest first, so the data layer reads one shape whatever the
portal. An IMAP mailbox reads its host, port, user and password from the environment variables
the profile NAMES, at the moment it is read: a profile never holds them, and a variable set after
the run started is still seen.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any, Protocol

from portal_harness.credentials import from_environment
from portal_harness.errors import HarnessError
from portal_harness.masking import SECRETS
from portal_harness.portal_api import PortalApi
from portal_harness.profiles import MISSING, CodeSource, TargetProfile

IMAPS_PORT = 993  # IMAP over TLS; any other port is spoken in plain text (a loopback test server)
_TIMEOUT_S = 15.0
_TEXT_TYPES = ("/xml", "+xml", "/json")


class Mailbox(Protocol):
    """What a person received by email, in the sink's message shape, oldest first."""

    def messages_to(self, address: str) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class SinkMailbox:
    """The bundled portal's capturing SMTP sink, read through its test API (`/__test__/mail`)."""

    api: PortalApi

    def messages_to(self, address: str) -> list[dict[str, Any]]:
        return self.api.mailbox(address)


@dataclass(frozen=True)
class UnofferedMailbox:
    """A target whose profile does not offer `mailbox`: reading one is refused like an API it lacks."""

    target_name: str

    def messages_to(self, address: str) -> list[dict[str, Any]]:
        raise HarnessError(
            f"The target {self.target_name} offers {MISSING['mailbox']}: "
            "tag the scenario @needs:mailbox, so it is skipped on such targets."
        )


@dataclass(frozen=True)
class ImapMailbox:
    """A real test mailbox over IMAP4rev1: one connection per read, the mailbox opened read-only.

    The fields are environment-variable NAMES. Port 993 (also when no port variable is named)
    speaks TLS; any other port plain IMAP, which only a test server on a trusted network should use.
    """

    host_env: str
    user_env: str
    password_env: str
    port_env: str | None = None
    folder: str = "INBOX"

    @classmethod
    def from_codes(cls, codes: CodeSource) -> ImapMailbox:
        if not (codes.imap_host_env and codes.imap_user_env and codes.imap_password_env):
            raise HarnessError(
                "[target.codes] source is imap but does not name imap_host_env, imap_user_env and "
                "imap_password_env: name all three in the target profile."
            )
        return cls(codes.imap_host_env, codes.imap_user_env, codes.imap_password_env, codes.imap_port_env)

    def settings(self) -> tuple[str, int, str, str]:
        """(host, port, user, password) from the environment, now; a missing variable is refused by name."""
        host = from_environment(self.host_env, "[target.codes] imap_host_env")
        port = self._port()
        user = from_environment(self.user_env, "[target.codes] imap_user_env")
        password = from_environment(self.password_env, "[target.codes] imap_password_env", secret=True)
        return host, port, user, password

    def messages_to(self, address: str) -> list[dict[str, Any]]:
        host, port, user, password = self.settings()
        where = f"the IMAP server {host}:{port} (from {self.host_env})"
        try:
            with _connect(host, port) as imap:
                _login(imap, user, password, where, self)
                return self._read(imap, address, where)
        except (OSError, imaplib.IMAP4.error) as error:
            # why: the server's words only, never the password (imaplib does not echo it)
            raise HarnessError(
                f"Could not read {where}: {SECRETS.mask_text(str(error)) or type(error).__name__}; "
                f"check {self.host_env} and {self.port_env or 'the port (993)'}, and that the server is up."
            ) from None

    def _port(self) -> int:
        if self.port_env is None:
            return IMAPS_PORT
        value = from_environment(self.port_env, "[target.codes] imap_port_env")
        if not value.isdigit() or not 0 < int(value) < 65536:
            raise HarnessError(f"The environment variable {self.port_env} is {value!r}, not a port: set a number.")
        return int(value)

    def _read(self, imap: imaplib.IMAP4, address: str, where: str) -> list[dict[str, Any]]:
        status, _ = imap.select(self.folder, readonly=True)  # EXAMINE: reading marks nothing \Seen
        if status != "OK":
            raise HarnessError(f"{where} has no folder {self.folder}: check the mailbox named by {self.user_env}.")
        status, found = imap.search(None, "TO", _quoted(address))
        if status != "OK":
            raise HarnessError(f"{where} refused to search for mail to {address}: check the server supports SEARCH TO.")
        numbers = b" ".join(part for part in found if part).split()
        if not numbers:
            return []
        status, fetched = imap.fetch(b",".join(numbers).decode(), "(RFC822)")
        if status != "OK":
            raise HarnessError(f"{where} refused to FETCH the messages to {address}: check the account's rights.")
        raw = [item[1] for item in fetched if isinstance(item, tuple) and isinstance(item[1], bytes)]
        messages = [message_json(email.message_from_bytes(data, policy=email.policy.default)) for data in raw]
        wanted = address.strip().lower()
        # why: SEARCH TO matches a substring of the header ("maria@x" in "anna.maria@x"); the sink matches exactly
        return [message for message in messages if wanted in message["to"]]


def _login(imap: imaplib.IMAP4, user: str, password: str, where: str, mailbox: ImapMailbox) -> None:
    try:
        imap.login(user, password)
    except imaplib.IMAP4.error:
        raise HarnessError(f"{where} refused the login: check {mailbox.user_env} and {mailbox.password_env}.") from None


def _connect(host: str, port: int) -> imaplib.IMAP4:
    if port == IMAPS_PORT:
        return imaplib.IMAP4_SSL(host, port, timeout=_TIMEOUT_S)
    return imaplib.IMAP4(host, port, timeout=_TIMEOUT_S)


def _quoted(address: str) -> str:
    """An IMAP quoted string (RFC 3501): backslash and double quote escaped."""
    return '"' + address.replace("\\", "\\\\").replace('"', '\\"') + '"'


def message_json(message: Message) -> dict[str, Any]:
    """One parsed email in the sink's shape (`reference_portal/interfaces/mailbox.py` CapturedMail)."""
    recipients = getaddresses([str(value) for header in ("To", "Cc") for value in message.get_all(header, [])])
    body, attachments = _body_and_attachments(message)
    sent = _sent_at(message)
    return {
        "to": [addr.lower() for _, addr in recipients if addr],
        "from": str(message.get("From", "")),
        "subject": str(message.get("Subject", "")),
        "body": body,
        "received_at": sent.strftime("%Y-%m-%dT%H:%M:%SZ") if sent else None,
        "attachments": attachments,
    }


def _body_and_attachments(message: Message) -> tuple[str, list[dict[str, Any]]]:
    if not isinstance(message, EmailMessage):
        return "", []
    part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
    body = str(part.get_content()).replace("\r\n", "\n") if part is not None else ""
    attachments = [_attachment(item) for item in message.iter_attachments() if isinstance(item, EmailMessage)]
    return body, attachments


def _attachment(part: EmailMessage) -> dict[str, Any]:
    data = part.get_payload(decode=True)
    data = data if isinstance(data, bytes) else b""
    content_type = part.get_content_type()
    readable = content_type.startswith("text/") or content_type.endswith(_TEXT_TYPES)
    return {
        "filename": part.get_filename() or "attachment",
        "content_type": content_type,
        "size": len(data),
        "text": data.decode("utf-8", errors="replace") if readable else None,
    }


def _sent_at(message: Message) -> datetime | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value)).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def mailbox_for(profile: TargetProfile | None, api: PortalApi) -> Mailbox:
    """The run's mailbox: IMAP when the profile says so, else the bundled sink (a bare Target: the sink)."""
    if profile is None:
        return SinkMailbox(api)
    if "mailbox" not in profile.offers:
        return UnofferedMailbox(profile.name)
    if profile.codes.source == "imap":
        return ImapMailbox.from_codes(profile.codes)
    return SinkMailbox(api)  # "sink", and "totp": codes from the secret, emails (if offered) from the sink


def check_code_source(profile: TargetProfile) -> None:
    """Before any scenario: the variables the profile's code source names are set (else exit 2, not
    a failure in every scenario that signs in). Nothing is connected to; the values are read again at use."""
    if profile.codes.source == "imap" and "mailbox" in profile.offers:
        ImapMailbox.from_codes(profile.codes).settings()
    if profile.codes.source == "totp" and profile.codes.totp_secret_env:
        from_environment(profile.codes.totp_secret_env, "[target.codes] totp_secret_env", secret=True)
