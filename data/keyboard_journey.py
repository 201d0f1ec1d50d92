"""A11Y-02: signing in with the keyboard only, recording every focus stop on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page

from data.people import People, Person
from pages.keyboard import Focus, focused, press, tab_to
from pages.sign_in_page import OneTimeCodePage, SignInPage

SKIP_LINK_TEXT = "Skip to main content"
MAIN_LANDMARK = "main"  # the <main> element (its id differs between releases)
# The ids of the sign-in form's controls (the portal's <label for> targets).
USERNAME_ID, PASSWORD_ID, CODE_ID = "username", "password", "one_time_code"


@dataclass
class KeyboardJourney:
    first_stop: Focus | None = None
    after_skip_link: Focus | None = None
    stops: list[Focus] = field(default_factory=list)

    @property
    def stops_without_visible_focus(self) -> list[Focus]:
        return [stop for stop in self.stops if stop.tag not in ("body", "main") and not stop.visible]


def sign_in_by_keyboard(people: People, person: Person, page: Page, journey: KeyboardJourney) -> None:
    """Tab once (the skip link), Enter (focus to main), then Tab to each field, type, Enter to submit."""
    SignInPage(page).open()
    journey.first_stop = press(page, "Tab")
    journey.stops.append(journey.first_stop)
    journey.after_skip_link = press(page, "Enter")
    journey.stops += tab_to(page, USERNAME_ID)
    page.keyboard.type(person.username)
    journey.stops += tab_to(page, PASSWORD_ID)
    page.keyboard.type(person.password)
    page.keyboard.press("Enter")
    OneTimeCodePage(page).ready()
    journey.stops += tab_to(page, CODE_ID)
    page.keyboard.type(people.one_time_code(person))
    journey.stops.append(focused(page))
    page.keyboard.press("Enter")
