"""Signing in with a password and a one-time code; wrong passwords and the lockout (AUTH-01, -02, -08)."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from data.accounts import failures_in_phrase, username_for, wrong_password
from data.expectations import Expectations
from data.people import People
from pages.base_page import BasePage
from pages.home_page import HomePage
from pages.sign_in_page import SignInPage
from steps.phrases import POSSESSIVE


@when(
    parsers.re(rf"(?P<name>\w+) signs in with {POSSESSIVE} password and the one-time code from {POSSESSIVE} email"),
    target_fixture="current_page",
)
def signs_in(people: People, name: str) -> HomePage:
    """Username and password, then the one-time code the portal emailed."""
    person = people[name]
    code_page = SignInPage(people.page_of(person)).open().sign_in(person.username, person.password)
    return code_page.verify(people.one_time_code(person))


@when(parsers.parse("someone signs in as {account} with a wrong password"), target_fixture="current_page")
def signs_in_with_wrong_password(people: People, account: str) -> SignInPage:
    """A wrong password for a persona's username, or for a username that does not exist."""
    sign_in = SignInPage(people.scenario.new_page()).open()
    return sign_in.sign_in_expecting_error(username_for(people, account), wrong_password(people))


@when(
    parsers.re(
        r"someone enters a wrong password for (?P<name>[A-Z]\w+) "
        r"(?P<failures>one fewer than the lockout limit|the lockout limit) times in a row"
    ),
    target_fixture="current_page",
)
def enters_wrong_passwords(people: People, expected: Expectations, name: str, failures: str) -> SignInPage:
    """Consecutive wrong passwords on the sign-in page; the number comes from the target profile's lockout limit."""
    sign_in = SignInPage(people.scenario.new_page()).open()
    for _ in range(failures_in_phrase(failures, expected)):
        sign_in.sign_in_expecting_error(people[name].username, wrong_password(people))
    return sign_in


@then(parsers.re(rf"(?P<name>\w+) sees {POSSESSIVE} home page"))
def sees_home_page(current_page: BasePage, people: People, name: str) -> None:
    """The signed-in home page greets the patient by first name."""
    expect(HomePage(current_page.page).welcome_for(people[name].first_name)).to_be_visible()


@then("the sign-in page says the username or password is incorrect")
def says_incorrect(current_page: BasePage) -> None:
    """The same words whether or not the username exists: nothing to learn from the message."""
    sign_in = SignInPage(current_page.page)
    expect(sign_in.errors.box).to_contain_text(SignInPage.WRONG_CREDENTIALS)
    expect(sign_in.heading).to_be_visible()


@then("the sign-in page says the account is locked")
def says_locked(current_page: BasePage) -> None:
    """The failure that reaches the lockout limit locks the account and says so (and how to get help)."""
    sign_in = SignInPage(current_page.page)
    expect(sign_in.errors.box).to_contain_text(SignInPage.ACCOUNT_LOCKED)
    expect(sign_in.heading).to_be_visible()
