"""Test results (the list for now; release rules and sensitive results come later)."""

from __future__ import annotations

from flask import Blueprint, render_template

from reference_portal.access import signed_in_required

bp = Blueprint("results", __name__)


@bp.get("/results")
@signed_in_required
def results_list() -> str:
    return render_template("results/list.html")
