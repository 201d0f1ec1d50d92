"""The support console: account status, resending codes, unlocking (SUP)."""

from __future__ import annotations
