"""Public pages: no sign-in, no PHI."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template

from reference_portal.portal import current_portal
from reference_portal.releases import PRODUCT_NAME

bp = Blueprint("public", __name__)


@bp.get("/")
def landing() -> str:
    return render_template("public/landing.html")


@bp.get("/version")
def version() -> Response:
    portal = current_portal()
    return jsonify(
        product=PRODUCT_NAME,
        release=portal.settings.release,
        test_mode=portal.config.test_mode,
        faults=list(portal.config.faults),
    )
