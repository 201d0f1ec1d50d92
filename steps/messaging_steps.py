"""Secure messaging: topics, routing, auto-replies, staff replies, attachments (MSG)."""

from __future__ import annotations
