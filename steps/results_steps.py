"""Lab results, their release rules and sensitive results (RES)."""

from __future__ import annotations
