"""View, download, transmit: the health summary (download and transmit come later)."""

from __future__ import annotations

from flask import Blueprint, render_template

from reference_portal.access import signed_in_required

bp = Blueprint("vdt", __name__)


@bp.get("/health-summary")
@signed_in_required
def health_summary() -> str:
    return render_template("vdt/health_summary.html")
