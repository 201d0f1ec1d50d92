"""Partner facilities under an MOU and their staff (PRX-09, PRX-10)."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from pytest import fixture
from pytest_bdd import given, parsers, then, when

from data.partners import FUNCTIONS, Partners, in_words
from data.people import People, Person
from data.proxies import FIRST_MINUTE, LAST_MINUTE, freeze_clock_at_local
from data.web_forms import FormPostError, landed_on, post_form
from pages.base_page import BasePage
from pages.not_found_page import NotFoundPage
from pages.partner_pages import (
    PartnerPatientPage,
    PartnerPatientsPage,
    PartnerSignInPage,
)
from steps.phrases import POSSESSIVE

ORG = r'"(?P<org>[^"]+)"'
CLINIC = r'"(?P<clinic>[^"]+)"(?: in the (?P<zone>[\w/]+) time zone)?'


@fixture
def partners(people: People) -> Partners:
    """The scenario's partner organisations by name: `partners["Sunrise Home Health"]`."""
    return Partners(people)


# --- Given: organisations, agreements, attribution (admin API) -------------------------------
@given(parsers.re(rf"{ORG} has an agreement in force with {CLINIC} for (?P<functions>[a-z ,]+)$"))
def agreement_in_force(
    people: People, partners: Partners, *, org: str, clinic: str, zone: str | None, functions: str
) -> None:
    """A partner organisation of the clinic, with an MOU (started a month ago, ends in ten days) for those functions."""
    if zone:
        people.clinic(clinic, zone)
    partners.with_agreement(org, clinic, in_words(functions), ends_in_days=10)


@given(parsers.re(rf"(?P<name>[A-Z]\w+) is a patient of {CLINIC} attributed to {ORG}"), target_fixture="patient")
def attributed_patient(people: People, partners: Partners, name: str, clinic: str, org: str) -> Person:
    """The patient is registered at the clinic and attributed to the organisation under its MOU."""
    patient = people.register_patient(name, clinic)
    partners.attribute(partners[org], patient)
    return patient


@given(parsers.re(rf"(?P<name>[A-Z]\w+) works at {ORG} with partner access"))
def partner_user(people: People, partners: Partners, name: str, org: str) -> None:
    """The organisation's site administrator gave the person a partner user account."""
    partners.add_user(partners[org], people[name])


@given(parsers.re(rf"(?P<name>[A-Z]\w+) of {ORG} is signed in to partner access"))
def partner_signed_in(people: People, partners: Partners, name: str, org: str) -> None:
    """A partner user account, signed in over HTTP in the person's own browser (no clicking)."""
    person = people[name]
    partners.add_user(partners[org], person)
    response = post_form(
        people.page_of(person), "/partner/sign-in", {"username": person.username, "password": person.password}
    )
    if landed_on(response) != "/partner":
        raise FormPostError(f"{name} could not sign in to partner access ({landed_on(response)}).")


@given(parsers.re(rf"it is the (?P<day>last day|day after the last day) of the agreement with {ORG}"))
def around_agreement_end(people: People, partners: Partners, day: str, org: str) -> None:
    """The clock stops at the last minute of the MOU's end date, or the first minute of the day after,
    at the organisation's clinic."""
    organisation = partners[org]
    assert organisation.ends_on is not None
    if day == "last day":
        freeze_clock_at_local(people.scenario.api, organisation.ends_on, LAST_MINUTE, organisation.timezone)
    else:
        after = organisation.ends_on + timedelta(days=1)
        freeze_clock_at_local(people.scenario.api, after, FIRST_MINUTE, organisation.timezone)


@given(parsers.re(rf"the portal team has deactivated {ORG}"))
def deactivated(partners: Partners, org: str) -> None:
    """The organisation is deactivated (its MOU would still be in force)."""
    partners.deactivate(partners[org])


# --- When -------------------------------------------------------------------------------------
@when(parsers.re(r"(?P<name>[A-Z]\w+) signs in to partner access"), target_fixture="current_page")
def signs_in_to_partner_access(people: People, name: str) -> BasePage:
    """Username and password on the partner sign-in page."""
    person = people[name]
    sign_in = PartnerSignInPage(people.page_of(person)).open()
    sign_in.submit(person.username, person.password)
    return BasePage(sign_in.page)


@when(parsers.re(rf"(?P<name>[A-Z]\w+) opens {POSSESSIVE} list of patients"), target_fixture="current_page")
def opens_patient_list(people: People, name: str) -> PartnerPatientsPage:
    """The partner user's "Your patients" page."""
    return PartnerPatientsPage(people.page_of(people[name])).open()


@when(
    parsers.re(rf"(?P<name>[A-Z]\w+) opens (?P<patient>[A-Z]\w+)'s record from {POSSESSIVE} list of patients"),
    target_fixture="current_page",
)
def opens_listed_patient(people: People, name: str, patient: str) -> PartnerPatientPage:
    """A click on the patient's name in "Your patients"."""
    patients = PartnerPatientsPage(people.page_of(people[name])).open()
    return patients.open_patient(people[patient].full_name)


@when(
    parsers.re(r"(?P<name>[A-Z]\w+) opens (?P<patient>[A-Z]\w+)'s record by typing its web address"),
    target_fixture="current_page",
)
def opens_patient_by_address(people: People, name: str, patient: str) -> BasePage:
    """The partner user types a patient's record address (the opaque id) instead of using the list."""
    return PartnerPatientPage(people.page_of(people[name])).open_by_id(str(people[patient].patient_id))


# --- Then -------------------------------------------------------------------------------------
@then(parsers.re(rf"(?P<name>[A-Z]\w+) sees (?P<patient>[A-Z]\w+) and nobody else on {POSSESSIVE} list of patients"))
def sees_only_patient(current_page: BasePage, people: People, patient: str) -> None:
    """Only the patients attributed to the organisation are listed."""
    patients = PartnerPatientsPage(current_page.page)
    expect(patients.patient(people[patient].full_name)).to_be_visible()
    expect(patients.patients).to_have_count(1)


@then(parsers.re(rf"(?P<name>[A-Z]\w+) sees (?P<patient>[A-Z]\w+) among {POSSESSIVE} patients"))
def sees_patient_listed(current_page: BasePage, people: People, patient: str) -> None:
    """The partner user is signed in and the attributed patient is on "Your patients"."""
    patients = PartnerPatientsPage(current_page.page)
    expect(patients.heading).to_be_visible()
    expect(patients.patient(people[patient].full_name)).to_be_visible()


@then(parsers.re(r"(?P<name>[A-Z]\w+) sees (?P<patient>[A-Z]\w+)'s (?P<functions>[a-z ,]+?) and nothing else$"))
def sees_permitted_sections(current_page: BasePage, people: People, patient: str, functions: str) -> None:
    """The patient's record shows the sections the MOU permits, and none of the others."""
    record = PartnerPatientPage(current_page.page)
    expect(record.named(people[patient].full_name)).to_be_visible()
    permitted = in_words(functions)
    for words in FUNCTIONS:
        expect(record.section(words)).to_have_count(1 if words in permitted else 0)


@then(parsers.re(r"(?P<name>[A-Z]\w+) is told the page was not found, with nothing about (?P<patient>[A-Z]\w+)"))
def told_not_found(current_page: BasePage, people: People, patient: str) -> None:
    """Another patient's address is answered like an address that does not exist."""
    expect(NotFoundPage(current_page.page).heading).to_be_visible()
    expect(current_page.page.get_by_role("main")).not_to_contain_text(people[patient].last_name)


@then(parsers.re(rf"(?P<name>[A-Z]\w+) is told {POSSESSIVE} organisation's access has ended"))
def told_access_ended(current_page: BasePage) -> None:
    """The partner sign-in page refuses the user with the reason, and shows no patients."""
    sign_in = PartnerSignInPage(current_page.page)
    expect(sign_in.heading).to_be_visible()
    expect(sign_in.errors.box).to_contain_text(PartnerSignInPage.ACCESS_ENDED)
