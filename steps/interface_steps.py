"""HL7 v2 interfaces: results, registrations and demographics from the EHR and the lab (INT)."""

from __future__ import annotations
