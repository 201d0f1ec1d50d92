"""Sessions, sign-out, time-outs, password resets and what a URL may carry (AUTH)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from data.accounts import move_scenario_clock, session_cookie_value
from data.clinical_items import ITEM_MAKERS, RecordContents, put_on_record
from data.expectations import Expectations
from data.people import People
from data.sessions import (
    ONE_MINUTE,
    ask_for_reset_link,
    duration_in_phrase,
    idle_timeout,
    new_password,
    password_changed_notices,
    phi_of,
    reset_link_lifetime,
    stay_active,
    stay_idle,
)
from pages.base_page import BasePage
from pages.components.navigation import MainNavigation
from pages.not_found_page import NotFoundPage
from pages.password_reset_page import NewPasswordPage, ResetLink, ResetLinkRefusedPage
from pages.portal_walk import AddressBar, AddressRecorder, PortalWalk, VisitedPage
from pages.session_components import SESSION_COOKIE, SessionTimeoutWarning, SignedOutNotice, add_session_cookie
from pages.sign_in_page import SignInPage
from steps.phrases import POSSESSIVE, SUBJECT

_KINDS = "|".join(ITEM_MAKERS)


@dataclass(frozen=True)
class EndedSession:
    """A browser just signed out, and the session cookie it carried before (what a thief would have copied)."""

    page: Page
    copied_cookie: str


@dataclass(frozen=True)
class Browsing:
    """What one browser did: every address it asked for, and its session cookie at the end."""

    addresses: list[str]
    session_cookie: str | None


# --- what is on the record --------------------------------------------------------------------
@given(
    parsers.re(rf"(?P<name>[A-Z]\w+)'s record holds (?P<items>(?:(?:, | and )?an? (?:{_KINDS}))+)$"),
    target_fixture="record",
)
def record_holds(people: People, name: str, items: str) -> RecordContents:
    """Clinical items on the patient's record (results and notes via the admin API, a message sent over HTTP)."""
    kinds = re.findall(rf"an? ({_KINDS})", items)
    return put_on_record(people, people[name], kinds)


@given(parsers.re(rf"(?P<name>[A-Z]\w+) is reading {POSSESSIVE} (?P<kind>{_KINDS})$"))
def is_reading(people: People, record: RecordContents, name: str, kind: str) -> None:
    """The signed-in patient has the item open in the browser (its address opened directly, no clicking)."""
    AddressBar(people.page_of(people[name])).open_item(kind, record[kind].id)


@given(parsers.re(rf"(?P<name>[A-Z]\w+) has opened every page of {POSSESSIVE} portal"), target_fixture="visited_pages")
def opened_every_page(people: People, name: str) -> list[VisitedPage]:
    """The signed-in patient's browser has opened every page reachable by a link from home (by address, no clicks)."""
    return PortalWalk(people.page_of(people[name])).visit_every_page()


# --- time passing (AUTH-03) -------------------------------------------------------------------
@when(
    parsers.re(
        r"(?P<name>[A-Z]\w+) (?P<activity>leaves the portal untouched|keeps using the portal) "
        r"for (?P<how_long>a minute (?:less|more) than the (?:idle timeout|absolute session limit))"
    )
)
def time_passes(people: People, expected: Expectations, name: str, activity: str, how_long: str) -> None:
    """The scenario's clock moves past (or to just before) a session limit from the target profile; nothing waits."""
    duration = duration_in_phrase(how_long, expected)
    if activity == "keeps using the portal":
        stay_active(people, people.page_of(people[name]), duration, expected)
    else:
        stay_idle(people, duration)


@then(parsers.re(rf"(?P<name>[A-Z]\w+) sees a warning that {SUBJECT} will be signed out soon$"))
def sees_idle_warning(people: People, name: str) -> None:
    """The open page warns before the idle timeout and offers to stay signed in."""
    warning = SessionTimeoutWarning(people.page_of(people[name]))
    expect(warning.dialog).to_be_visible(timeout=SessionTimeoutWarning.REACTS_WITHIN_MS)
    expect(warning.dialog).to_contain_text(SessionTimeoutWarning.IDLE_REASON)
    expect(warning.stay_signed_in_button).to_be_visible()


@then(parsers.re(rf"(?P<name>[A-Z]\w+) sees a warning that {POSSESSIVE} session ends soon and cannot be extended"))
def sees_absolute_warning(people: People, name: str) -> None:
    """Before the absolute limit the warning says so, and offers no 'Stay signed in'."""
    warning = SessionTimeoutWarning(people.page_of(people[name]))
    expect(warning.dialog).to_be_visible(timeout=SessionTimeoutWarning.REACTS_WITHIN_MS)
    expect(warning.dialog).to_contain_text(SessionTimeoutWarning.ABSOLUTE_REASON)
    expect(warning.stay_signed_in_button).to_be_hidden()


@then(parsers.re(rf"(?P<name>[A-Z]\w+) sees that {SUBJECT} was signed out for inactivity"))
def sees_idle_sign_out(people: People, expected: Expectations, name: str) -> None:
    """The open page itself turns into the signed-out notice, naming the idle time from the target profile."""
    notice = SignedOutNotice(people.page_of(people[name]))
    minutes = int(idle_timeout(expected) / ONE_MINUTE)
    expect(notice.heading).to_be_visible(timeout=SessionTimeoutWarning.REACTS_WITHIN_MS)
    expect(notice.message).to_contain_text(SignedOutNotice.IDLE_MESSAGE.format(minutes=minutes))


@then(parsers.re(rf"(?P<name>[A-Z]\w+) sees that {POSSESSIVE} session has ended"))
def sees_session_ended(people: People, name: str) -> None:
    """The open page itself turns into the signed-out notice."""
    notice = SignedOutNotice(people.page_of(people[name]))
    expect(notice.heading).to_be_visible(timeout=SessionTimeoutWarning.REACTS_WITHIN_MS)
    expect(notice.message).to_contain_text(SignedOutNotice.ENDED_MESSAGE)


@then(parsers.re(rf"(?P<name>[A-Z]\w+)'s (?P<kind>{_KINDS}) (?P<where>is still on|is gone from) {POSSESSIVE} screen"))
def item_on_screen(people: People, record: RecordContents, name: str, kind: str, where: str) -> None:
    """Health information stays while the session lives, and none is left on screen once it ends."""
    page = people.page_of(people[name])
    for telltale in record[kind].telltales:
        if where == "is still on":
            expect(page.get_by_text(telltale).first).to_be_visible()
        else:
            expect(page.get_by_text(telltale)).to_have_count(0)


# --- sign-out (AUTH-04) -----------------------------------------------------------------------
@when(parsers.re(r"(?P<name>[A-Z]\w+) signs out$"), target_fixture="ended_session")
def signs_out(people: People, name: str) -> EndedSession:
    """The patient presses 'Sign out' on the page they are on (the cookie they had is kept to replay later)."""
    page = people.page_of(people[name])
    copied = session_cookie_value(page, SESSION_COOKIE)
    if copied is None:
        raise AssertionError(f"{name}'s browser has no session cookie: a Given must sign {name} in first.")
    MainNavigation(page).sign_out()
    return EndedSession(page, copied)


@then(parsers.re(rf"(?P<name>[A-Z]\w+)'s copied session cookie opens none of {POSSESSIVE} pages in another browser"))
def replayed_cookie_refused(
    people: People, ended_session: EndedSession, visited_pages: list[VisitedPage], record: RecordContents, name: str
) -> None:
    """A fresh browser given the old cookie is signed in nowhere: every page the patient had opened shows no PHI."""
    thief = people.scenario.new_page()
    add_session_cookie(thief, people.scenario.target.url, ended_session.copied_cookie)
    for visited in visited_pages:
        thief.goto(visited.path)
        expect(MainNavigation(thief).region).to_have_count(0)  # only a signed-in page has the main navigation
        for telltale in (*record.telltales, people[name].full_name):
            expect(thief.get_by_text(telltale)).to_have_count(0)


@then(parsers.re(rf"going back in {POSSESSIVE} browser shows none of (?P<name>[A-Z]\w+)'s health information"))
def back_button_shows_nothing(people: People, ended_session: EndedSession, record: RecordContents, name: str) -> None:
    """The back button after sign-out brings no page with health information back from the browser's memory."""
    page = ended_session.page
    page.go_back()
    for telltale in (*record.telltales, people[name].full_name):
        expect(page.get_by_text(telltale)).to_have_count(0)


@then(parsers.re(rf"none of the pages (?P<name>[A-Z]\w+) opened may be kept by {POSSESSIVE} browser"))
def pages_not_stored(visited_pages: list[VisitedPage], name: str) -> None:
    """Every signed-in page is sent with Cache-Control: no-store (nothing with PHI stays in a browser's cache)."""
    kept = [f"{page.path} ({page.cache_control or 'no Cache-Control'})" for page in visited_pages]
    kept = [line for line, page in zip(kept, visited_pages, strict=True) if "no-store" not in page.cache_control]
    assert len(visited_pages) >= 5, f"Only {len(visited_pages)} pages were opened: the walk did not get far."
    assert not kept, f"Pages {name} opened that a browser may keep: {', '.join(kept)}"


# --- addresses (AUTH-05, AUTH-07) --------------------------------------------------------------
@when(
    parsers.re(rf"(?P<name>[A-Z]\w+) signs in and opens every page of {POSSESSIVE} portal"), target_fixture="browsing"
)
def signs_in_and_walks(people: People, name: str) -> Browsing:
    """Sign-in on screen (password and emailed code), then every page reachable by a link, all addresses recorded."""
    person = people[name]
    page = people.page_of(person)
    recorder = AddressRecorder(page.context)
    SignInPage(page).open().sign_in(person.username, person.password).verify(people.one_time_code(person)).ready()
    PortalWalk(page).visit_every_page()
    return Browsing(recorder.addresses, session_cookie_value(page, SESSION_COOKIE))


@then(
    parsers.re(
        r"no address (?P<name>[A-Z]\w+)'s browser used shows "
        rf"{POSSESSIVE} name, date of birth, MRN or session token"
    )
)
def addresses_are_clean(people: People, browsing: Browsing, name: str) -> None:
    """Names, date of birth (any usual spelling), MRN and the session token appear in no URL, decoded or not."""
    secrets = [*phi_of(people[name]), *([browsing.session_cookie] if browsing.session_cookie else [])]
    leaks = [
        address
        for address in browsing.addresses
        if any(secret.casefold() in unquote(address).casefold() for secret in secrets)
    ]
    assert len(browsing.addresses) >= 10, f"Only {len(browsing.addresses)} addresses were recorded: nothing walked."
    assert not leaks, f"Addresses carrying {name}'s PHI or session token: {leaks}"


@when(
    parsers.re(rf"(?P<name>[A-Z]\w+) opens (?P<owner>[A-Z]\w+)'s (?P<kind>{_KINDS}) by changing the id in the address"),
    target_fixture="current_page",
)
def opens_someone_elses_item(people: People, record: RecordContents, name: str, owner: str, kind: str) -> BasePage:
    """The signed-in patient types an address with another patient's opaque id in it."""
    page = people.page_of(people[name])
    AddressBar(page).open_item(kind, record[kind].id)
    return NotFoundPage(page)


@then(parsers.re(r"(?P<name>[A-Z]\w+) is told the page was not found"))
def told_not_found(current_page: BasePage, name: str) -> None:
    """An id that is not the viewer's answers exactly like an id that does not exist."""
    expect(NotFoundPage(current_page.page).heading).to_be_visible()


@then(parsers.re(r"none of (?P<owner>[A-Z]\w+)'s information is on (?P<name>[A-Z]\w+)'s screen"))
def nothing_of_owner(people: People, current_page: BasePage, record: RecordContents, owner: str, name: str) -> None:
    """Not one word of the other patient's items, nor their name."""
    for telltale in (*record.telltales, people[owner].full_name):
        expect(current_page.page.get_by_text(telltale)).to_have_count(0)


# --- password reset (AUTH-06) -------------------------------------------------------------------
@given(parsers.re(r"(?P<name>[A-Z]\w+) has asked for a password reset link"), target_fixture="reset_link")
def asked_for_reset_link(people: People, name: str) -> ResetLink:
    """The forgotten-password form posted over HTTP; the link is read from the mail sink."""
    return ResetLink(ask_for_reset_link(people, people[name]))


@when(
    parsers.re(
        r"(?P<name>[A-Z]\w+) opens the reset link "
        r"(?P<when>a minute before it expires|a minute after it expires|"
        rf"again after changing {POSSESSIVE} password with it) "
        r"and chooses a new password"
    ),
    target_fixture="current_page",
)
def uses_reset_link(people: People, expected: Expectations, reset_link: ResetLink, name: str, when: str) -> BasePage:
    """Follows the emailed link (on the scenario's clock) and, if the portal lets them, sets a new password."""
    person = people[name]
    page = people.page_of(person)
    lifetime = reset_link_lifetime(expected)
    if when.startswith("again"):
        _change_password(people, name, reset_link.follow(page))
    else:
        move_scenario_clock(people, lifetime - ONE_MINUTE if "before" in when else lifetime + ONE_MINUTE)
    return _change_password(people, name, reset_link.follow(page))


def _change_password(people: People, name: str, opened: NewPasswordPage | ResetLinkRefusedPage) -> BasePage:
    if isinstance(opened, ResetLinkRefusedPage):
        return opened
    password = new_password(people)
    signed_out = opened.change_password(password)
    people[name].password = password
    return signed_out


@then(
    parsers.re(
        r"(?P<name>[A-Z]\w+) is told "
        rf"(?P<outcome>{POSSESSIVE} password has been changed|the link has expired|the link has already been used)"
    )
)
def told_reset_outcome(current_page: BasePage, name: str, outcome: str) -> None:
    """A changed password leads to sign-in; an expired or used link is refused with the reason."""
    if outcome.endswith("changed"):
        sign_in = SignInPage(current_page.page)
        expect(sign_in.heading).to_be_visible()
        expect(sign_in.status.box).to_contain_text(SignInPage.PASSWORD_CHANGED)
        return
    refused = ResetLinkRefusedPage(current_page.page)
    expect(refused.heading).to_be_visible()
    reason = ResetLinkRefusedPage.LINK_EXPIRED if outcome.endswith("expired") else ResetLinkRefusedPage.LINK_USED
    expect(refused.reason).to_contain_text(reason)


@then(
    parsers.re(
        r"(?P<name>[A-Z]\w+) has received (?P<count>no|one) \"password changed\" emails?"
        r"(?: with no health information)?"
    )
)
def password_changed_emails(people: People, name: str, count: str) -> None:
    """The notice (one per change) says only that the password changed: no name, date of birth or MRN."""
    person = people[name]
    notices = password_changed_notices(people, person)
    assert len(notices) == {"no": 0, "one": 1}[count], f"{name} received {len(notices)} 'password changed' emails."
    for notice in notices:
        leaked = [phi for phi in phi_of(person) if phi.casefold() in notice.casefold()]
        assert not leaked, f"The 'password changed' email shows {leaked}."
