"""Opaque identifiers and secret digests."""

from __future__ import annotations

import hashlib
import secrets


def new_public_id(prefix: str) -> str:
    """A random id for URLs and APIs, e.g. `pat_N3v9Qx2KpL0aZ7cW`; never the database key."""
    return f"{prefix}_{secrets.token_urlsafe(12)}"


def digest(secret: str) -> str:
    """How secrets (codes, tokens) are stored: only their SHA-256."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
