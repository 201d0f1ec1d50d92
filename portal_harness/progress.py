"""Progress for people: one line per phase on stderr, so stdout stays clean for --json."""

from __future__ import annotations

import sys
import time

_START = time.monotonic()


def say(message: str) -> None:
    elapsed = time.monotonic() - _START
    print(f"[portal-harness {elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)
