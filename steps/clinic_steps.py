"""Clinic operations: hours of operation, holidays, the scenario's wall clock and the contact page (OPS)."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from data.messaging import WEEKDAYS, MessagingSetup, new_message, send_over_http
from data.people import People
from pages.clinic_contact_page import ClinicContactPage
from pages.clinic_hours_admin_page import ClinicHoursAdminPage
from pages.conversation_page import ConversationPage
from pages.messages_page import MessagesPage
from steps.phrases import POSSESSIVE

CLINIC = r'"(?P<clinic>[^"]+)"'
WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
CLOCK_TIME = r"\d{2}:\d{2}"


@given(
    parsers.re(
        rf"{CLINIC} is open weekdays from (?P<opens>{CLOCK_TIME}) to (?P<closes>{CLOCK_TIME})"
        r' in the "(?P<zone>[^"]+)" time zone'
    )
)
def clinic_hours(messaging_setup: MessagingSetup, clinic: str, opens: str, closes: str, zone: str) -> None:
    """The clinic keeps that IANA time zone and is open Monday to Friday between those times (admin API)."""
    messaging_setup.set_weekday_hours(messaging_setup.clinic_in_zone(clinic, zone), opens, closes)


@given(parsers.re(rf'{CLINIC} is closed on {WEEKDAY} for "(?P<holiday>[^"]+)"'))
def clinic_holiday(people: People, messaging_setup: MessagingSetup, clinic: str, weekday: str, holiday: str) -> None:
    """That day of the coming week is one of the clinic's holidays (admin API)."""
    where = people.clinic(clinic)
    messaging_setup.add_holiday(where, messaging_setup.day_of_coming_week(where, weekday), holiday)


@given(parsers.re(rf"it is {WEEKDAY} (?P<clock_time>{CLOCK_TIME}) at {CLINIC}"))
def clinic_wall_clock(
    people: People, messaging_setup: MessagingSetup, weekday: str, clock_time: str, clinic: str
) -> None:
    """The scenario's clock stops at that time of the coming week on the clinic's wall clock (only this scenario's)."""
    messaging_setup.travel_to(people.clinic(clinic), weekday, clock_time)


@given(parsers.re(rf"a visitor has looked at the contact page of {CLINIC}"))
def visitor_saw_contact_page(people: People, messaging_setup: MessagingSetup, clinic: str) -> None:
    """Someone, not signed in, loaded the clinic's public contact page (over HTTP)."""
    code = messaging_setup.clinic_code(people.clinic(clinic))
    people.scenario.new_page().request.get(f"/clinics/{code}/contact")


@when(
    parsers.re(
        rf"(?P<name>[A-Z]\w+) changes the weekday closing time of {POSSESSIVE} clinic to (?P<closes>{CLOCK_TIME})"
    )
)
def administrator_changes_closing_time(people: People, name: str, closes: str) -> None:
    """In the staff console, Clinic settings > Opening hours: Monday to Friday close at the new time."""
    ClinicHoursAdminPage(people.page_of(people.staff(name))).open().set_weekday_closing_time(closes)


@then(
    parsers.re(
        rf"the contact page of {CLINIC} shows it open from (?P<opens>{CLOCK_TIME}) to (?P<closes>{CLOCK_TIME})"
        r" on weekdays"
    )
)
def contact_page_shows_hours(
    people: People, messaging_setup: MessagingSetup, clinic: str, opens: str, closes: str
) -> None:
    """A visitor opening the public contact page now sees those hours for Monday to Friday."""
    contact = ClinicContactPage(people.scenario.new_page(), messaging_setup.clinic_code(people.clinic(clinic))).open()
    for weekday in WEEKDAYS[:5]:
        expect(contact.hours_on(weekday)).to_have_text(ClinicContactPage.HOURS.format(opens=opens, closes=closes))


@then(parsers.re(r"a message (?P<name>[A-Z]\w+) sends now gets the after-hours automatic reply"))
def next_message_gets_after_hours_reply(people: People, name: str) -> None:
    """The patient writes right away (over HTTP) and opens the conversation: the clinic is already closed."""
    person = people[name]
    assert person.clinic is not None
    sent = send_over_http(people, person, new_message(people, person, "Medical question"))
    conversation = MessagesPage(people.page_of(person)).open().open_conversation(sent.subject)
    expect(conversation.automatic_replies).to_have_count(1)
    expect(conversation.automatic_replies).to_contain_text(
        ConversationPage.AFTER_HOURS.format(clinic=person.clinic.name)
    )
    expect(conversation.automatic_replies).to_contain_text(ConversationPage.EMERGENCY_INSTRUCTIONS)
