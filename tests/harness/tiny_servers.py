"""Tiny stand-in portals for preflight and bad-input tests: one that answers a fixed status to
everything, one that accepts connections and never answers, and a port where nothing listens."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = b'{"product": "Riverbend Patient Portal", "release": "2026.2"}'


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def answering(
    status: int,
    *,
    admin_status: int | None = None,
    body: bytes = b"<html>portal</html>",
    pages: dict[str, bytes] | None = None,
) -> Iterator[str]:
    """An HTTP server answering `status` to every GET (and `admin_status` under /api/admin/); yields its URL.

    With 200, `/version` says what the bundled portal says about itself, and a path in `pages`
    answers its HTML.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            code = admin_status if admin_status is not None and self.path.startswith("/api/admin/") else status
            answer = VERSION if self.path == "/version" and code == 200 else (pages or {}).get(self.path, body)
            self.send_response(code)
            self.send_header("Content-Type", "text/html" if answer != VERSION else "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent() -> Iterator[str]:
    """A server that accepts connections and never answers (a portal that hangs); yields its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(connection)  # kept open, never read or answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()
