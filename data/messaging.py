"""Secure messaging state one scenario builds through the portal's admin API, test API and forms.

Pools, routing rules, clinic hours and holidays, a provider's out-of-office cover, canned
responses, staff answers and the scenario clock (MSG, OPS). Nothing here clicks: When steps
drive the browser through page objects; this module is for Given steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from data.message_texts import SUBJECTS
from data.people import Clinic, People, Person, StaffMember
from data.web_forms import FormPostError, landed_on, post_form
from portal_harness.portal_api import PortalApi

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MEBIBYTE = 1024 * 1024  # the portal's "MB", like its limit: 10 MB is 10 x 1024 x 1024 bytes
# A pool's kind decides which topics it answers when a clinic has no rule (e.g. pharmacy renewals).
POOL_KINDS = {"billing": "billing", "nurse": "nurse", "pharmacy": "pharmacy", "supervisor": "supervisor"}
FRONT_DESK_KIND = "front-desk"
OTHER_KIND = "other"
_CONVERSATION_PATH = re.compile(r"^/messages/(cnv_[A-Za-z0-9_-]+)$")

# The new-message email: what it says, and what it must never carry (MSG-09).
NEW_MESSAGE_WORDS = "new message"


@dataclass(frozen=True)
class Pool:
    id: str
    name: str
    clinic: Clinic


@dataclass
class SentMessage:
    """A message a patient sent: what they wrote, and the conversation it started."""

    sender: str
    topic: str
    subject: str
    body: str
    conversation_id: str | None = None
    attachment: Path | None = None


@dataclass
class Outbox:
    """The scenario's patient messages, oldest first ("Maria's earlier message", "her new message")."""

    sent: list[SentMessage] = field(default_factory=list)

    def add(self, message: SentMessage) -> SentMessage:
        self.sent.append(message)
        return message

    def latest(self, sender: str) -> SentMessage:
        return self._of(sender)[-1]

    def earliest(self, sender: str) -> SentMessage:
        return self._of(sender)[0]

    def _of(self, sender: str) -> list[SentMessage]:
        mine = [message for message in self.sent if message.sender == sender]
        if not mine:
            raise LookupError(f"{sender} has sent no message in this scenario: a step sending one must come first.")
        return mine


def new_message(people: People, person: Person, topic: str, body: str | None = None) -> SentMessage:
    """A message the patient could write on the topic, with a subject unique to the scenario."""
    fake = people.fake
    subject = f"{fake.random_element(SUBJECTS['en'][topic])} ({fake.bothify('??-####').upper()})"
    return SentMessage(person.name, topic, subject, body or fake.message_body(topic, "en"))


def send_over_http(people: People, person: Person, message: SentMessage) -> SentMessage:
    """The patient sends the message by posting the portal's own form (signing in first if needed)."""
    page = people.page_of(person)
    if landed_on(page.request.get("/messages")) != "/messages":
        people.sign_in(person)
    fields = {"topic": message.topic, "subject": message.subject, "body": message.body}
    response = post_form(page, "/messages/new", fields)
    found = _CONVERSATION_PATH.match(landed_on(response))
    if found is None:
        raise FormPostError(f"{person.name}'s message was not sent: the portal stayed on {landed_on(response)}.")
    message.conversation_id = found.group(1)
    return message


def conversation_id_from(url: str) -> str | None:
    found = _CONVERSATION_PATH.match(re.sub(r"^https?://[^/]+", "", url).split("?")[0])
    return found.group(1) if found else None


class MessagingSetup:
    """Pools, rules, hours and the clock of one scenario, through the admin and test APIs."""

    def __init__(self, people: People) -> None:
        self.people = people
        self._pools: dict[tuple[str, str], Pool] = {}
        self._week_starts: dict[str, date] = {}

    def __repr__(self) -> str:
        return f"MessagingSetup(pools={[name for _, name in self._pools]})"

    @property
    def pools(self) -> list[Pool]:
        """Every pool the scenario made, in every clinic."""
        return list(self._pools.values())

    @property
    def api(self) -> PortalApi:
        return self.people.scenario.api

    # --- pools and routing ---------------------------------------------------------------------
    def pool(self, clinic_name: str, pool_name: str) -> Pool:
        """The clinic's pool of that name, created on first use; its kind follows its name."""
        key = (clinic_name, pool_name)
        if key not in self._pools:
            clinic = self.people.clinic(clinic_name)
            words = pool_name.casefold()
            kind = FRONT_DESK_KIND if words == "front desk" else POOL_KINDS.get(words, OTHER_KIND)
            created = self.api.request(
                "POST", "/api/admin/pools", {"clinic_id": clinic.id, "name": pool_name, "kind": kind}
            )
            self._pools[key] = Pool(created["id"], pool_name, clinic)
        return self._pools[key]

    def route(self, clinic_name: str, topic: str, pool_name: str) -> None:
        """The clinic's routing rule for the topic names the pool (replacing any earlier rule)."""
        pool = self.pool(clinic_name, pool_name)
        body = {"clinic_id": pool.clinic.id, "topic": topic, "pool_id": pool.id}
        self.api.request("POST", "/api/admin/routing-rules", body)

    def canned_response(self, clinic_name: str, pool_name: str, title: str, text: str) -> None:
        pool = self.pool(clinic_name, pool_name)
        self.api.request("POST", "/api/admin/canned-responses", {"pool_id": pool.id, "title": title, "body": text})

    def reply(self, message: SentMessage, staff: StaffMember, text: str) -> None:
        """A staff member answers, exactly as from the console (the portal checks their access)."""
        if message.conversation_id is None:
            raise ValueError(f"The message '{message.subject}' was never sent.")
        body = {"staff_id": staff.staff_id, "body": text}
        self.api.request("POST", f"/api/admin/messages/{message.conversation_id}/replies", body)

    # --- providers -----------------------------------------------------------------------------
    def assign_provider(self, patient: Person, provider: StaffMember) -> None:
        self.api.request("PUT", f"/api/admin/patients/{patient.patient_id}/provider", {"staff_id": provider.staff_id})

    def out_of_office(self, provider: StaffMember, days: int, covering: Pool) -> None:
        """Away from today (the clinic's calendar, on the scenario clock) through `days` days later."""
        assert provider.clinic is not None
        today = self.local_now(provider.clinic).date()
        body = {
            "from": today.isoformat(),
            "until": (today + timedelta(days=days)).isoformat(),
            "covering_pool_id": covering.id,
        }
        self.api.request("PUT", f"/api/admin/staff/{provider.staff_id}/out-of-office", body)

    # --- clinic hours, holidays, contact ----------------------------------------------------------
    def clinic_in_zone(self, clinic_name: str, timezone: str) -> Clinic:
        clinic = self.people.clinic(clinic_name, timezone)
        if clinic.timezone != timezone:
            raise ValueError(f"{clinic_name} already exists in {clinic.timezone}: give its time zone first.")
        return clinic

    def set_weekday_hours(self, clinic: Clinic, opens: str, closes: str) -> None:
        """Open Monday to Friday from `opens` to `closes` (clinic time), closed at weekends."""
        week = {day.lower(): [[opens, closes]] for day in WEEKDAYS[:5]}
        self.api.request("PUT", f"/api/admin/clinics/{clinic.id}/hours", week)

    def add_holiday(self, clinic: Clinic, day: date, name: str) -> None:
        self.api.request("POST", f"/api/admin/clinics/{clinic.id}/holidays", {"date": day.isoformat(), "name": name})

    def clinic_code(self, clinic: Clinic) -> str:
        """The clinic's public code, as in its contact page's address."""
        return str(self.api.request("GET", f"/api/admin/clinics/{clinic.id}")["code"])

    # --- the scenario clock --------------------------------------------------------------------
    def local_now(self, clinic: Clinic) -> datetime:
        return self.api.clock_now().astimezone(ZoneInfo(clinic.timezone))

    def day_of_coming_week(self, clinic: Clinic, weekday: str) -> date:
        """That weekday of the coming week (the next Monday after today, clinic time): always ahead."""
        if clinic.name not in self._week_starts:
            today = self.local_now(clinic).date()
            self._week_starts[clinic.name] = today + timedelta(days=7 - today.weekday())
        return self._week_starts[clinic.name] + timedelta(days=WEEKDAYS.index(weekday))

    def travel_to(self, clinic: Clinic, weekday: str, clock_time: str) -> datetime:
        """Stop the scenario's clock at that wall-clock time of the coming week, in the clinic's zone."""
        day = self.day_of_coming_week(clinic, weekday)
        local = datetime.combine(day, time.fromisoformat(clock_time), ZoneInfo(clinic.timezone))
        self.api.freeze_clock(local)
        return local

    def advance_clock(self, seconds: int) -> None:
        self.people.scenario.api.move_clock(advance_seconds=seconds)


# --- attachments -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SampleFile:
    filename: str
    signature: bytes  # the first bytes that say what the file really is


SAMPLE_FILES = {
    "pdf": SampleFile("referral-letter.pdf", b"%PDF-1.7\n"),
    "jpg": SampleFile("rash-photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
    "png": SampleFile("blood-sugar-chart.png", b"\x89PNG\r\n\x1a\n"),
    "docx": SampleFile("sick-note.docx", b"PK\x03\x04\x14\x00\x06\x00"),
    "renamed program": SampleFile("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
}


def sample_file(folder: Path, kind: str, size: int) -> Path:
    """A file of exactly `size` bytes that starts like a real file of that kind."""
    sample = SAMPLE_FILES[kind]
    path = folder / sample.filename
    with path.open("wb") as out:
        out.write(sample.signature)
        out.truncate(max(size, len(sample.signature)))
    return path


# --- notifications -----------------------------------------------------------------------------
def notices_to(people: People, person: Person) -> list[dict[str, Any]]:
    """The emails the person received, leaving out their sign-in codes."""
    from data.mail import SIGN_IN_CODE_SUBJECT

    mailbox = people.scenario.mailbox.messages_to(person.email)
    return [mail for mail in mailbox if SIGN_IN_CODE_SUBJECT not in str(mail.get("subject", "")).lower()]
