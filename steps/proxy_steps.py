"""Proxy access: parents, adult proxies and guardians (PRX)."""

from __future__ import annotations
