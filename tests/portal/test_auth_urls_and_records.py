"""No PHI, MRN or token in any URL of the core flows (AUTH-05), and the record guard that refuses
another patient's id in a URL (AUTH-07)."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import unquote, urlsplit

import pytest
from flask import Flask

from reference_portal.access import require_subject, require_subject_owns, signed_in_required

pytestmark = pytest.mark.portal

_URL_ATTRIBUTE = re.compile(r'\b(?:href|action|src|data-[a-z-]*url)="([^"]*)"')
MAX_PAGES = 200


def urls_on(html: str) -> list[str]:
    return [unescape(url) for url in _URL_ATTRIBUTE.findall(html)]


def secrets_of(portal, person) -> list[str]:
    """What must never appear in a URL: the person's PHI, identifiers and every token in play."""
    secrets = [
        person["first_name"],
        person["last_name"],
        person["mrn"],
        person["date_of_birth"],
        person["date_of_birth"].replace("-", ""),
        person["email"],
        person["username"],
        person["password"],
    ]
    for cookie in ("portal_session", "portal_flow"):
        found = portal.client.get_cookie(cookie)
        if found:
            secrets.append(found.value)
    return secrets


def assert_clean(url: str, secrets: list[str], where: str) -> None:
    decoded = unquote(url).casefold()
    for secret in secrets:
        assert secret.casefold() not in decoded, f"{secret!r} in URL {url!r} (on {where})"


def crawl(portal, start: str, secrets: list[str]) -> set[str]:
    """Every same-site page reachable by GET from `start`; checks every URL seen on the way."""
    seen: set[str] = set()
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = portal.client.get(path)
        if response.location:
            assert_clean(response.location, secrets, f"redirect from {path}")
        for url in urls_on(response.get_data(as_text=True)):
            assert_clean(url, secrets, path)
            parts = urlsplit(url)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
                continue
            if parts.path not in seen and parts.path not in ("/sign-out", "/session/extend"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.fixture
def maria(portal):
    return portal.enroll_at_desk(username="maria.lopez", first_name="Marisol", last_name="Quintanilla")


def test_no_signed_in_page_puts_phi_or_a_token_in_a_url(portal, maria):
    portal.sign_in_fully(maria)
    visited = crawl(portal, "/home", secrets_of(portal, maria))
    assert {"/home", "/messages", "/results", "/health-summary"} <= visited


def test_the_enrollment_and_sign_in_flows_keep_secrets_out_of_urls(portal):
    patient = portal.patient(first_name="Marisol", last_name="Quintanilla")
    code = portal.activation_code(patient)
    person = {**patient, "username": "marisol.q", "password": "river stones in spring"}
    secrets = [*secrets_of(portal, person), code["code"], code["code"].replace("-", "")]
    locations = [
        portal.activate(code["code"], patient["date_of_birth"]).location,
        portal.create_account("marisol.q").location,
        portal.sign_in("marisol.q", person["password"]).location,
        portal.submit("/sign-in/set-up-codes", {"mfa_email": patient["email"]}).location,
    ]
    one_time_code = portal.latest_sign_in_code(patient["email"])
    locations.append(portal.verify(one_time_code).location)
    assert locations == ["/activate/account", "/sign-in", "/sign-in/set-up-codes", "/sign-in/verify", "/home"]
    for location in locations:
        assert_clean(location, [*secrets, one_time_code], "the enrollment flow")
    crawl(portal, "/home", [*secrets_of(portal, person), code["code"], one_time_code])


def test_public_pages_link_nowhere_revealing(portal):
    crawl(portal, "/", ["portal_session"])


# --- AUTH-07: the record guard -----------------------------------------------------------------
@pytest.fixture
def guarded_app(make_app) -> Flask:
    """A portal with two probe routes that use the guard exactly as record pages do."""
    app = make_app()

    @signed_in_required
    def record(patient_id: str) -> str:
        return f"record of {require_subject(patient_id).public_id}"

    @signed_in_required
    def owned_item(owner_key: str) -> str:
        return f"item of {require_subject_owns(int(owner_key) if owner_key.isdigit() else None).public_id}"

    app.add_url_rule("/probe/records/<patient_id>", "probe_record", record)
    app.add_url_rule("/probe/items/<owner_key>", "probe_item", owned_item)
    return app


def test_a_patient_opens_their_own_record_by_its_opaque_id(guarded_app, driver_for):
    portal = driver_for(guarded_app)
    maria = portal.enroll_at_desk()
    portal.sign_in_fully(maria)
    response = portal.client.get(f"/probe/records/{maria['id']}")
    assert response.status_code == 200 and response.get_data(as_text=True) == f"record of {maria['id']}"


def test_another_patients_id_is_refused_exactly_like_an_id_that_does_not_exist(guarded_app, driver_for):
    portal = driver_for(guarded_app)
    # a frozen clock: the pages carry the seconds left in the session, which must not tick between them
    portal.use_clock("records")
    portal.move_clock("records", at="2026-03-10T15:00:00Z", frozen=True)
    maria = portal.enroll_at_desk()
    leo = portal.enroll_at_desk(first_name="Leo", date_of_birth="2011-02-03")
    portal.sign_in_fully(maria)
    someone_else = portal.client.get(f"/probe/records/{leo['id']}")
    nobody = portal.client.get("/probe/records/pat_doesnotexist00")
    assert someone_else.status_code == nobody.status_code == 404
    same = someone_else.get_data(as_text=True).replace(leo["id"], "ID")
    assert same == nobody.get_data(as_text=True).replace("pat_doesnotexist00", "ID")
    assert "Leo" not in someone_else.get_data(as_text=True)
    assert someone_else.headers["Cache-Control"] == "no-store"


def test_an_item_of_another_record_is_refused(guarded_app, driver_for):
    portal = driver_for(guarded_app)
    maria = portal.enroll_at_desk()
    portal.sign_in_fully(maria)
    with guarded_app.app_context():
        from reference_portal.portal import current_portal

        maria_key = current_portal().patients.get(maria["id"]).id
    assert portal.client.get(f"/probe/items/{maria_key}").status_code == 200
    assert portal.client.get(f"/probe/items/{maria_key + 1}").status_code == 404
    assert portal.client.get("/probe/items/none").status_code == 404


def test_the_guard_sends_the_signed_out_to_sign_in_first(guarded_app, driver_for):
    portal = driver_for(guarded_app)
    assert portal.client.get("/probe/records/pat_anything000000").location == "/sign-in"
