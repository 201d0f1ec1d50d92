"""Who exists before the scenario starts: patients and their portal accounts, built via the admin API."""

from __future__ import annotations

from playwright.sync_api import Page
from pytest import fixture
from pytest_bdd import given, parsers

from data.expectations import Expectations, expectations_for
from data.people import People, Person, StaffMember
from data.personas import STAFF_ROLES, staff_role
from portal_harness.plugin import HarnessSettings
from portal_harness.scenario import ScenarioContext

DEFAULT_CLINIC = "Eastside Clinic"


@fixture
def expected(harness_settings: HarnessSettings) -> Expectations:
    """The organisation's intended settings for the target (data/targets/<name>.toml), never the portal's own."""
    return expectations_for(harness_settings.target)


@fixture
def people(scenario: ScenarioContext) -> People:
    """The scenario's people by persona name: `people["Maria"]`."""
    return People(scenario)


@given(parsers.parse('{name} is a registered patient of "{clinic}"'), target_fixture="patient")
def registered_patient(people: People, name: str, clinic: str) -> Person:
    """The patient exists in the EHR at that clinic, without a portal account yet."""
    return people.register_patient(name, clinic)


@given(parsers.parse('the front desk at "{clinic}" has given {name} an activation code'))
def front_desk_gives_code(people: People, clinic: str, name: str) -> None:
    """Staff at the clinic generate an activation code for the patient (it is recorded at that site)."""
    people.give_activation_code(people.patient_of(name, clinic))


@given(parsers.parse("{name} has an active portal account"), target_fixture="patient")
def active_account(people: People, name: str) -> Person:
    """A registered patient whose account was enrolled with an activation code (staff-assisted)."""
    person = people.register_patient(name, DEFAULT_CLINIC)
    people.enroll(person)
    return person


@given(parsers.parse('{name} is an enrolled patient of "{clinic}"'), target_fixture="patient")
def enrolled_patient(people: People, name: str, clinic: str) -> Person:
    """A patient of that clinic with an active portal account (registered and enrolled via the admin API)."""
    return people.enrolled_patient(name, clinic)


@given(parsers.re(r"(?P<name>[A-Z]\w+) is signed in$"), target_fixture="signed_in_page")
def is_signed_in(people: People, name: str) -> Page:
    """The patient (or proxy) already has an account and is signed in, in their own browser (over HTTP)."""
    return people.sign_in(people[name])


_ROLE_WORDS = "|".join(sorted(STAFF_ROLES, key=len, reverse=True))


@given(
    parsers.re(rf'(?P<name>[A-Z]\w+) is an? (?P<role>{_ROLE_WORDS}) at "(?P<clinic>[^"]+)"'),
    target_fixture="staff_member",
)
def staff_member_at(people: People, name: str, role: str, clinic: str) -> StaffMember:
    """A staff member with a staff-console account at the clinic (created via the admin API)."""
    return people.staff_member(name, staff_role(role), clinic)


@given(parsers.re(r"(?P<name>[A-Z]\w+) is signed in to the staff console"), target_fixture="staff_page")
def staff_signed_in(people: People, name: str) -> Page:
    """The staff member is signed in to the staff console in their own browser (over HTTP)."""
    return people.sign_in_staff(people.staff(name))
