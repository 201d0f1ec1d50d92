"""Where captured mail is kept: what a patient would have received, for tests to read."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime

from reference_portal.timestamps import to_iso


@dataclass(frozen=True)
class CapturedAttachment:
    """VDT area: a file sent with a message (a transmitted CCD); text parts are readable."""

    filename: str
    content_type: str
    data: bytes

    def as_json(self) -> dict[str, object]:
        text = None
        if self.content_type.startswith("text/") or self.content_type.endswith(("/xml", "+xml", "/json")):
            text = self.data.decode("utf-8", errors="replace")
        return {"filename": self.filename, "content_type": self.content_type, "size": len(self.data), "text": text}


@dataclass(frozen=True)
class CapturedMail:
    to: tuple[str, ...]
    sender: str
    subject: str
    body: str
    received_at: datetime
    attachments: tuple[CapturedAttachment, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "to": list(self.to),
            "from": self.sender,
            "subject": self.subject,
            "body": self.body,
            "received_at": to_iso(self.received_at),
            "attachments": [attachment.as_json() for attachment in self.attachments],
        }


class Mailbox:
    """Thread-safe, in memory, oldest first. Shared by the SMTP sink and the test API."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._messages: list[CapturedMail] = []

    def deliver(
        self,
        to: tuple[str, ...],
        sender: str,
        subject: str,
        body: str,
        sent_at: datetime | None = None,
        *,
        attachments: tuple[CapturedAttachment, ...] = (),
    ) -> CapturedMail:
        """Keep a message. `sent_at` (the portal clock's Date header) wins over the arrival time,
        so a scenario that moved its clock sees its mail at its own time."""
        received_at = sent_at or self._now()
        mail = CapturedMail(tuple(address.lower() for address in to), sender, subject, body, received_at, attachments)
        with self._lock:
            self._messages.append(mail)
        return mail

    def messages_to(self, address: str) -> list[CapturedMail]:
        wanted = address.strip().lower()
        with self._lock:
            return [mail for mail in self._messages if wanted in mail.to]


def body_and_attachments(message: Message) -> tuple[str, tuple[CapturedAttachment, ...]]:
    """VDT area: the plain-text body and the attached files of a message (either may be empty)."""
    if not isinstance(message, EmailMessage):
        return "", ()
    if not message.is_multipart():
        return str(message.get_content()).replace("\r\n", "\n"), ()
    part = message.get_body(preferencelist=("plain",))
    body = str(part.get_content()).replace("\r\n", "\n") if part is not None else ""
    attachments = tuple(
        CapturedAttachment(
            attachment.get_filename() or "attachment",
            attachment.get_content_type(),
            _payload(attachment),
        )
        for attachment in message.iter_attachments()
        if isinstance(attachment, EmailMessage)
    )
    return body, attachments


def _payload(part: EmailMessage) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def sent_date(message: Message) -> datetime | None:
    """A message's Date header as an aware UTC datetime, if it is there and readable."""
    value = message.get("Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value)).astimezone(UTC)
    except (TypeError, ValueError):
        return None
