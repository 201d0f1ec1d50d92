"""Signing in with a password and a one-time code."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from data.people import People
from pages.base_page import BasePage
from pages.home_page import HomePage
from pages.sign_in_page import SignInPage
from steps.phrases import POSSESSIVE

UNKNOWN_ACCOUNT = "a username never used"


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
    if account == UNKNOWN_ACCOUNT:
        username = people.faker.user_name() + "." + people.scenario.run_tag + ".unknown"
    else:
        username = people[account].username
    sign_in = SignInPage(people.scenario.new_page()).open()
    return sign_in.sign_in_expecting_error(username, people.faker.password(length=14))


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
