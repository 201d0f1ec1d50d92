"""Time passing in a signed-in session, and password-reset links from the mail sink (AUTH-03, AUTH-06).

Time only ever moves on the scenario's own clock: nothing waits.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page

from data.accounts import move_scenario_clock
from data.expectations import Expectations
from data.people import People, Person
from data.web_forms import post_form
from portal_harness.masking import SECRETS

ONE_MINUTE = timedelta(minutes=1)
ACTIVITY_PAGE = "/home"  # any signed-in page: opening it is activity
RESET_LINK_SUBJECT = "reset your riverbend password"
PASSWORD_CHANGED_SUBJECT = "your password was changed"
_LINK = re.compile(r"https?://\S+/password/reset/[A-Za-z0-9_-]+")


def idle_timeout(expected: Expectations) -> timedelta:
    return timedelta(minutes=int(expected.authentication.idle_timeout_minutes))


def absolute_timeout(expected: Expectations) -> timedelta:
    return timedelta(hours=int(expected.authentication.absolute_timeout_hours))


def reset_link_lifetime(expected: Expectations) -> timedelta:
    return timedelta(minutes=int(expected.authentication.password_reset_minutes))


def duration_in_phrase(how_long: str, expected: Expectations) -> timedelta:
    """'a minute less than' / 'a minute more than' + 'the idle timeout' / 'the absolute session limit'."""
    limits = {"the idle timeout": idle_timeout(expected), "the absolute session limit": absolute_timeout(expected)}
    sides = {"a minute less than": -ONE_MINUTE, "a minute more than": ONE_MINUTE}
    for side, offset in sides.items():
        for limit, length in limits.items():
            if how_long == f"{side} {limit}":
                return length + offset
    raise ValueError(f"Unknown duration '{how_long}': say e.g. 'a minute more than the idle timeout'.")


def stay_idle(people: People, duration: timedelta) -> None:
    """Nobody touches the portal: the scenario's clock simply moves on."""
    move_scenario_clock(people, duration)


def stay_active(people: People, page: Page, duration: timedelta, expected: Expectations) -> None:
    """The patient keeps opening pages, never idle for long, until `duration` has passed."""
    step = idle_timeout(expected) - 5 * ONE_MINUTE
    passed = timedelta(0)
    while passed < duration:
        move = min(step, duration - passed)
        move_scenario_clock(people, move)
        passed += move
        page.request.get(ACTIVITY_PAGE)  # an ordinary page request: activity for the session


def ask_for_reset_link(people: People, person: Person) -> str:
    """The patient asks for a reset link on the forgotten-password form (posted over HTTP); returns the emailed link."""
    post_form(people.page_of(person), "/password/forgot", {"username": person.username})
    return str(SECRETS.register(newest_reset_link(people, person)))


def newest_reset_link(people: People, person: Person) -> str:
    for message in reversed(people.scenario.mailbox.messages_to(person.email)):
        if RESET_LINK_SUBJECT in message.get("subject", "").lower():
            found = _LINK.search(message.get("body", ""))
            if found:
                return found.group(0)
    raise LookupError(f"No password-reset email with a link reached {person.name}'s mailbox.")


def password_changed_notices(people: People, person: Person) -> list[str]:
    """The bodies (subject included) of every 'your password was changed' email the patient received."""
    return [
        f"{message.get('subject', '')}\n{message.get('body', '')}"
        for message in people.scenario.mailbox.messages_to(person.email)
        if PASSWORD_CHANGED_SUBJECT in message.get("subject", "").lower()
    ]


def phi_of(person: Person) -> tuple[str, ...]:
    """What identifies the patient: names, date of birth in the usual spellings, MRN."""
    born = person.date_of_birth
    return (
        person.first_name,
        person.last_name,
        person.mrn,
        born.isoformat(),
        born.strftime("%Y%m%d"),
        born.strftime("%m/%d/%Y"),
        born.strftime("%m-%d-%Y"),
    )


def new_password(people: People) -> str:
    """A fresh passphrase, masked in every report."""
    return str(SECRETS.register(people.fake.passphrase()))
