"""Demographics as the EHR and the patient change them (DEM): new contact details, an ADT^A08 update,
and the next notification email a patient receives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from data.hl7 import adt, pid_with_contacts
from data.people import People, Person
from data.personas import persona
from data.results import file_result

# The subject of the new-result notice, in each language the portal offers (DEM-03).
NEW_RESULTS_SUBJECTS = {"en": "You have new test results", "es": "Tiene resultados de pruebas nuevos"}


@dataclass(frozen=True)
class ContactChange:
    """Contact details before and after a change, as the patient would read them."""

    before: dict[str, str]
    after: dict[str, str]


def new_contact_details(people: People, person: Person) -> dict[str, str]:
    """A new phone number, email address and US home address for the person."""
    fake = people.fake
    return {
        "phone": fake.us_phone(),
        "email": f"{person.username}.moved@example.test",
        "line1": fake.street_address(),
        "city": fake.city(),
        "state": fake.random_element(("IL", "WI", "IN", "MI", "MN", "IA", "MO")),
        "postal_code": fake.numerify("6####"),
    }


def contact_change(people: People, person: Person) -> ContactChange:
    """The person's registered phone and email, and the new details they will ask for."""
    return ContactChange({"phone": person.phone, "email": person.email}, new_contact_details(people, person))


def send_ehr_update(people: People, person: Person, *, email: str, phone: str) -> None:
    """The EHR's ADT^A08 (update patient information) with a new email address and phone number."""
    segment = pid_with_contacts(
        person.mrn,
        person.last_name,
        person.first_name,
        person.date_of_birth,
        persona(person.name).sex,
        phone=phone,
        email=email,
    )
    control_id = people.fake.numerify("DEM02A08#####")
    ack = people.scenario.hl7.send(adt("A08", control_id, segment, datetime.now(UTC)))
    if ack.code != "AA":
        raise AssertionError(f"The portal refused the EHR's ADT^A08: {ack.code} {ack.text}")


def trigger_new_result_notice(people: People, person: Person) -> None:
    """The lab files a routine, final result: the portal notifies the patient that results are ready."""
    file_result(people.scenario.api, person, people.fake.lab_result("routine"))


def new_result_notices(people: People, address: str) -> list[dict[str, Any]]:
    """The new-result notices an address received, in any language, oldest first."""
    subjects = set(NEW_RESULTS_SUBJECTS.values())
    return [message for message in people.scenario.mailbox.messages_to(address) if message.get("subject") in subjects]
