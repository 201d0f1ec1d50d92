"""Demographics: profile changes, updates from the EHR, language (DEM)."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from data.demographics import (
    NEW_RESULTS_SUBJECTS,
    ContactChange,
    contact_change,
    new_result_notices,
    send_ehr_update,
    trigger_new_result_notice,
)
from data.people import People
from pages.audit_log_page import AuditLogPage
from pages.demographics_components import LANGUAGE_NAMES, LanguageSwitch
from pages.health_summary_page import HealthSummaryPage
from pages.home_page import HomePage
from pages.profile_page import ProfilePage
from pages.staff_demographics_page import StaffDemographicsPage
from steps.phrases import POSSESSIVE

CHANGE_REQUESTED_ACTION = "demographics-change-requested"


# --- When ------------------------------------------------------------------------------------
@when(
    parsers.re(rf"(?P<name>[A-Z]\w+) asks to change {POSSESSIVE} phone number, email address and home address"),
    target_fixture="contact_change",
)
def asks_to_change_contact_details(people: People, name: str) -> ContactChange:
    """On the profile page, the patient fills in a new phone, email and address and requests the change."""
    person = people[name]
    change = contact_change(people, person)
    ProfilePage(people.page_of(person)).open().request_change(change.after)
    return change


@when(
    parsers.re(r"the EHR sends an update of (?P<name>[A-Z]\w+)'s email address and phone number"),
    target_fixture="contact_change",
)
def ehr_sends_update(people: People, name: str) -> ContactChange:
    """An HL7 ADT^A08 from the EHR with the patient's new email address and phone number."""
    person = people[name]
    change = contact_change(people, person)
    send_ehr_update(people, person, email=change.after["email"], phone=change.after["phone"])
    return change


@when(parsers.re(r"(?P<name>[A-Z]\w+) switches the portal to (?P<language>English|Español)"))
def switches_language(people: People, name: str, language: str) -> None:
    """With the language switch at the top of every page (here, the home page)."""
    page = HomePage(people.page_of(people[name])).open()
    LanguageSwitch(page.page).switch_to(language)


# --- Then ------------------------------------------------------------------------------------
@then(
    parsers.re(
        r"(?P<name>[A-Z]\w+)'s profile shows (?:her|his|their) change waiting for verification,"
        r" and (?:her|his|their) record unchanged"
    )
)
def profile_shows_pending_change(people: People, name: str, contact_change: ContactChange) -> None:
    """The requested phone and email wait for verification; "On your record" still shows the old ones."""
    profile = ProfilePage(people.page_of(people[name])).open()
    expect(profile.waiting_for_verification).to_be_visible()
    for field in ("phone", "email"):
        row = profile.requested(ProfilePage.FIELDS[field])
        expect(row).to_contain_text(contact_change.before[field])
        expect(row).to_contain_text(contact_change.after[field])
    expect(profile.detail("Phone")).to_have_text(contact_change.before["phone"])
    expect(profile.detail("Email address")).to_have_text(contact_change.before["email"])


@then(
    parsers.re(
        r"(?P<staff>[A-Z]\w+) sees (?P<name>[A-Z]\w+)'s change with the values before and after,"
        r" in the verification queue and in the audit log"
    )
)
def staff_sees_change_before_and_after(people: People, staff: str, name: str, contact_change: ContactChange) -> None:
    """The staff console's queue shows each changed detail before and after; so does the audit log's entry."""
    person = people[name]
    full_name = person.full_name
    page = people.sign_in_staff(people.staff(staff))
    queue = StaffDemographicsPage(page).open()
    for field in ("phone", "email"):
        row = queue.change(full_name, StaffDemographicsPage.DETAILS[field])
        expect(row).to_contain_text(contact_change.before[field])
        expect(row).to_contain_text(contact_change.after[field])
    audit = AuditLogPage(page).open().find_patient(person.mrn)
    action = audit.entry_cell((full_name,), CHANGE_REQUESTED_ACTION, AuditLogPage.ACTION)
    for field in ("phone", "email"):
        expect(action).to_contain_text(contact_change.before[field])
        expect(action).to_contain_text(contact_change.after[field])


@then(parsers.re(r"(?P<name>[A-Z]\w+)'s profile shows the email address and phone number from the EHR"))
def profile_shows_ehr_details(people: People, name: str, contact_change: ContactChange) -> None:
    """ "On your record" shows the new email address and phone number."""
    profile = ProfilePage(people.page_of(people[name])).open()
    expect(profile.detail("Email address")).to_have_text(contact_change.after["email"])
    expect(profile.detail("Phone")).to_have_text(contact_change.after["phone"])


@then(
    parsers.re(
        rf"(?P<name>[A-Z]\w+)'s next new-result notice goes to {POSSESSIVE} new email address, not {POSSESSIVE} old one"
    )
)
def next_notice_to_new_address(people: People, name: str, contact_change: ContactChange) -> None:
    """A result is filed: its notice arrives at the address from the EHR, and none at the old one."""
    person = people[name]
    trigger_new_result_notice(people, person)
    assert new_result_notices(people, contact_change.after["email"]), "No new-result notice reached the new address."
    assert not new_result_notices(people, contact_change.before["email"]), "The notice went to the old address."


@then(parsers.re(r"the portal's pages are in (?P<language>English|Español) for (?P<name>[A-Z]\w+)"))
def pages_in_language(people: People, language: str, name: str) -> None:
    """The page the patient was on, and the next one opened (the health summary), in that language."""
    code = LANGUAGE_NAMES[language]
    page = people.page_of(people[name])
    switch = LanguageSwitch(page)
    expect(switch.page_language).to_have_attribute("lang", code)
    summary = HealthSummaryPage(page).open_in_any_language()
    expect(summary.heading_in(code)).to_be_visible()
    expect(switch.page_language).to_have_attribute("lang", code)


@then(parsers.re(r"(?P<name>[A-Z]\w+)'s next new-result notice is in (?P<language>English|Español)"))
def next_notice_in_language(people: People, name: str, language: str) -> None:
    """A result is filed: the notice's subject is the one of that language."""
    person = people[name]
    trigger_new_result_notice(people, person)
    notices = new_result_notices(people, person.email)
    assert notices, "No new-result notice arrived."
    expected = NEW_RESULTS_SUBJECTS[LANGUAGE_NAMES[language]]
    assert notices[-1]["subject"] == expected, f"The notice's subject is {notices[-1]['subject']!r}, not {expected!r}."
