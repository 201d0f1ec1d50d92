"""Reports: weekly per-site enrollment, utilization, replies, timely access (RPT)."""

from __future__ import annotations
