"""The signed-in home page."""

from __future__ import annotations

from flask import Blueprint, render_template

from reference_portal.access import open_while_identity_pending, signed_in_required

bp = Blueprint("home", __name__)


@bp.get("/home")
@signed_in_required
@open_while_identity_pending  # shows the identity notice itself, and no clinical data
def home() -> str:
    return render_template("home/home.html")
