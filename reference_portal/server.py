"""Serve the portal for real: waitress (HTTP), the capturing SMTP sink and the MLLP listener,
in one process. Prints one JSON "ready" line on stdout when all three listen; logs go to stderr.
SIGTERM or SIGINT stops everything and exits 0.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, TextIO, TypeVar

import waitress

from reference_portal.app import create_app
from reference_portal.clock import system_now
from reference_portal.config import MailTransport, PortalConfig
from reference_portal.faults import resolve_faults
from reference_portal.interfaces.mailbox import Mailbox
from reference_portal.interfaces.mllp import MllpListener, portal_handler
from reference_portal.interfaces.smtp_sink import SmtpSink
from reference_portal.portal import EXTENSION_KEY, Portal
from reference_portal.releases import LATEST_RELEASE
from reference_portal.settings import Settings

log = logging.getLogger("reference_portal.server")

T = TypeVar("T")

LOOPBACK = "127.0.0.1"
HTTP_THREADS = 8


@dataclass(frozen=True)
class ServeOptions:
    host: str = LOOPBACK
    port: int = 8000
    mllp_port: int = 2575
    smtp_port: int = 8025
    release: str = LATEST_RELEASE
    faults: tuple[str, ...] = ()
    db_path: Path | None = None
    test_mode: bool = False
    admin_token: str | None = None


class StartupError(Exception):
    """The portal cannot start; the message says which setting to change."""


def serve(options: ServeOptions, *, out: TextIO = sys.stdout) -> int:
    configure_logging()
    resolve_faults(options.faults)  # an unknown fault name stops us before anything listens
    _stop_on_signals()
    sink: SmtpSink | None = None
    listener: MllpListener | None = None
    http: Any = None  # waitress has no type hints
    try:
        mailbox = Mailbox(system_now)
        sink = SmtpSink(mailbox, LOOPBACK, options.smtp_port)
        smtp_port = _listen("--smtp-port", LOOPBACK, options.smtp_port, sink.start)
        config = PortalConfig(
            settings=Settings(release=options.release),
            db_path=options.db_path,
            test_mode=options.test_mode,
            faults=options.faults,
            admin_token=options.admin_token,
            mail_transport=MailTransport.SMTP,
            smtp_host=LOOPBACK,
            smtp_port=smtp_port,
        )
        app = create_app(config, mailbox=mailbox)
        portal: Portal = app.extensions[EXTENSION_KEY]
        listener = _listen(
            "--mllp-port",
            options.host,
            options.mllp_port,
            lambda: MllpListener(portal_handler(portal), options.host, options.mllp_port),
        )
        mllp_port = listener.start()
        http = _listen(
            "--port",
            options.host,
            options.port,
            lambda: waitress.create_server(
                app, host=options.host, port=options.port, threads=HTTP_THREADS, ident="Riverbend Patient Portal"
            ),
        )
        port = _bound_port(http)
        if config.effective_admin_token is None:
            log.warning("No admin token (--admin-token or PORTAL_ADMIN_TOKEN): the admin API refuses every request")
        ready = {
            "event": "ready",
            "url": f"http://{_client_host(options.host)}:{port}",
            "port": port,
            "mllp_port": mllp_port,
            "smtp_port": smtp_port,
            "release": options.release,
            "faults": list(options.faults),
        }
        out.write(json.dumps(ready) + "\n")
        out.flush()
        log.info("Serving %s (release %s, test mode %s)", ready["url"], options.release, options.test_mode)
        http.run()  # until SIGTERM/SIGINT: waitress catches the SystemExit and stops its workers
    except SystemExit:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _close(http, listener, sink)
        log.info("Stopped")
    return 0


def configure_logging() -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection


def _stop_on_signals() -> None:
    def stop(signum: int, _frame: FrameType | None) -> None:
        signal.signal(signum, signal.SIG_IGN)
        log.info("Received %s: stopping", signal.Signals(signum).name)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _listen(option: str, host: str, port: int, start: Callable[[], T]) -> T:
    try:
        return start()
    except OSError as error:
        reason = error.strerror or str(error)
        raise StartupError(
            f"Cannot listen on {host}:{port} ({reason}): choose another {option} (0 picks a free port)."
        ) from error


def _close(http: Any, listener: MllpListener | None, sink: SmtpSink | None) -> None:
    if http is not None:
        http.task_dispatcher.shutdown(timeout=2)
        http.close()
    if listener is not None:
        listener.stop()
    if sink is not None:
        sink.stop()


def _bound_port(http: Any) -> int:
    """waitress serves one socket (effective_port) or, for a name like localhost, several."""
    if hasattr(http, "effective_port"):
        return int(http.effective_port)
    return int(http.effective_listen[0][1])


def _client_host(host: str) -> str:
    """The address a client on this machine uses for a bind address."""
    return LOOPBACK if host in ("", "0.0.0.0", "::") else host
