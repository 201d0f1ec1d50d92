"""Demographics: profile changes, updates from the EHR, language (DEM)."""

from __future__ import annotations
