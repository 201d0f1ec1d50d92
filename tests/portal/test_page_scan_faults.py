"""The faults only a page scan catches: a form field that loses its label (axe, A11Y-01) and a page
much slower than its budget (`--scan speed`). Each changes exactly its page; without it the page is right."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from jinja2 import DictLoader, Environment

from reference_portal.faults import list_faults, speed
from reference_portal.releases import RELEASES
from reference_portal.settings import Settings
from reference_portal.template_edits import EditedTemplates, TemplateEdit, TemplateEditError

pytestmark = pytest.mark.portal

FAST = Settings(password_hash_method="pbkdf2:sha256:1000")
LABEL_FAULT = "download-date-field-loses-label"
SPEED_FAULT = "results-list-slow"


def unlabelled_fields(html: str) -> list[str]:
    """The ids of the visible inputs, selects and textareas no <label for> points at (axe's `label` rule)."""
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    ids = [re.search(r'\bid="([^"]+)"', tag) for tag in fields if 'type="hidden"' not in tag]
    return [found.group(1) if found else "(no id)" for found in ids if not found or found.group(1) not in labelled]


@pytest.fixture
def signed_in(make_app: Callable[..., Any], driver_for: Callable[..., Any]) -> Callable[..., Any]:
    """A signed-in patient's browser on a portal of the given release, with the given faults."""

    def browser(release: str, *faults: str) -> Any:
        driver = driver_for(make_app(settings=replace(FAST, release=release), faults=faults))
        assert driver.sign_in_fully(driver.enroll_at_desk()).location == "/home"
        return driver

    return browser


def test_the_catalogue_names_the_scans_and_scenarios_that_catch_them() -> None:
    faults = {fault.name: fault for fault in list_faults()}
    label, slow = faults[LABEL_FAULT], faults[SPEED_FAULT]
    assert (label.area, label.kind, label.caught_by, label.scans) == ("A11Y", "accessibility", ("A11Y-01",), ())
    assert (slow.area, slow.kind, slow.scans) == ("RES", "speed", ("speed",))
    assert slow.caught_by == ("RES-01", "RES-02", "RES-03")  # each opens the results list
    assert [fault.name for fault in faults.values() if fault.scans] == [SPEED_FAULT]  # axe runs in A11Y-01 itself


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize("faulty", [False, True], ids=["without-fault", "with-fault"])
def test_the_download_pages_to_date_loses_its_label(signed_in: Callable[..., Any], release: str, faulty: bool) -> None:
    driver = signed_in(release, *([LABEL_FAULT] if faulty else []))
    page = driver.client.get("/health-summary/download").get_data(as_text=True)
    assert unlabelled_fields(page) == (["date-to"] if faulty else [])
    assert 'name="date_to"' in page  # the form still posts the field: only a screen reader notices
    # the other pages with a date filter keep theirs
    assert unlabelled_fields(driver.client.get("/health-summary/transmit").get_data(as_text=True)) == []
    assert unlabelled_fields(driver.client.get("/health-summary").get_data(as_text=True)) == []


def test_a_template_edit_that_no_longer_fits_stops_the_portal_at_start_up() -> None:
    loader = DictLoader({"vdt/download.html": "<form>{{ date_filter(errors, values) }}</form>"})
    fits = EditedTemplates(loader, [TemplateEdit("vdt/download.html", "<form>", '<form class="new">')])
    fits.check(Environment())
    assert fits.get_source(Environment(), "vdt/download.html")[0].startswith('<form class="new">')
    stale = EditedTemplates(loader, [TemplateEdit("vdt/download.html", "{{ dates() }}", "")])
    with pytest.raises(TemplateEditError, match=r"no longer contains the text a fault edits \('\{\{ dates\(\) \}\}'\)"):
        stale.check(Environment())


@pytest.mark.parametrize("faulty", [False, True], ids=["without-fault", "with-fault"])
def test_the_results_list_waits_only_with_the_speed_fault(
    signed_in: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, faulty: bool
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(speed, "sleep", waits.append)  # no real waiting: what the view would sleep
    driver = signed_in(RELEASES[-1], *([SPEED_FAULT] if faulty else []))
    for other_page in ("/home", "/messages", "/health-summary"):
        assert driver.client.get(other_page).status_code == 200
    assert waits == []
    assert driver.client.get("/results").status_code == 200
    assert waits == ([speed.RESULTS_LIST_DELAY_SECONDS] if faulty else [])
    assert all(seconds >= 1.0 for seconds in waits)
