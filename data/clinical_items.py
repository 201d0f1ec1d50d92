"""Clinical information put on a patient's record for security scenarios (a result, a medication,
a visit note, a message), through the admin API or the patient's own form posts (never clicking).

Each item remembers the words that would give it away on a screen (`telltales`) and its opaque id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from data.people import People, Person
from data.results import file_result as file_lab_result
from data.web_forms import FormPostError, landed_on, post_form

MEDICATIONS = ("Metformin 500 mg", "Lisinopril 10 mg", "Atorvastatin 20 mg", "Levothyroxine 50 mcg", "Sertraline 50 mg")
NOTE_TITLES = ("Follow-up visit", "Annual physical", "Knee pain visit", "Blood pressure check")
MESSAGE_TOPIC = "medical"  # the portal's topic key for "Medical question"
MESSAGE_TOPIC_NAME = "Medical question"


@dataclass(frozen=True)
class ClinicalItem:
    kind: str  # "test result", "visit note", "message", "medication"
    id: str
    telltales: tuple[str, ...]  # words on a screen that would show the item


@dataclass
class RecordContents:
    """What a scenario put on one patient's record, by kind."""

    owner: Person
    items: dict[str, ClinicalItem] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> ClinicalItem:
        try:
            return self.items[kind]
        except KeyError:
            raise KeyError(f"{self.owner.name}'s record holds no {kind} in this scenario: add it in a Given.") from None

    @property
    def telltales(self) -> tuple[str, ...]:
        return tuple(word for item in self.items.values() for word in item.telltales)


def _patient_id(person: Person) -> str:
    if person.patient_id is None:
        raise ValueError(f"{person.name} is not a registered patient yet: register them in a Given first.")
    return person.patient_id


def file_result(people: People, person: Person) -> ClinicalItem:
    """A final, routine lab result (visible to the patient at once), filed as the lab interface would."""
    lab = people.fake.lab_result("routine")
    result_id = file_lab_result(people.scenario.api, person, lab)
    return ClinicalItem("test result", result_id, (lab.test.name,))


def add_medication(people: People, person: Person) -> ClinicalItem:
    name = str(people.faker.random_element(MEDICATIONS))
    created = people.scenario.api.request(
        "POST", f"/api/admin/patients/{_patient_id(person)}/medications", {"name": name}
    )
    return ClinicalItem("medication", str(created["id"]), (name,))


def add_visit_note(people: People, person: Person) -> ClinicalItem:
    title = f"{people.faker.random_element(NOTE_TITLES)} {people.faker.numerify('###')}"
    created = people.scenario.api.request(
        "POST",
        f"/api/admin/patients/{_patient_id(person)}/notes",
        {"type": "progress", "title": title, "text": people.faker.sentence(nb_words=12), "author": "Dr Rivera"},
    )
    return ClinicalItem("visit note", str(created["id"]), (title,))


def send_message_over_http(people: People, person: Person) -> ClinicalItem:
    """The patient, signed in over HTTP in their own browser, sends a message to the care team."""
    page = people.sign_in(person)
    subject = f"{people.faker.sentence(nb_words=4).rstrip('.')} {people.faker.numerify('###')}"
    body = people.fake.message_body(MESSAGE_TOPIC_NAME)
    sent = post_form(page, "/messages/new", {"topic": MESSAGE_TOPIC, "subject": subject, "body": body})
    conversation = landed_on(sent)
    post_form(page, "/sign-out", {}, form_page="/messages")  # done: the patient's browser is signed out again
    if not conversation.startswith("/messages/") or conversation == "/messages/new":
        raise FormPostError(f"{person.name}'s message was not sent: the portal answered with {conversation}.")
    return ClinicalItem("message", conversation.rsplit("/", 1)[1], (subject,))


ITEM_MAKERS = {
    "test result": file_result,
    "medication": add_medication,
    "visit note": add_visit_note,
    "message": send_message_over_http,
}


def put_on_record(people: People, person: Person, kinds: list[str]) -> RecordContents:
    """Put one item of each kind on the person's record; returns what was put there."""
    contents = RecordContents(person)
    for kind in kinds:
        try:
            make = ITEM_MAKERS[kind]
        except KeyError:
            raise ValueError(f"Cannot put a '{kind}' on a record: use one of {', '.join(ITEM_MAKERS)}.") from None
        contents.items[kind] = make(people, person)
    return contents
