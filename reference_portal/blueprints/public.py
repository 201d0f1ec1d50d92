"""Public pages: no sign-in, no PHI."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request

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


# --- reports area: the public clinic directory and contact pages (OPS-01, MKT-01); no PHI -------
@bp.get("/clinics")
def find_clinic() -> str:
    query = request.args.get("q", "")[:100]
    clinics = current_portal().clinic_directory.search(query)
    return render_template("public/find_clinic.html", clinics=clinics, query=query)


@bp.get("/clinics/<code>/contact")
def clinic_contact(code: str) -> str:
    portal = current_portal()
    clinic = portal.clinics.find_by_code(code)
    if clinic is None:
        abort(404)
    return render_template("public/clinic_contact.html", contact=portal.clinic_directory.contact(clinic))
