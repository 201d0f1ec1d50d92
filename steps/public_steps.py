"""The public pages, before sign-in (MKT)."""

from __future__ import annotations
