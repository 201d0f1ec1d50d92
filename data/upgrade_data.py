"""The data each upgrade-continuity scenario carries across an upgrade (UPG-01, UPG-02, UPG-03).

Each function makes the data through the portal's interfaces in the half before the upgrade and
keeps, in `Continuity.data`, what people should see afterwards; in the half after the upgrade it
only rebuilds the baseline's people. Boundary values are deliberate: an adult proxy ending the
configured months from now, a 2,000-character Spanish message with accents and an emoji, an
attachment of exactly the size limit.
"""

from __future__ import annotations

import hashlib
import random
from zoneinfo import ZoneInfo

from playwright.sync_api import FilePayload

from data.continuity import Continuity
from data.messaging import MEBIBYTE, MessagingSetup, new_message, send_over_http
from data.partners import Partners
from data.people import People, Person
from data.proxies import add_months, grant, with_account
from data.results import LabFeed
from data.web_forms import FormPostError, post_form

UPGRADE_CLINIC = "Riverside Clinic"
CLINIC_ZONE = "America/Denver"
LONG_MESSAGE_CHARACTERS = 2_000
SPANISH_EXTRAS = " ¿Qué tal? Año, corazón, pequeño, niña, ¡gracias! 🙂"
ATTACHMENT_NAME = "resultados-escaneados.pdf"
PDF_SIGNATURE = b"%PDF-1.7\n"
ROUTED_POOL = "Accounts office"
OPENS, CLOSES = "07:30", "16:30"
CANNED_TITLE = "Payment plan options"


def _carried(continuity: Continuity, *names: str) -> Continuity:
    for name in names:
        continuity.carried_person(name)
    return continuity


# --- UPG-01 ---------------------------------------------------------------------------------------
def carry_accounts_and_proxy(continuity: Continuity, adult_proxy_months: int) -> Continuity:
    if not continuity.before:
        return _carried(continuity, "Maria", "Carlos")
    people = continuity.people
    maria, _ = with_account(people, "Maria", UPGRADE_CLINIC)
    ends = add_months(people.scenario.api.clock_now(), adult_proxy_months)
    carlos = grant(people, "Carlos", "Maria", UPGRADE_CLINIC, "adult-proxy", expires_at=ends).proxy
    continuity.carry(maria)
    continuity.carry(carlos)
    assert maria.clinic is not None
    last_day = ends.astimezone(ZoneInfo(maria.clinic.timezone)).date()
    continuity.data["carlos"] = {"name": carlos.full_name, "access": "full", "last_day": last_day.isoformat()}
    return continuity


# --- UPG-02 ---------------------------------------------------------------------------------------
def carry_messages_and_result(continuity: Continuity, attachment_max_mb: int) -> Continuity:
    if not continuity.before:
        return _carried(continuity, "Lucia")
    people = continuity.people
    lucia = people.enrolled_patient("Lucia", UPGRADE_CLINIC)
    long_message = new_message(people, lucia, "Medical question", body=_spanish_text(people, LONG_MESSAGE_CHARACTERS))
    send_over_http(people, lucia, long_message)
    content = _attachment_content(people, attachment_max_mb * MEBIBYTE)
    with_file = new_message(people, lucia, "Test results question")
    _send_with_attachment(people, lucia, with_file.subject, with_file.body, content)
    sent = [long_message, with_file]
    result = LabFeed(people).send(lucia, [people.fake.lab_result("routine")]).results[0]
    people.new_browser_for(lucia)  # she comes back later, signed out
    continuity.carry(lucia)
    author = lucia.full_name
    continuity.data["messages"] = [{"subject": m.subject, "body": m.body, "author": author} for m in sent]
    continuity.data["attachment"] = {
        "subject": with_file.subject,
        "filename": ATTACHMENT_NAME,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    continuity.data["result"] = {"test": result.test.name, "value": result.value, "units": result.test.units}
    return continuity


def _spanish_text(people: People, characters: int) -> str:
    """Spanish prose of exactly that many characters, with accents, ñ, ¿¡ and an emoji at the end."""
    text = ""
    while len(text) < characters:
        text += people.fake.message_body("Medical question", "es") + " "
    body = text[: characters - len(SPANISH_EXTRAS)].rstrip()
    body += "." * (characters - len(SPANISH_EXTRAS) - len(body))
    return body + SPANISH_EXTRAS


def _attachment_content(people: People, size: int) -> bytes:
    """A PDF-looking file of exactly `size` bytes, reproducible from the scenario's seed."""
    noise = random.Random(people.scenario.seed).randbytes(size - len(PDF_SIGNATURE))
    return PDF_SIGNATURE + noise


def _send_with_attachment(people: People, person: Person, subject: str, body: str, content: bytes) -> None:
    page = people.page_of(person)
    fields = {"topic": "test-results", "subject": subject, "body": body}
    upload: dict[str, FilePayload] = {
        "attachment": {"name": ATTACHMENT_NAME, "mimeType": "application/pdf", "buffer": content}
    }
    response = post_form(page, "/messages/new", fields, files=upload)
    if "/messages/cnv_" not in response.url:
        raise FormPostError(f"{person.name}'s message with an attachment was refused ({response.url}).")


# --- UPG-03 ---------------------------------------------------------------------------------------
def carry_clinic_settings(continuity: Continuity, messaging: MessagingSetup, partners: Partners) -> Continuity:
    if not continuity.before:
        return _carried(continuity, "Maria", "Ana")
    people = continuity.people
    clinic = messaging.clinic_in_zone(UPGRADE_CLINIC, CLINIC_ZONE)
    messaging.route(UPGRADE_CLINIC, "billing", ROUTED_POOL)
    messaging.set_weekday_hours(clinic, OPENS, CLOSES)
    messaging.canned_response(UPGRADE_CLINIC, ROUTED_POOL, CANNED_TITLE, people.fake.sentence(nb_words=12))
    maria = people.enrolled_patient("Maria", UPGRADE_CLINIC)
    agency = partners.with_agreement("Mesa Home Health", UPGRADE_CLINIC, ["test results", "appointments"])
    partners.attribute(agency, maria)
    ana = people["Ana"]
    partners.add_user(agency, ana)
    continuity.carry(maria)
    continuity.carry(ana)
    continuity.data["clinic_settings"] = {
        "clinic": {"name": clinic.name, "id": clinic.id, "timezone": clinic.timezone},
        "code": messaging.clinic_code(clinic),
        "pool": ROUTED_POOL,
        "opens": OPENS,
        "closes": CLOSES,
        "canned_title": CANNED_TITLE,
    }
    return continuity
