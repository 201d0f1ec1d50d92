"""Secure messaging (the inbox for now; composing, routing and replies come later)."""

from __future__ import annotations

from flask import Blueprint, render_template

from reference_portal.access import signed_in_required

bp = Blueprint("messaging", __name__)


@bp.get("/messages")
@signed_in_required
def inbox() -> str:
    return render_template("messaging/inbox.html")
