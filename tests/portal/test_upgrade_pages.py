"""The 2026.2 pages: a new layout, classes, ids and field order (what an upgrade moves), with the
accessible names of 2026.1 kept (what the suite's page objects rely on)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from reference_portal.settings import Settings

pytestmark = pytest.mark.portal

FAST = Settings(password_hash_method="pbkdf2:sha256:1000")
PAGES = ("/", "/sign-in", "/activate", "/home", "/messages", "/messages/new", "/results", "/health-summary")


@pytest.fixture
def signed_in(make_app: Callable[..., Any], driver_for: Callable[..., Any]) -> Callable[[str], Any]:
    """A signed-in patient's browser on a portal of the given release."""

    def browser(release: str) -> Any:
        driver = driver_for(make_app(settings=replace(FAST, release=release)))
        assert driver.sign_in_fully(driver.enroll_at_desk()).location == "/home"
        return driver

    return browser


def accessible_names(html: str) -> dict[str, list[str]]:
    """Headings, labels, buttons, links and landmarks by their names, as a page object sees them."""

    def texts(pattern: str) -> list[str]:
        return [" ".join(re.sub(r"<[^>]+>", " ", found).split()) for found in re.findall(pattern, html, re.S)]

    return {
        "h1": texts(r"<h1[^>]*>(.*?)</h1>"),
        "labels": sorted(texts(r"<label[^>]*>(.*?)</label>")),
        "buttons": sorted(texts(r"<button[^>]*>(.*?)</button>")),
        "links": sorted(set(texts(r"<a [^>]*>(.*?)</a>"))),
        "landmarks": sorted(re.findall(r'<nav[^>]*aria-label="([^"]+)"', html)),
        "skip": texts(r'<a [^>]*href="#[\w-]+"[^>]*>(Skip to main content)</a>'),
    }


@pytest.mark.parametrize("path", PAGES)
def test_every_main_page_keeps_its_accessible_names_across_the_upgrade(signed_in, path):
    old, new = signed_in("2026.1"), signed_in("2026.2")
    before = accessible_names(old.client.get(path).get_data(as_text=True))
    after = accessible_names(new.client.get(path).get_data(as_text=True))
    # The sidebar's Menu button is new in 2026.2; every 2026.1 name is still there.
    after["buttons"] = [name for name in after["buttons"] if name != "Menu"]
    assert after == before


def test_the_layout_changes_classes_ids_and_nesting(signed_in):
    old = signed_in("2026.1").client.get("/home").get_data(as_text=True)
    new = signed_in("2026.2").client.get("/home").get_data(as_text=True)
    assert 'class="main-nav"' in old and 'href="#main"' in old and '<main id="main"' in old
    assert 'class="sidenav"' in new and 'href="#page-content"' in new and '<main id="page-content"' in new
    assert 'class="main-nav"' not in new and "portal-2026.2.css" in new and "portal-2026.2.css" not in old
    # The Menu disclosure controls the sidebar that holds the "Main" navigation.
    assert 'aria-expanded="true" aria-controls="app-sidebar"' in new
    assert re.search(r'id="app-sidebar">\s*<nav class="sidenav" aria-label="Main">', new)


def test_fields_are_wrapped_and_reordered_in_2026_2(signed_in):
    def order(html: str, *names: str) -> list[str]:
        return sorted(names, key=lambda name: html.index(f'for="{name}"'))

    old, new = signed_in("2026.1"), signed_in("2026.2")
    old_compose, new_compose = (browser.client.get("/messages/new").get_data(as_text=True) for browser in (old, new))
    assert order(old_compose, "topic", "subject") == ["topic", "subject"]
    assert order(new_compose, "topic", "subject") == ["subject", "topic"]
    assert '<div class="form-group__control">\n  <input class="form-control' in new_compose
    old_activate = old.new_browser().client.get("/activate").get_data(as_text=True)
    new_activate = new.new_browser().client.get("/activate").get_data(as_text=True)
    assert order(old_activate, "activation_code", "date_of_birth") == ["activation_code", "date_of_birth"]
    assert order(new_activate, "activation_code", "date_of_birth") == ["date_of_birth", "activation_code"]


def test_prescription_renewal_is_offered_only_in_2026_2(signed_in):
    """MSG-10 exists only in the new release."""
    old, new = signed_in("2026.1"), signed_in("2026.2")
    assert "Prescription renewal" not in old.client.get("/messages/new").get_data(as_text=True)
    assert ">Prescription renewal</option>" in new.client.get("/messages/new").get_data(as_text=True)


def test_the_2026_2_layout_is_translated(signed_in):
    new = signed_in("2026.2")
    page = new.submit("/language", {"language": "es", "next": "/home"}, form_page="/home")
    assert page.status_code == 302
    html = new.client.get("/messages/new").get_data(as_text=True)
    assert '<html lang="es">' in html and "Menú" in html and "No es para emergencias" in html
