"""Accessibility: axe scans, keyboard use, announced errors and warnings (A11Y)."""

from __future__ import annotations
