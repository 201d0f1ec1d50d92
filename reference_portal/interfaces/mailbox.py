"""Where captured mail is kept: what a patient would have received, for tests to read."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime

from reference_portal.timestamps import to_iso


@dataclass(frozen=True)
class CapturedMail:
    to: tuple[str, ...]
    sender: str
    subject: str
    body: str
    received_at: datetime

    def as_json(self) -> dict[str, object]:
        return {
            "to": list(self.to),
            "from": self.sender,
            "subject": self.subject,
            "body": self.body,
            "received_at": to_iso(self.received_at),
        }


class Mailbox:
    """Thread-safe, in memory, oldest first. Shared by the SMTP sink and the test API."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._messages: list[CapturedMail] = []

    def deliver(
        self, to: tuple[str, ...], sender: str, subject: str, body: str, sent_at: datetime | None = None
    ) -> CapturedMail:
        """Keep a message. `sent_at` (the portal clock's Date header) wins over the arrival time,
        so a scenario that moved its clock sees its mail at its own time."""
        received_at = sent_at or self._now()
        mail = CapturedMail(tuple(address.lower() for address in to), sender, subject, body, received_at)
        with self._lock:
            self._messages.append(mail)
        return mail

    def messages_to(self, address: str) -> list[CapturedMail]:
        wanted = address.strip().lower()
        with self._lock:
            return [mail for mail in self._messages if wanted in mail.to]


def sent_date(message: Message) -> datetime | None:
    """A message's Date header as an aware UTC datetime, if it is there and readable."""
    value = message.get("Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value)).astimezone(UTC)
    except (TypeError, ValueError):
        return None
