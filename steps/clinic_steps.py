"""Clinic operations: hours of operation, holidays and the contact page (OPS)."""

from __future__ import annotations
