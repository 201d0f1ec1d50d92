"""The audit log of access to PHI (AUD)."""

from __future__ import annotations
