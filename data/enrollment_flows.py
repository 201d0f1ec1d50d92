"""Enrollment states built over HTTP for Given steps: the portal's own forms, posted without clicking.

Activating online (not at the desk) leaves the first sign-in to set up where sign-in codes go;
signing up online leaves the identity to be confirmed by the clinic (via the admin API).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from playwright.sync_api import APIResponse, Page

from data.people import People, Person
from data.web_forms import FormPostError, landed_on, post_form
from pages.sign_up_page import SignUpDetails

ACTIVATE = "/activate"
CREATE_ACCOUNT = "/activate/account"
SIGN_UP = "/sign-up"
SIGN_IN = "/sign-in"
SET_UP_CODES = "/sign-in/set-up-codes"
ENTER_CODE = "/sign-in/verify"
HOME = "/home"


@dataclass
class PendingSignIn:
    """A sign-in waiting for its one-time code in the person's browser; the code is read from the mailbox."""

    person: Person
    page: Page
    one_time_code: str = field(default="", repr=False)


def sign_up_details(person: Person) -> SignUpDetails:
    """The person's own details, as they would type them on "Sign up"."""
    return SignUpDetails(
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        email=person.email,
        username=person.username,
        password=person.password,
    )


def activate_online(people: People, person: Person) -> None:
    """Code and date of birth, then username and password, in the person's browser: no desk, no MFA set-up."""
    page = people.page_of(person)
    code = people.activation_code_of(person) if person.activation_code else people.give_activation_code(person)
    checked = post_form(page, ACTIVATE, {"activation_code": code, "date_of_birth": person.date_of_birth.isoformat()})
    _expect_landing(checked, CREATE_ACCOUNT, f"{person.name}'s activation code was refused")
    account = {
        "username": person.username,
        "email": person.email,
        "password": person.password,
        "confirm_password": person.password,
    }
    created = post_form(page, CREATE_ACCOUNT, account)
    _expect_landing(created, SIGN_IN, f"{person.name}'s new account was refused")


def enter_wrong_birth_dates(people: People, person: Person, times: int) -> None:
    """Someone (a browser of their own) tries the person's code with a wrong date of birth, `times` times."""
    page = people.scenario.new_page()
    wrong = person.date_of_birth - timedelta(days=1)  # any other day is wrong
    for attempt in range(1, times + 1):
        fields = {"activation_code": people.activation_code_of(person), "date_of_birth": wrong.isoformat()}
        answer = post_form(page, ACTIVATE, fields)
        _expect_landing(answer, ACTIVATE, f"Wrong date of birth {attempt} of {times} was not refused")


def sign_up_online(people: People, person: Person) -> None:
    """The person signs up on the public "Sign up" form, in their own browser."""
    details = sign_up_details(person)
    fields = {
        "first_name": details.first_name,
        "last_name": details.last_name,
        "date_of_birth": details.date_of_birth.isoformat(),
        "email": details.email,
        "username": details.username,
        "password": details.password,
        "confirm_password": details.password,
    }
    answer = post_form(people.page_of(person), SIGN_UP, fields)
    _expect_landing(answer, SIGN_IN, f"{person.name}'s online sign-up was refused")


def start_first_sign_in(people: People, person: Person) -> PendingSignIn:
    """Password, then, where the portal asks where sign-in codes should go, the person's own email.

    Whether the portal asked is for a Then step to check: this only reaches the code screen.
    """
    page = people.page_of(person)
    answer = post_form(page, SIGN_IN, {"username": person.username, "password": person.password})
    if landed_on(answer) == SET_UP_CODES:
        answer = post_form(page, SET_UP_CODES, {"mfa_email": person.email})
    _expect_landing(answer, ENTER_CODE, f"{person.name}'s first sign-in did not reach the code screen")
    return PendingSignIn(person, page, people.one_time_code(person))


def finish_sign_in(pending: PendingSignIn, page: Page | None = None) -> None:
    """Enter the emailed code in the browser that holds the sign-in (by default the person's own)."""
    answer = post_form(page or pending.page, ENTER_CODE, {"one_time_code": pending.one_time_code})
    _expect_landing(answer, HOME, f"{pending.person.name}'s one-time code was refused")


def use_code_in_another_browser(people: People, pending: PendingSignIn) -> None:
    """A second browser holding a copy of the sign-in (its cookies) enters the code first."""
    other = people.scenario.new_page()
    other.context.add_cookies(pending.page.context.cookies())  # type: ignore[arg-type]
    finish_sign_in(pending, other)


def confirm_identity(people: People, person: Person) -> None:
    """Staff verified the person at the desk: their online account is linked to their record (admin API)."""
    if person.patient_id is None:
        raise ValueError(f"{person.name} is not a registered patient: register them before confirming identity.")
    api = people.scenario.api
    waiting = api.request("GET", "/api/admin/identity-verifications")["accounts"]
    account = next((a for a in waiting if a["username"] == person.username), None)
    if account is None:
        raise FormPostError(f"{person.name}'s online sign-up is not waiting for identity verification.")
    api.request(
        "POST", f"/api/admin/accounts/{account['account_id']}/verify-identity", {"patient_id": person.patient_id}
    )


def sign_in_first_time(people: People, person: Person) -> Page:
    """The whole first sign-in over HTTP (password, address for codes, code): the page is signed in."""
    pending = start_first_sign_in(people, person)
    finish_sign_in(pending)
    return pending.page


def _expect_landing(response: APIResponse, path: str, problem: str) -> None:
    if landed_on(response) != path:
        raise FormPostError(f"{problem}: the portal answered with {landed_on(response)}, not {path}.")
