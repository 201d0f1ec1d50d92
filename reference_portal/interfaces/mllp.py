"""The HL7 v2 listener: MLLP framing (0x0B message 0x1C 0x0D) over TCP, one thread per connection.

One message per frame, any number of frames per connection, in as many or as few TCP writes as
the sender likes; each gets its ACK in a frame, in order. A connection that closes without data
is simply ignored. Lenient where senders differ: a frame ended by 0x1C alone is accepted, and a
message that is not UTF-8 is read as Latin-1 (HL7's common 8-bit default). A message the portal
cannot handle gets a non-AA ACK and the listener keeps serving (INT-03).
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
FILE_SEPARATOR = b"\x1c"
CARRIAGE_RETURN = b"\x0d"
MAX_FRAME_BYTES = 4 * 1024 * 1024


def frame(message: str) -> bytes:
    return START_BLOCK + message.encode("utf-8") + END_BLOCK


def portal_handler(portal: Portal) -> Callable[[str], str]:
    """Each message is its own unit of work on the portal's database."""

    def handle(message: str) -> str:
        with portal.database.unit_of_work():
            try:
                return portal.hl7_inbound.handle(message)
            except Exception:  # never let one message end the connection or the listener
                log.exception("HL7 message could not be handled")
                return portal.hl7_inbound.rejection("Internal error while processing the message")

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
        skip_return = False  # the last frame ended with 0x1C alone: a 0x0D may still follow
        while chunk := connection.recv(65536):
            buffer += chunk
            if skip_return and buffer.startswith(CARRIAGE_RETURN):
                buffer = buffer[1:]
            skip_return = False
            while (end := buffer.find(FILE_SEPARATOR)) >= 0:
                block = buffer[:end]
                trailer = buffer[end + 1 : end + 2]
                if trailer == CARRIAGE_RETURN:
                    buffer = buffer[end + 2 :]
                else:
                    buffer = buffer[end + 1 :]
                    skip_return = not trailer
                start = block.find(START_BLOCK)
                if start < 0:
                    log.warning("MLLP data without a start block ignored (%d bytes)", len(block))
                    continue
                connection.sendall(frame(self._handle(_decode(block[start + 1 :]))))
            if len(buffer) > MAX_FRAME_BYTES:
                log.warning("MLLP frame larger than %d bytes: closing the connection", MAX_FRAME_BYTES)
                return


def _decode(message: bytes) -> str:
    try:
        return message.decode("utf-8")
    except UnicodeDecodeError:
        return message.decode("latin-1")
