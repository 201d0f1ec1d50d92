"""Activation codes and enrollment, as the patient does it in the browser."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from data.people import People
from pages.activation_page import ActivationPage
from pages.base_page import BasePage
from pages.sign_in_page import SignInPage
from steps.phrases import POSSESSIVE, SUBJECT


@when(
    parsers.re(
        rf"(?P<name>\w+) activates {POSSESSIVE} account with {POSSESSIVE} code, "
        rf"{POSSESSIVE} date of birth and a new password"
    ),
    target_fixture="current_page",
)
def activates_account(people: People, name: str) -> SignInPage:
    """The patient enters code and date of birth, then chooses a username and password."""
    person = people[name]
    activation = ActivationPage(people.page_of(person)).open()
    create_account = activation.activate(people.activation_code_of(person), person.date_of_birth).ready()
    return create_account.create_account(person.username, person.email, person.password)


@when(parsers.parse("someone enters {name}'s activation code and date of birth again"), target_fixture="current_page")
def enters_used_code(people: People, name: str) -> ActivationPage:
    """Anyone (a new browser) tries a code that was already redeemed."""
    person = people[name]
    activation = ActivationPage(people.scenario.new_page()).open()
    return activation.activate_expecting_error(people.activation_code_of(person), person.date_of_birth)


@then(parsers.re(rf"\w+ is told {POSSESSIVE} account is ready and {SUBJECT} can sign in"))
def told_account_ready(current_page: BasePage) -> None:
    """The sign-in page confirms the new account."""
    sign_in = SignInPage(current_page.page)
    expect(sign_in.heading).to_be_visible()
    expect(sign_in.status.box).to_contain_text(SignInPage.ACCOUNT_READY)


@then("the activation page says the code has already been used")
def code_already_used(current_page: BasePage) -> None:
    """The code is refused, and the patient stays on the activation page."""
    activation = ActivationPage(current_page.page)
    expect(activation.errors.box).to_contain_text(ActivationPage.CODE_ALREADY_USED)
    expect(activation.heading).to_be_visible()
