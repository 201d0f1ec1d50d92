"""The public pages, before sign-in (MKT)."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from data.accessibility import scan
from data.people import People
from pages.landing_page import LandingPage


@when("someone opens the portal's landing page without signing in", target_fixture="current_page")
def opens_landing_page(people: People) -> LandingPage:
    """A fresh browser, no cookies: the public landing page."""
    return LandingPage(people.scenario.new_page()).open()


@then("the landing page links to signing in, activating an account and signing up")
def landing_page_links(current_page: LandingPage) -> None:
    """The three ways in: sign in, activate with a code from the clinic, sign up online."""
    landing = current_page
    for name, path in ((landing.SIGN_IN, "/sign-in"), (landing.ACTIVATE, "/activate"), (landing.SIGN_UP, "/sign-up")):
        expect(landing.link(name)).to_be_visible()
        expect(landing.link(name)).to_have_attribute("href", path)


@then(parsers.re(r"the landing page shows nothing about (?P<name>[A-Z]\w+)"))
def landing_page_without_phi(current_page: LandingPage, people: People, name: str) -> None:
    """Not the patient's name, MRN, date of birth, email or phone, anywhere on the page."""
    person = people[name]
    for detail in (person.last_name, person.mrn, person.date_of_birth.isoformat(), person.email, person.phone):
        expect(current_page.whole_page).not_to_contain_text(detail)


@then("an accessibility scan of the landing page finds no serious or critical violation")
def landing_page_accessible(current_page: LandingPage) -> None:
    """axe with the WCAG 2.1 A and AA rules; the findings are attached to the report."""
    result = scan(current_page.page, "landing")
    assert not result.blocking, f"landing ({result.url}): {result.summary()}"
