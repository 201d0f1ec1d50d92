"""The HL7 v2 listener: MLLP framing (0x0B message 0x1C 0x0D) over TCP, one thread per connection.

One message per frame, any number of frames per connection; each gets its ACK in a frame.
A connection that closes without data is simply ignored.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import threading
from collections.abc import Callable

from reference_portal.portal import Portal

log = logging.getLogger(__name__)

START_BLOCK = b"\x0b"
END_BLOCK = b"\x1c\x0d"
MAX_FRAME_BYTES = 4 * 1024 * 1024


def frame(message: str) -> bytes:
    return START_BLOCK + message.encode("utf-8") + END_BLOCK


def portal_handler(portal: Portal) -> Callable[[str], str]:
    """Each message is its own unit of work on the portal's database."""

    def handle(message: str) -> str:
        with portal.database.unit_of_work():
            return portal.hl7_inbound.handle(message)

    return handle


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


class MllpListener:
    def __init__(self, handle: Callable[[str], str], host: str = "127.0.0.1", port: int = 0) -> None:
        self._handle = handle
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._server = _Server((host, port), self._request_handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name="mllp-listener", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> int:
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self._server.shutdown()
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):  # already closed by the peer
                    connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()

    def _request_handler(self) -> type[socketserver.BaseRequestHandler]:
        listener = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                listener._serve_connection(self.request)

        return Handler

    def _serve_connection(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)
        try:
            self._read_frames(connection)
        except OSError as error:
            log.info("MLLP connection ended: %s", error)
        finally:
            with self._lock:
                self._connections.discard(connection)

    def _read_frames(self, connection: socket.socket) -> None:
        buffer = b""
        while chunk := connection.recv(65536):
            buffer += chunk
            while (end := buffer.find(END_BLOCK)) >= 0:
                block, buffer = buffer[:end], buffer[end + len(END_BLOCK) :]
                start = block.find(START_BLOCK)
                if start < 0:
                    log.warning("MLLP data without a start block ignored (%d bytes)", len(block))
                    continue
                message = block[start + 1 :].decode("utf-8", errors="replace")
                connection.sendall(frame(self._handle(message)))
            if len(buffer) > MAX_FRAME_BYTES:
                log.warning("MLLP frame larger than %d bytes: closing the connection", MAX_FRAME_BYTES)
                return
