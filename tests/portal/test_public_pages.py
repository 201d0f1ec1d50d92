"""Public pages, /version, headers, and what exists only in test mode."""

from __future__ import annotations

import re

import pytest

from reference_portal.settings import Settings

pytestmark = pytest.mark.portal


def test_landing_page_is_public_and_links_to_the_three_ways_in(portal):
    page = portal.client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="en">' in html
    skip = re.search(r'href="#([\w-]+)">Skip to main content</a>', html)  # the target's id differs by release
    assert skip and skip.start() < html.index("<header") and f'<main id="{skip.group(1)}"' in html
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Riverbend Health patient portal"]
    for href, name in (("/sign-in", "Sign in"), ("/activate", "Activate your account"), ("/sign-up", "Sign up")):
        assert re.search(rf'href="{href}">{name}</a>', html), name
    assert 'aria-label="Main"' not in html  # no navigation before sign-in
    assert "Riverbend Patient Portal · Release 2026.2" in html


def test_sign_up_is_a_page_of_its_own(portal):
    assert "<h1>Sign up</h1>" in portal.client.get("/sign-up").get_data(as_text=True)


def test_version_names_product_release_mode_and_faults(portal):
    assert portal.client.get("/version").get_json() == {
        "product": "Riverbend Patient Portal",
        "release": "2026.2",
        "test_mode": True,
        "faults": [],
    }


def test_the_older_release_says_so_in_the_footer_and_version(make_app):
    client = make_app(settings=Settings(release="2026.1")).test_client()
    assert client.get("/version").get_json()["release"] == "2026.1"
    assert "Release 2026.1" in client.get("/").get_data(as_text=True)


def test_pages_are_never_cached_and_carry_security_headers(portal):
    response = portal.client.get("/sign-in")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_test_endpoints_do_not_exist_outside_test_mode(make_app):
    client = make_app(test_mode=False).test_client()
    assert client.post("/__test__/clock", json={"scope": "s", "offset_seconds": 60}).status_code == 404
    assert client.get("/__test__/mail", query_string={"to": "a@example.test"}).status_code == 404
    assert client.get("/version").get_json()["test_mode"] is False


def test_unknown_pages_get_a_page_not_found(portal):
    response = portal.client.get("/no-such-page")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.get_data(as_text=True)


def test_a_form_posted_without_its_token_is_refused(portal):
    response = portal.client.post("/sign-in", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "<h1>Please try again</h1>" in response.get_data(as_text=True)
