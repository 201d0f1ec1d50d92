"""A capturing SMTP server: accepts every message on loopback and keeps it in a Mailbox."""

from __future__ import annotations

import asyncio
import logging
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from reference_portal.interfaces.mailbox import Mailbox, body_and_attachments, sent_date

log = logging.getLogger(__name__)


class _CaptureHandler:
    def __init__(self, mailbox: Mailbox) -> None:
        self._mailbox = mailbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        content = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        body, attachments = body_and_attachments(message)  # VDT area: attachments are kept too
        recipients = tuple(str(address) for address in envelope.rcpt_tos)
        self._mailbox.deliver(
            recipients,
            str(envelope.mail_from),
            str(message["Subject"] or ""),
            body,
            sent_date(message),
            attachments=attachments,
        )
        log.info("Captured mail for %s", ", ".join(recipients))
        return "250 Message accepted for delivery"


class _AnyPortController(Controller):
    """aiosmtpd's Controller, able to listen on port 0 (it needs the real port to self-test)."""

    def _trigger_server(self) -> None:
        server = self.server
        if isinstance(server, asyncio.Server) and server.sockets:
            self.port = server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


class SmtpSink:
    def __init__(self, mailbox: Mailbox, host: str = "127.0.0.1", port: int = 0) -> None:
        self._controller = _AnyPortController(_CaptureHandler(mailbox), hostname=host, port=port)

    @property
    def port(self) -> int:
        return int(self._controller.port)

    def start(self) -> int:
        self._controller.start()
        return self.port

    def stop(self) -> None:
        self._controller.stop()
