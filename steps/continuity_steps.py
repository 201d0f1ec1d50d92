"""Upgrade continuity: data made before an upgrade, checked after it (UPG)."""

from __future__ import annotations
