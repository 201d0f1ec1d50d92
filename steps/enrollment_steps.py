"""Activation codes, signing up online, first sign-in, as the patient does it in the browser.

Expected limits (code lifetime, wrong answers, password length, code minutes) come from the
target profile (`expected`), never from the portal.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from data.enrollment_flows import (
    PendingSignIn,
    activate_online,
    confirm_identity,
    enter_wrong_birth_dates,
    sign_in_first_time,
    sign_up_details,
    sign_up_online,
    start_first_sign_in,
    use_code_in_another_browser,
)
from data.expectations import Expectations
from data.new_passwords import PASSWORD_KINDS, new_password
from data.people import People, Person
from pages.activation_page import ActivationPage, CreateAccountPage
from pages.base_page import BasePage
from pages.enrollment_on_hold_page import EnrollmentOnHoldPage
from pages.home_page import HomePage
from pages.identity_pending_page import IdentityPendingPage
from pages.possible_duplicates_page import PossibleDuplicatesPage
from pages.request_new_code_page import RequestNewCodePage
from pages.sign_in_codes_setup_page import SignInCodePage
from pages.sign_in_page import SignInPage
from pages.sign_up_page import SignUpDetails, SignUpPage
from steps.people_steps import DEFAULT_CLINIC
from steps.phrases import POSSESSIVE, SUBJECT

DAY_S = 24 * 60 * 60
MINUTE_S = 60
LAST_VALID_DAY = "the last valid day"
DAY_AFTER = "the day after the last valid day"
ONE_FEWER = "one time fewer than the limit"
AS_MANY = "as many times as the limit"
BEFORE_EXPIRY = "a minute before it expires"
AFTER_EXPIRY = "a minute after it expires"
USED_ELSEWHERE = "after it was used in another browser"
NAME_AND_BIRTH_DATE = "name and date of birth"
EMAIL_ADDRESS = "email address"


# --- Given: codes, accounts and sign-ins built over HTTP and the admin API ---------------------
@given(
    parsers.re(rf"it is (?P<moment>{LAST_VALID_DAY}|{DAY_AFTER}) of (?P<name>\w+)'s activation code"),
)
def activation_code_day(people: People, expected: Expectations, moment: str, name: str) -> None:
    """The scenario's clock moves to a minute before the code's lifetime ends, or a day after it ended."""
    people.activation_code_of(people[name])  # the code must exist before time moves on
    lifetime_s = int(expected.enrollment.activation_code_lifetime_days) * DAY_S
    people.scenario.api.move_clock(
        advance_seconds=lifetime_s - MINUTE_S if moment == LAST_VALID_DAY else lifetime_s + DAY_S
    )


@given(
    parsers.re(
        rf"(?P<name>\w+)'s activation code has been tried with a wrong date of birth (?P<tries>{ONE_FEWER}|{AS_MANY})"
    )
)
def wrong_birth_dates_tried(people: People, expected: Expectations, name: str, tries: str) -> None:
    """Someone enters the code with a wrong date of birth, up to the organisation's limit or one short of it."""
    limit = int(expected.enrollment.activation_code_wrong_answers)
    enter_wrong_birth_dates(people, people[name], limit - 1 if tries == ONE_FEWER else limit)


@given(parsers.re(rf"(?P<name>\w+) has activated {POSSESSIVE} account online"), target_fixture="patient")
def activated_online(people: People, name: str) -> Person:
    """A registered patient redeemed an activation code in the browser, so no one has set up sign-in codes yet."""
    person = people.register_patient(name, DEFAULT_CLINIC)
    activate_online(people, person)
    return person


@given(parsers.re(r"(?P<name>\w+) has signed up online"), target_fixture="patient")
def signed_up_online(people: People, name: str) -> Person:
    """The person filled in "Sign up" with their own details (no activation code): identity not yet confirmed."""
    person = people[name]
    sign_up_online(people, person)
    return person


@given(parsers.re(r"the clinic (?P<status>has not yet|has) confirmed who (?P<name>\w+) is"))
def clinic_confirmed_identity(people: People, status: str, name: str) -> None:
    """Staff verify the person at the desk (admin API), which links the account to their record; or not yet."""
    if status == "has":
        confirm_identity(people, people[name])


@given(parsers.re(rf"(?P<name>\w+) has signed in to {POSSESSIVE} new account"), target_fixture="signed_in_page")
def signed_in_to_new_account(people: People, name: str) -> Page:
    """The account's first sign-in over HTTP: password, the address for sign-in codes, then the emailed code."""
    return sign_in_first_time(people, people[name])


@given(
    parsers.re(rf"(?P<name>\w+) has entered {POSSESSIVE} password for the first time and been sent a sign-in code"),
    target_fixture="pending_sign_in",
)
def first_sign_in_started(people: People, name: str) -> PendingSignIn:
    """Password over HTTP; where the portal asks where codes should go, the person's own email. Whether it
    asked is checked by a Then step."""
    return start_first_sign_in(people, people[name])


@given(
    parsers.re(
        rf"\w+ comes back to {POSSESSIVE} sign-in code (?P<moment>{BEFORE_EXPIRY}|{AFTER_EXPIRY}|{USED_ELSEWHERE})"
    )
)
def back_to_sign_in_code(people: People, expected: Expectations, pending_sign_in: PendingSignIn, moment: str) -> None:
    """Time moves to a minute either side of the code's lifetime, or a copy of the sign-in uses the code first."""
    if moment == USED_ELSEWHERE:
        use_code_in_another_browser(people, pending_sign_in)
        return
    lifetime_s = int(expected.authentication.one_time_code_minutes) * MINUTE_S
    offset = -MINUTE_S if moment == BEFORE_EXPIRY else MINUTE_S
    people.scenario.api.move_clock(advance_seconds=lifetime_s + offset)


# --- When: the patient in the browser ----------------------------------------------------------
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


@when(
    parsers.re(rf"(?P<name>\w+) enters {POSSESSIVE} activation code and {POSSESSIVE} date of birth"),
    target_fixture="current_page",
)
def enters_code_and_birth_date(people: People, name: str) -> BasePage:
    """The patient types the code from the front desk and the right date of birth, and continues."""
    person = people[name]
    activation = ActivationPage(people.page_of(person)).open()
    activation.enter(people.activation_code_of(person), person.date_of_birth)
    return activation


@when(
    parsers.re(rf"(?P<name>\w+) activates {POSSESSIVE} account choosing (?P<kind>{'|'.join(PASSWORD_KINDS)})"),
    target_fixture="current_page",
)
def activates_choosing_password(people: People, expected: Expectations, name: str, kind: str) -> BasePage:
    """Code and date of birth, then a password of the kind named (built here; never shown in the step)."""
    person = people[name]
    person.password = new_password(people, kind, int(expected.enrollment.password_min_length))
    activation = ActivationPage(people.page_of(person)).open()
    create_account = activation.activate(people.activation_code_of(person), person.date_of_birth).ready()
    return create_account.create_account_expecting_error(person.username, person.email, person.password)


@when(parsers.re(rf"\w+ looks for {POSSESSIVE} health information"), target_fixture="current_page")
def looks_for_health_information(signed_in_page: Page) -> IdentityPendingPage:
    """From the home page, the patient follows "Health summary" in the main navigation."""
    home = HomePage(signed_in_page).open()
    home.navigation.follow("Health summary")
    return IdentityPendingPage(signed_in_page).ready()


@when(
    parsers.re(rf"\w+ enters the code the portal emailed for {POSSESSIVE} first sign-in"),
    target_fixture="current_page",
)
def enters_first_sign_in_code(pending_sign_in: PendingSignIn) -> SignInCodePage:
    """Back on the code screen of the sign-in, the patient types the code from the email."""
    code_page = SignInCodePage(pending_sign_in.page).open()
    return code_page.verify_expecting_error(pending_sign_in.one_time_code)


@when(
    parsers.re(rf"someone signs up online with (?P<name>\w+)'s (?P<details>{NAME_AND_BIRTH_DATE}|{EMAIL_ADDRESS})"),
    target_fixture="current_page",
)
def signs_up_with_matching_details(people: People, name: str, details: str) -> EnrollmentOnHoldPage:
    """Another person (their own browser, username and password) signs up giving the existing account's
    name and date of birth, or its email address."""
    existing, newcomer = people[name], sign_up_details(people["Ivan"])
    if details == NAME_AND_BIRTH_DATE:
        typed = SignUpDetails(
            existing.first_name,
            existing.last_name,
            existing.date_of_birth,
            newcomer.email,
            newcomer.username,
            newcomer.password,
        )
    else:
        typed = SignUpDetails(
            newcomer.first_name,
            newcomer.last_name,
            newcomer.date_of_birth,
            existing.email,
            newcomer.username,
            newcomer.password,
        )
    return SignUpPage(people.scenario.new_page()).open().sign_up_expecting_hold(typed)


# --- Then: what the person sees -----------------------------------------------------------------
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


@then(parsers.re(rf"\w+ can go on to create {POSSESSIVE} account"))
def can_create_account(current_page: BasePage) -> None:
    """The code and date of birth were accepted: the next screen asks for a username and password."""
    expect(CreateAccountPage(current_page.page).heading).to_be_visible()


@then("the activation page says the code has expired and offers to request a new one")
def code_expired(current_page: BasePage) -> None:
    """A clear refusal on the activation page, with a link to ask the clinic for a new code."""
    activation = ActivationPage(current_page.page)
    expect(activation.errors.box).to_contain_text(ActivationPage.CODE_EXPIRED)
    expect(activation.request_new_code_link).to_have_attribute("href", RequestNewCodePage.path)
    expect(activation.heading).to_be_visible()


@then("the activation page says the code can no longer be used and offers to request a new one")
def code_voided(current_page: BasePage) -> None:
    """Too many wrong dates of birth: even the right one no longer opens enrollment with this code."""
    activation = ActivationPage(current_page.page)
    expect(activation.errors.box).to_contain_text(ActivationPage.CODE_NO_LONGER_USABLE)
    expect(activation.request_new_code_link).to_have_attribute("href", RequestNewCodePage.path)
    expect(activation.heading).to_be_visible()


@then(parsers.re(r"the new password is refused as (?P<reason>too short|too common)"))
def password_refused(current_page: BasePage, expected: Expectations, reason: str) -> None:
    """The error is in the summary and tied to the password field; no account is created yet."""
    create_account = CreateAccountPage(current_page.page)
    minimum = int(expected.enrollment.password_min_length)
    message = (
        CreateAccountPage.PASSWORD_TOO_SHORT.format(minimum=minimum)
        if reason == "too short"
        else (CreateAccountPage.PASSWORD_TOO_COMMON)
    )
    expect(create_account.errors.box).to_contain_text(message)
    expect(create_account.password_field).to_have_accessible_description(re.compile(re.escape(message)))
    expect(create_account.heading).to_be_visible()


@then(parsers.re(rf"\w+ is told the clinic is still confirming who {SUBJECT} is, and sees no health information"))
def sees_identity_pending(current_page: BasePage) -> None:
    """A notice in place of the health summary, and none of its sections."""
    pending = IdentityPendingPage(current_page.page)
    expect(pending.notice).to_be_visible()
    expect(pending.health_sections).to_have_count(0)


@then(parsers.re(rf"\w+ sees {POSSESSIVE} health information, with no identity notice"))
def sees_health_information(current_page: BasePage) -> None:
    """The health summary's sections show, and the identity notice is gone."""
    screen = IdentityPendingPage(current_page.page)
    expect(screen.health_sections.first).to_be_visible()
    expect(screen.notice).to_have_count(0)


@then(parsers.re(rf"(?P<name>\w+) is signed in and told {POSSESSIVE} sign-in codes are set up"))
def signed_in_with_codes_set_up(people: People, current_page: BasePage, name: str) -> None:
    """The home page, and the confirmation that this first sign-in set up where codes go."""
    expect(HomePage(current_page.page).welcome_for(people[name].first_name)).to_be_visible()
    # A signed-in page has a second, empty status region (the session-timeout announcer).
    expect(current_page.status.box.filter(has_text=SignInCodePage.SIGN_IN_CODES_SET_UP)).to_be_visible()


@then("the sign-in code page says the code is not right or has expired")
def sign_in_code_refused(current_page: BasePage) -> None:
    """The code is refused and the patient is still on the code screen, not signed in."""
    code_page = SignInCodePage(current_page.page)
    expect(code_page.errors.box).to_contain_text(SignInCodePage.CODE_REFUSED)
    expect(code_page.heading).to_be_visible()


@then("the sign-up is paused and says support will be in touch")
def sign_up_paused(current_page: BasePage) -> None:
    """No account is made; the page says support will contact the person, and nothing about the match."""
    on_hold = EnrollmentOnHoldPage(current_page.page)
    expect(on_hold.heading).to_be_visible()
    expect(on_hold.status.box).to_contain_text(EnrollmentOnHoldPage.SUPPORT_WILL_CONTACT)


@then(
    parsers.re(
        rf"(?P<staff>\w+) sees a possible duplicate of (?P<name>\w+)'s account, matched on "
        rf"(?P<details>{NAME_AND_BIRTH_DATE}|{EMAIL_ADDRESS})"
    )
)
def support_sees_duplicate(people: People, staff: str, name: str, details: str) -> None:
    """The staff console's list of possible duplicate accounts has a case naming the existing account."""
    duplicates = PossibleDuplicatesPage(people.page_of(people.staff(staff))).open()
    case = duplicates.case_naming(people[name].username)
    expect(case).to_have_count(1)
    expect(duplicates.cell(case, "Matched on")).to_contain_text(PossibleDuplicatesPage.MATCHED_ON[details])
