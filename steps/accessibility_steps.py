"""Accessibility: axe scans, keyboard use, announced errors and warnings (A11Y)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest import fixture
from pytest_bdd import given, parsers, then, when

from data.accessibility import AxeScan, give_something_to_show, scan
from data.expectations import Expectations
from data.keyboard_journey import MAIN_LANDMARK, SKIP_LINK_TEXT, KeyboardJourney, sign_in_by_keyboard
from data.people import People, Person
from pages.activation_errors_page import ActivationErrorsPage
from pages.activation_page import ActivationPage
from pages.base_page import BasePage
from pages.download_record_page import DownloadRecordPage
from pages.home_page import HomePage
from pages.messages_page import MessagesPage
from pages.proxy_components import RecordBar
from pages.session_components import SessionTimeoutWarning
from pages.sign_in_page import SignInPage
from pages.test_results_page import TestResultsPage


def _proxy_switcher(page: Page, people: People) -> BasePage:
    """Home, switched to the child's record: the record bar shows the banner and the switcher."""
    home = HomePage(page).open()
    child = people["Sam"]
    RecordBar(page).switch_to(f"{child.first_name} {child.last_name}")
    return home.ready()


# The screens A11Y-01 scans, opened by URL through their page objects; None: before sign-in.
SIGNED_OUT_SCREENS: dict[str, Callable[[Page], BasePage]] = {
    "sign-in": lambda page: SignInPage(page).open(),
    "enrollment": lambda page: ActivationPage(page).open(),
}
SIGNED_IN_SCREENS: dict[str, Callable[[Page, People], BasePage]] = {
    "home": lambda page, people: HomePage(page).open(),
    "results": lambda page, people: TestResultsPage(page).open(),
    "messages": lambda page, people: MessagesPage(page).open(),
    "download": lambda page, people: DownloadRecordPage(page).open(),
    "proxy switcher": _proxy_switcher,
    "appointments": lambda page, people: HomePage(page).open(),
}


@given(
    parsers.re(
        r"(?P<name>[A-Z]\w+) is signed in, with a result, a message, an upcoming appointment "
        r"and (?P<child>[A-Z]\w+)'s record to switch to"
    ),
    target_fixture="signed_in_page",
)
def signed_in_with_everything(people: People, patient: Person, name: str, child: str) -> Page:
    """The patient's screens have something on them: a lab result, a message to the care team, an
    appointment next week, and a child's record she holds parent proxy access to."""
    give_something_to_show(people, people[name], child)
    return people.page_of(people[name])


@when(parsers.parse("the {screen} screen is scanned for WCAG 2.1 A and AA problems"), target_fixture="axe_scan")
def scan_screen(people: People, signed_in_page: Page, screen: str) -> AxeScan:
    """Opens the screen (signed-out screens in a fresh browser) and runs axe with the WCAG 2.1 A/AA rules.
    The violations are attached to the report as JSON."""
    if screen in SIGNED_OUT_SCREENS:
        opened = SIGNED_OUT_SCREENS[screen](people.scenario.new_page())
    else:
        opened = SIGNED_IN_SCREENS[screen](signed_in_page, people)
    result = scan(opened.page, screen)
    return result


@then("the scan finds no serious or critical violation")
def no_serious_violation(axe_scan: AxeScan) -> None:
    """Minor and moderate findings are reported (in the attachment) but do not fail the scenario."""
    assert not axe_scan.blocking, f"{axe_scan.screen} ({axe_scan.url}): {axe_scan.summary()}"


# --- A11Y-02: the keyboard alone -------------------------------------------------------------------
@fixture
def keyboard_journey() -> KeyboardJourney:
    """Every focus stop of a keyboard-only journey, filled in by the When step."""
    return KeyboardJourney()


@when(
    parsers.re(r"(?P<name>[A-Z]\w+) signs in using only the keyboard, starting from the skip link"),
    target_fixture="current_page",
)
def signs_in_by_keyboard(people: People, keyboard_journey: KeyboardJourney, name: str) -> HomePage:
    """No mouse: Tab, Enter and typing only, in a fresh browser; every focus stop is recorded."""
    person = people[name]
    page = people.new_browser_for(person)
    sign_in_by_keyboard(people, person, page, keyboard_journey)
    return HomePage(page)


@then("the first Tab stop was the skip link, and it moved focus to the main content")
def skip_link_first(keyboard_journey: KeyboardJourney) -> None:
    """Keyboard users skip the header and navigation in one key press."""
    first, after = keyboard_journey.first_stop, keyboard_journey.after_skip_link
    assert first is not None and first.text == SKIP_LINK_TEXT, f"the first Tab stop was {first}"
    assert after is not None and after.tag == MAIN_LANDMARK, f"after the skip link, focus was on {after}"


@then("every control that had focus showed a visible focus indicator")
def focus_visible(keyboard_journey: KeyboardJourney) -> None:
    """An outline or a focus ring on every link, field and button the keyboard reached."""
    hidden = keyboard_journey.stops_without_visible_focus
    assert not hidden, f"focus was not visible on: {hidden}"


# --- A11Y-03: errors in words, tied to their fields -------------------------------------------------
@when("someone submits the activation form with neither a code nor a date of birth", target_fixture="current_page")
def submits_empty_activation(people: People) -> ActivationErrorsPage:
    """Both fields left empty: the portal explains what is missing."""
    return ActivationErrorsPage(people.scenario.new_page()).open().submit_empty()


@then("the error summary names each problem in words, each linked to its field")
def error_summary_links(current_page: ActivationErrorsPage) -> None:
    """The summary (announced as an alert) lists the problems; each link points at the field it is about."""
    for field_id, message in current_page.REQUIRED_FIELD_ERRORS.items():
        link = current_page.errors.box.get_by_role("link", name=message)
        expect(link).to_have_attribute("href", f"#{field_id}")


@then("each field with a problem is marked invalid and described by its error message")
def fields_described_by_errors(current_page: ActivationErrorsPage) -> None:
    """A screen reader reads the error with the field's label (aria-describedby, aria-invalid)."""
    for label, message in current_page.REQUIRED_FIELD_ERRORS_BY_LABEL.items():
        field = current_page.page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))


# --- A11Y-04: the session-timeout warning ----------------------------------------------------------
@when(
    parsers.re(
        r"(?P<name>[A-Z]\w+) leaves (?:her|his|their) home page open "
        r"until (?P<minutes>\d+) minutes? before the idle timeout"
    ),
    target_fixture="current_page",
)
def idle_until_warning(
    people: People, expected: Expectations, signed_in_page: Page, name: str, minutes: str
) -> HomePage:
    """The page stays open and untouched while the scenario's clock moves on (no waiting)."""
    home = HomePage(signed_in_page).open()
    idle = expected.authentication.idle_timeout_minutes - int(minutes)
    people.scenario.api.move_clock(advance_seconds=idle * 60)
    return home


@then("a warning is announced as an alert dialog, with the button to stay signed in focused")
def timeout_warning_announced(current_page: HomePage) -> None:
    """role=alertdialog, named by its title, and focus on "Stay signed in": one key press extends the session."""
    warning = SessionTimeoutWarning(current_page.page)
    expect(warning.dialog).to_be_visible(timeout=warning.REACTS_WITHIN_MS)
    expect(warning.stay_signed_in_button).to_be_focused()
