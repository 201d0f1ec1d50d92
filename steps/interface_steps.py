"""HL7 v2 interfaces: results, registrations and demographics from the EHR and the lab (INT).

Messages are built by `data/hl7.py` and sent over MLLP on the scenario's clock; Then steps check
the acknowledgement the sender got and what the patient sees in the portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import expect
from pytest import fixture
from pytest_bdd import given, parsers, then, when

from data import hl7
from data import results as lab_data
from data.people import People, Person
from data.personas import persona
from data.results import Delivery, LabFeed
from pages.profile_page import ProfilePage
from pages.test_results_page import TestResultsPage
from portal_harness.mllp import Ack
from steps.phrases import POSSESSIVE

NAME = r"(?P<name>[A-Z]\w+)"
UNKNOWN_MRN = "an MRN the portal does not know"
UNSUPPORTED_VERSION = "2.8"


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    state: str
    postal_code: str

    def as_hl7(self) -> tuple[str, str, str, str]:
        return (self.street, self.city, self.state, self.postal_code)


@dataclass
class EhrDemographics:
    """What the EHR sent about each person in this scenario: address and phone, by persona name."""

    addresses: dict[str, Address] = field(default_factory=dict)
    phones: dict[str, str] = field(default_factory=dict)


@fixture
def ehr_sent() -> EhrDemographics:
    """The demographics the EHR sent over HL7 in this scenario."""
    return EhrDemographics()


def _address(people: People) -> Address:
    fake = people.fake
    return Address(fake.street_address(), fake.city(), fake.state_abbr(include_territories=False), fake.zipcode())


def _adt(people: People, trigger: str, person: Person, address: Address, *, phone: str, clinic_code: str = "") -> Ack:
    patient = hl7.pid_with_contacts(
        person.mrn,
        person.last_name,
        person.first_name,
        person.date_of_birth if trigger == "A04" else None,
        persona(person.name).sex,
        address=address.as_hl7(),
        phone=phone,
        email=person.email if trigger == "A04" else "",
    )
    control_id = f"EHR{people.fake.numerify('#######')}{people.scenario.run_tag.upper()}"
    now = people.scenario.api.clock_now()
    return people.scenario.hl7.send(hl7.adt(trigger, control_id, patient, now, clinic_code))


# --- Given -----------------------------------------------------------------------------------
@given(parsers.re(rf'the EHR has registered {NAME} at "(?P<clinic>[^"]+)" over HL7'), target_fixture="patient")
def ehr_registered(people: People, ehr_sent: EhrDemographics, name: str, clinic: str) -> Person:
    """An ADT^A04 from the EHR registers the person at the clinic (name, birth date, address, phone, email)."""
    person = people[name]
    where = people.clinic(clinic)
    address = _address(people)
    ack = _adt(
        people,
        "A04",
        person,
        address,
        phone=person.phone,
        clinic_code=lab_data.clinic_code(people.scenario.api, where.id),
    )
    if ack.code != "AA":
        raise AssertionError(f"The EHR's registration of {name} was not accepted: {ack}.")
    person.clinic, person.patient_id = where, lab_data.find_patient_id(people.scenario.api, person.mrn)
    ehr_sent.addresses[name], ehr_sent.phones[name] = address, person.phone
    return person


@given(parsers.re(rf"{NAME} has enrolled in the portal at the front desk"))
def enrolled_at_desk(people: People, name: str) -> None:
    """Front-desk staff give the registered patient an activation code and enroll them with it."""
    people.enroll(people[name])


# --- When ------------------------------------------------------------------------------------
@when(
    parsers.re(
        rf"the lab sends an? (?P<status>final|preliminary) routine result for {NAME}"
        rf" under (?P<mrn>{POSSESSIVE} MRN|{UNKNOWN_MRN})"
    ),
    target_fixture="delivery",
)
def lab_sends_under_mrn(lab: LabFeed, people: People, status: str, name: str, mrn: str) -> Delivery:
    """The lab's ORU^R01 names the patient (name, birth date) under their MRN, or under an MRN nobody has."""
    person = people[name]
    other = people.fake.mrn(people.scenario.run_tag) if mrn == UNKNOWN_MRN else None
    return lab.send(person, [lab.result("routine")], status="F" if status == "final" else "P", mrn=other)


@when(parsers.re(rf"the EHR sends a new address and phone number for {NAME} over HL7"), target_fixture="ack")
def ehr_updates(people: People, ehr_sent: EhrDemographics, name: str) -> Ack:
    """An ADT^A08 from the EHR with the person's new address and phone number."""
    address, phone = _address(people), people.fake.us_phone()
    ehr_sent.addresses[name], ehr_sent.phones[name] = address, phone
    return _adt(people, "A08", people[name], address, phone=phone)


@when(
    parsers.re(
        r"the lab's interface sends (?P<what>text that is not an HL7 message"
        rf"|results for {NAME} in an HL7 version the portal does not accept"
        rf"|results for (?P<other>[A-Z]\w+) whose last observation has no value)"
    ),
    target_fixture="delivery",
)
def interface_sends_malformed(lab: LabFeed, people: People, what: str, name: str | None, other: str | None) -> Delivery:
    """A broken sender: plain text, an unsupported HL7 version, or a second result without its value."""
    if name is None and other is None:
        return lab.send_message(hl7.not_hl7(people.fake.sentence()), mrn="", results=[])
    person = people[name or other or ""]
    results = [lab.result("routine"), lab.result("routine")]
    message = lab.oru_for(person, results)
    if name is not None:
        message = hl7.in_version(message, UNSUPPORTED_VERSION)
    else:
        message = hl7.without_value_in_last_observation(message)
    return lab.send_message(message, person.mrn, results)


# --- Then ------------------------------------------------------------------------------------
@then(parsers.re(r"the interface answers (?P<code>AA|AE|AR)\b.*"))
def interface_answers(delivery: Delivery, code: str) -> None:
    """The sender's acknowledgement: AA accepted, AE error, AR rejected (MSA-1)."""
    assert delivery.ack.code == code, f"The interface answered {delivery.ack.code} ({delivery.ack.text}), not {code}"


@then(parsers.re(rf"{NAME} sees the result with the values the lab sent"))
def sees_delivered_values(people: People, lab: LabFeed, name: str) -> None:
    """The list shows the result; its page shows the value, units, reference range and performing lab sent."""
    results = TestResultsPage(people.page_of(people[name])).open()
    for sent in lab.last.results:
        test = sent.test
        detail = results.open_result(test.name)
        expect(detail.value).to_have_text(TestResultsPage.value_with_units(sent.value, test.units))
        expect(detail.reference_range).to_contain_text(test.reference_range)
        expect(detail.performing_lab).to_have_text(hl7.DEFAULT_LAB)
        results = TestResultsPage(detail.page).open()


@then(parsers.re(rf"{NAME} finds no test results"))
def finds_no_results(people: People, name: str) -> None:
    """The results list is empty: nothing was filed in the patient's record."""
    results = TestResultsPage(people.page_of(people[name])).open()
    expect(results.empty_message).to_be_visible()
    expect(results.test_names).to_have_count(0)


@then(parsers.re(rf"{NAME} still sees only {POSSESSIVE} earlier result, unchanged"))
def still_sees_earlier_result(people: People, lab: LabFeed, name: str) -> None:
    """The results list holds exactly what the earlier, accepted message delivered, with the same value."""
    earlier = lab.deliveries[0].results
    results = TestResultsPage(people.page_of(people[name])).open()
    expect(results.test_names).to_have_count(len(earlier))
    for sent in earlier:
        expect(results.value_of(sent.test.name)).to_contain_text(sent.value)


@then(parsers.re(rf"{NAME}'s profile shows the name the EHR registered"))
def profile_shows_registered_name(people: People, name: str) -> None:
    """The profile's "On your record" shows the first and last name the ADT^A04 carried."""
    person = people[name]
    profile = ProfilePage(people.page_of(person)).open()
    expect(profile.detail("Name")).to_have_text(f"{person.first_name} {person.last_name}")


@then(parsers.re(rf"{NAME}'s profile shows the new address and phone number"))
def profile_shows_new_contact(people: People, ehr_sent: EhrDemographics, name: str) -> None:
    """The profile shows the address and phone number of the EHR's latest ADT message."""
    profile = ProfilePage(people.page_of(people[name])).open()
    address = ehr_sent.addresses[name]
    for part in address.as_hl7():
        expect(profile.detail("Address")).to_contain_text(part)
    expect(profile.detail("Phone")).to_have_text(ehr_sent.phones[name])
