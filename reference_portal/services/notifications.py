"""Email notifications. Each notice is an intent with fixed, PHI-free wording.

Sending never breaks the request that caused it: a failure is logged and reported as False.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from typing import Protocol

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.interfaces.mailbox import Mailbox, body_and_attachments, sent_date
from reference_portal.services.i18n import ENGLISH, translate
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
        body, attachments = body_and_attachments(message)  # VDT area: attachments are kept too
        sender = parseaddr(str(message["From"]))[1]
        subject = str(message["Subject"])
        self._mailbox.deliver(recipients, sender, subject, body, sent_date(message), attachments=attachments)


class Notifier:
    def __init__(
        self,
        transport: MailTransport,
        sender: str,
        settings: Settings,
        clock: Clock,
        language_for: Callable[[str], str] | None = None,
    ) -> None:
        self._language_for = language_for  # demographics area: the recipient's language (DEM-03)
        self._transport = transport
        self._sender = sender
        self._settings = settings
        self._clock = clock

    def send_sign_in_code(self, to: str, code: str) -> bool:
        """The one email allowed to carry a secret: the one-time code itself (not PHI)."""
        minutes = int(self._settings.one_time_code_lifetime.total_seconds() // 60)
        values = {"code": code, "minutes": minutes}
        return self._send(
            to, messages.SIGN_IN_CODE_SUBJECT, messages.SIGN_IN_CODE_BODY, kind="sign-in-code", values=values
        )

    # --- auth area: secrets the patient needs, never PHI -------------------------------------
    def send_sign_in_code_setup(self, to: str, code: str) -> bool:
        """First sign-in: a code that proves the patient reads this address before MFA uses it."""
        minutes = int(self._settings.one_time_code_lifetime.total_seconds() // 60)
        values = {"code": code, "minutes": minutes}
        body = messages.MFA_SETUP_CODE_BODY
        return self._send(to, messages.MFA_SETUP_CODE_SUBJECT, body, kind="sign-in-code-setup", values=values)

    def send_new_activation_code(self, to: str, code: str) -> bool:
        days = self._settings.activation_code_lifetime.days
        values = {"code": code, "days": days}
        body = messages.NEW_ACTIVATION_CODE_BODY
        return self._send(to, messages.NEW_ACTIVATION_CODE_SUBJECT, body, kind="activation-code", values=values)

    def send_password_reset_link(self, to: str, link: str) -> bool:
        minutes = int(self._settings.password_reset_link_lifetime.total_seconds() // 60)
        values = {"link": link, "minutes": minutes}
        return self._send(
            to, messages.RESET_EMAIL_SUBJECT, messages.RESET_EMAIL_BODY, kind="password-reset", values=values
        )

    def send_password_changed(self, to: str) -> bool:
        body = messages.PASSWORD_CHANGED_BODY
        return self._send(to, messages.PASSWORD_CHANGED_SUBJECT, body, kind="password-changed")

    # --- proxy area: PHI-free notices to proxies (no patient name, no relationship) ----------
    def send_proxy_access_ended(self, to: str) -> bool:
        return self._send(to, messages.PROXY_ENDED_SUBJECT, messages.PROXY_ENDED_BODY, kind="proxy-access-ended")

    def send_proxy_access_granted(self, to: str) -> bool:
        return self._send(to, messages.PROXY_GRANTED_SUBJECT, messages.PROXY_GRANTED_BODY, kind="proxy-access-granted")

    # --- results area: the new-result notice names no test, value or specialty (RES-07) ------
    def send_new_results(self, to: str) -> bool:
        return self._send(to, messages.NEW_RESULTS_SUBJECT, messages.NEW_RESULTS_BODY, kind="new-results")

    # --- messaging area: a reply is waiting; no body, subject, topic or specialty (MSG-09) ----
    def send_new_message_notice(self, to: str) -> bool:
        return self._send(to, messages.NEW_MESSAGE_SUBJECT, messages.NEW_MESSAGE_BODY, kind="new-message")

    # --- demographics area: each notice in the recipient's language (DEM-03) -----------------
    def language_for(self, to: str) -> str:
        """The recipient's language, looked up when the notice is sent."""
        return self._language_for(to) if self._language_for else ENGLISH

    # --- VDT area: the record the patient chose to send (VDT-05), as an XML attachment ----------
    def send_record(self, to: str, *, sender_name: str, filename: str, ccd: bytes) -> bool:
        attachment = (filename, "application", "xml", ccd)
        return self._send(
            to,
            messages.VDT_RECORD_EMAIL_SUBJECT,
            messages.VDT_RECORD_EMAIL_BODY,
            kind="record",
            values={"sender": sender_name},
            attachment=attachment,
        )

    def _send(
        self,
        to: str,
        subject: str,
        body: str,
        *,
        kind: str,
        values: dict[str, object] | None = None,
        attachment: tuple[str, str, str, bytes] | None = None,  # VDT area: (filename, maintype, subtype, data)
    ) -> bool:
        """`subject` and `body` are messages.py's English texts, translated here, then filled in."""
        lang = self.language_for(to)
        subject = translate(subject, lang)
        body = translate(body, lang).format(**values) if values else translate(body, lang)
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(self._clock.now())
        message.set_content(body)
        if attachment is not None:
            filename, maintype, subtype, data = attachment
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        try:
            self._transport.send(message)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send the %s notification", kind)
            return False
        return True
