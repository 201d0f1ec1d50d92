"""Portal accounts in the states support and security scenarios need, built over the admin API
and HTTP form posts (never by clicking): unknown usernames, locked accounts, expired codes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from playwright.sync_api import Page

from data.expectations import Expectations
from data.people import People, Person
from data.web_forms import post_form

UNKNOWN_ACCOUNT = "a username never used"
SIGN_IN_FORM = "/sign-in"


def unknown_username(people: People) -> str:
    """A username no account has: unique to this run, so no other scenario can have created it."""
    return f"{people.faker.user_name()}.{people.scenario.run_tag}.unknown"


def username_for(people: People, account: str) -> str:
    """The username a feature names: a persona's (`Maria`) or one never used (UNKNOWN_ACCOUNT)."""
    return unknown_username(people) if account == UNKNOWN_ACCOUNT else people[account].username


def wrong_password(people: People) -> str:
    """A password nobody in the scenario has (a fresh passphrase-like string)."""
    return people.faker.password(length=14)


def lockout_limit(expected: Expectations) -> int:
    """The organisation's intended number of consecutive wrong passwords that locks an account."""
    return int(expected.authentication.lockout_failures)


def failures_in_phrase(phrase: str, expected: Expectations) -> int:
    """'one fewer than the lockout limit' / 'the lockout limit' as a number, from the target profile."""
    limit = lockout_limit(expected)
    counts = {"one fewer than the lockout limit": limit - 1, "the lockout limit": limit}
    try:
        return counts[phrase]
    except KeyError:
        raise ValueError(f"Unknown number of failures '{phrase}': use one of {', '.join(counts)}.") from None


def fail_sign_in_over_http(people: People, person: Person, times: int) -> None:
    """Someone posts the sign-in form with a wrong password `times` times, in a browser of their own."""
    someone = people.scenario.new_page()
    for _ in range(times):
        post_form(someone, SIGN_IN_FORM, {"username": person.username, "password": wrong_password(people)})
    someone.context.close()


def move_scenario_clock(people: People, delta: timedelta) -> None:
    """Moves only this scenario's time (its browsers, API calls and HL7 messages)."""
    people.scenario.api.move_clock(advance_seconds=int(delta.total_seconds()))


# --- the account states support sees (SUP-01) -----------------------------------------------
def _never_activated(people: People, person: Person, expected: Expectations) -> None:
    people.give_activation_code(person)


def _code_in_last_hour(people: People, person: Person, expected: Expectations) -> None:
    people.give_activation_code(person)
    lifetime = timedelta(days=int(expected.enrollment.activation_code_lifetime_days))
    move_scenario_clock(people, lifetime - timedelta(hours=1))


def _code_past_lifetime(people: People, person: Person, expected: Expectations) -> None:
    people.give_activation_code(person)
    lifetime = timedelta(days=int(expected.enrollment.activation_code_lifetime_days))
    move_scenario_clock(people, lifetime + timedelta(hours=1))


def _locked(people: People, person: Person, expected: Expectations) -> None:
    people.enroll(person)
    fail_sign_in_over_http(people, person, lockout_limit(expected))


def _active(people: People, person: Person, expected: Expectations) -> None:
    people.enroll(person)


ACCOUNT_STATES: dict[str, Callable[[People, Person, Expectations], None]] = {
    "has never been activated": _never_activated,
    "waits on an activation code in the last hour of its lifetime": _code_in_last_hour,
    "waits on an activation code an hour past its lifetime": _code_past_lifetime,
    "is locked after too many wrong passwords": _locked,
    "is active": _active,
}


def put_account_in_state(people: People, person: Person, state: str, expected: Expectations) -> None:
    """Bring a registered patient's portal account into the named state (see ACCOUNT_STATES)."""
    try:
        build = ACCOUNT_STATES[state]
    except KeyError:
        raise ValueError(f"Unknown account state '{state}': use one of {', '.join(ACCOUNT_STATES)}.") from None
    build(people, person, expected)


def session_cookie_value(page: Page, cookie_name: str) -> str | None:
    """The value of the browser's session cookie (what a thief would copy), or None."""
    for cookie in page.context.cookies():
        if cookie.get("name") == cookie_name:
            return cookie.get("value")
    return None
