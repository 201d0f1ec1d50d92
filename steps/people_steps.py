"""Who exists before the scenario starts: patients and their portal accounts, built via the admin API."""

from __future__ import annotations

from pytest import fixture
from pytest_bdd import given, parsers

from data.people import People, Person
from portal_harness.scenario import ScenarioContext

DEFAULT_CLINIC = "Eastside Clinic"


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
