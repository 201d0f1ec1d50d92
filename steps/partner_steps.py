"""Partner facilities under an MOU and their staff (PRX-09, PRX-10)."""

from __future__ import annotations
