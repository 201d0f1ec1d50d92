"""Sessions, sign-out, time-outs, password resets and what a URL may carry (AUTH)."""

from __future__ import annotations
