"""View, download and transmit the health record, and the activity log (VDT)."""

from __future__ import annotations
