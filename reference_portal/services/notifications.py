"""Email notifications. Each notice is an intent with fixed, PHI-free wording.

Sending never breaks the request that caused it: a failure is logged and reported as False.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from typing import Protocol

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.interfaces.mailbox import Mailbox, sent_date
from reference_portal.settings import Settings

log = logging.getLogger(__name__)


class MailTransport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpTransport:
    def __init__(self, host: str, port: int, timeout: float = 5.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(message)


class MailboxTransport:
    """Delivers straight into a mailbox, for tests that need no SMTP server."""

    def __init__(self, mailbox: Mailbox) -> None:
        self._mailbox = mailbox

    def send(self, message: EmailMessage) -> None:
        recipients = tuple(address for _, address in getaddresses(message.get_all("To", [])))
        body = "" if message.is_multipart() else str(message.get_content())
        sender = parseaddr(str(message["From"]))[1]
        self._mailbox.deliver(recipients, sender, str(message["Subject"]), body, sent_date(message))


class Notifier:
    def __init__(self, transport: MailTransport, sender: str, settings: Settings, clock: Clock) -> None:
        self._transport = transport
        self._sender = sender
        self._settings = settings
        self._clock = clock

    def send_sign_in_code(self, to: str, code: str) -> bool:
        """The one email allowed to carry a secret: the one-time code itself (not PHI)."""
        minutes = int(self._settings.one_time_code_lifetime.total_seconds() // 60)
        body = messages.SIGN_IN_CODE_BODY.format(code=code, minutes=minutes)
        return self._send(to, messages.SIGN_IN_CODE_SUBJECT, body, kind="sign-in-code")

    def _send(self, to: str, subject: str, body: str, *, kind: str) -> bool:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(self._clock.now())
        message.set_content(body)
        try:
            self._transport.send(message)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send the %s notification", kind)
            return False
        return True
