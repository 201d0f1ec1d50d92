"""The signed-in home page."""

from __future__ import annotations

from flask import Blueprint, render_template

from reference_portal.access import signed_in_required

bp = Blueprint("home", __name__)


@bp.get("/home")
@signed_in_required
def home() -> str:
    return render_template("home/home.html")
