"""HL7 v2 over MLLP: a small client that sends one message and reads its acknowledgement.

Every message carries the scenario's clock scope in a `ZCK` segment (the bundled portal's local
Z-segment), so what HL7 files lives on the scenario's own clock, as HTTP calls do.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

START_BLOCK, END_BLOCK = b"\x0b", b"\x1c\r"
_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Ack:
    """The MSA segment of an original-mode acknowledgement: AA accepted, AE error, AR rejected."""

    code: str
    control_id: str
    text: str


class MllpClient:
    """One MLLP connection per message, as simple interface engines do."""

    def __init__(self, host: str, port: int, clock_scope: str | None = None) -> None:
        self.host, self.port, self.clock_scope = host, port, clock_scope

    def __repr__(self) -> str:
        return f"MllpClient({self.host}:{self.port})"

    def send(self, message: str) -> Ack:
        if self.clock_scope:
            message = f"{message}\rZCK|{self.clock_scope}"
        with socket.create_connection((self.host, self.port), timeout=_TIMEOUT_S) as connection:
            connection.sendall(START_BLOCK + message.encode("utf-8") + END_BLOCK)
            reply = b""
            while not reply.endswith(END_BLOCK):
                chunk = connection.recv(65536)
                if not chunk:
                    raise ConnectionError(f"the HL7 listener at {self.host}:{self.port} closed without an ACK")
                reply += chunk
        return parse_ack(reply)


def parse_ack(reply: bytes) -> Ack:
    segments = reply.strip(START_BLOCK + END_BLOCK).decode("utf-8").split("\r")
    msa = next((s.split("|") for s in segments if s.startswith("MSA|")), None)
    if msa is None:
        raise ValueError(f"the acknowledgement has no MSA segment: {segments!r}")
    return Ack(code=msa[1], control_id=msa[2] if len(msa) > 2 else "", text=msa[3] if len(msa) > 3 else "")
