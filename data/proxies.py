"""Proxy relationships built through the admin API, and the scenario clock set on a clinic's wall clock.

A parent, an adult proxy or a legal guardian is registered the way staff do it at the desk
(`/api/admin/proxies`); the rules under test (age bands, expiry, revocation) are the portal's.
Birthdays and expiries are computed here from the target profile (`expected`), never read back
from the portal.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from data.people import Clinic, People, Person
from data.web_forms import FormPostError, post_form
from portal_harness.masking import SECRETS
from portal_harness.portal_api import PortalApi

Relationship = Literal["parent", "adult-proxy", "guardian"]
# Thresholds are tested at the last minute before and the first minute after they take effect.
LAST_MINUTE = time(23, 59)
FIRST_MINUTE = time(0, 1)
SIDES = {"the day before": LAST_MINUTE, "the day of": FIRST_MINUTE}
# The PHI-free email a proxy gets when their access ends (matched case-insensitively in the subject).
ACCESS_CHANGED_SUBJECT = "proxy access has changed"


@dataclass
class ProxyGrant:
    """One person's standing to act in another's record, as the admin API registered it."""

    id: str
    proxy: Person
    patient: Person
    relationship: Relationship
    expires_at: datetime | None = None
    granted_at: datetime | None = None  # known when the scenario froze its clock to grant

    def __repr__(self) -> str:
        return f"ProxyGrant({self.proxy.name} for {self.patient.name}, {self.relationship})"


@dataclass
class IssuedProxyCode:
    """A proxy code the front desk printed for a patient's record (the code stays out of reports)."""

    patient: Person
    code: str = field(repr=False)


# --- the scenario clock ------------------------------------------------------------------------
def freeze_clock_at_local(api: PortalApi, day: date, wall_time: time, timezone: str) -> None:
    """Stop the clock at a wall-clock time in a clinic's time zone."""
    api.freeze_clock(datetime.combine(day, wall_time, tzinfo=ZoneInfo(timezone)))


def nth_birthday(born: date, age: int) -> date:
    """The day a person turns `age` (a 29 February birthday is kept on 28 February in common years)."""
    year = born.year + age
    if (born.month, born.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return born.replace(year=year)


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months later, same time of day; the 31st becomes the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def freeze_on_side_of_birthday(people: People, person: Person, age: int, side: str) -> None:
    """The last minute of the day before, or the first minute of the day, the person turns `age`."""
    if side not in SIDES:
        raise ValueError(f"'{side}' is not a side of a birthday: use one of {', '.join(SIDES)}.")
    clinic = clinic_of(person)
    birthday = nth_birthday(person.date_of_birth, age)
    day = birthday - timedelta(days=1) if SIDES[side] is LAST_MINUTE else birthday
    freeze_clock_at_local(people.scenario.api, day, SIDES[side], clinic.timezone)


# --- people with accounts ------------------------------------------------------------------------
def clinic_of(person: Person) -> Clinic:
    if person.clinic is None:
        raise ValueError(f"{person.name} is not registered at a clinic yet: a Given step must register them first.")
    return person.clinic


def registered(people: People, name: str, clinic_name: str) -> Person:
    """The person's record at the clinic, registered once per scenario."""
    person = people[name]
    if person.patient_id is None:
        return people.register_patient(name, clinic_name)
    return person


def account_id(api: PortalApi, person: Person) -> str | None:
    """The public id of the person's portal account, or None while they have none."""
    if person.patient_id is None:
        return None
    account = api.request("GET", f"/api/admin/patients/{person.patient_id}/account")["account"]
    return str(account["id"]) if account else None


def with_account(people: People, name: str, clinic_name: str) -> tuple[Person, str]:
    """The person registered at the clinic (if not yet) with an enrolled portal account (if not yet)."""
    person = registered(people, name, clinic_name)
    existing = account_id(people.scenario.api, person)
    if existing is not None:
        return person, existing
    people.enroll(person)
    enrolled = account_id(people.scenario.api, person)
    if enrolled is None:
        raise ValueError(f"{name} was enrolled but the portal shows no account for them.")
    return person, enrolled


def born_to_turn_soon(people: People, name: str, age: int, days: int = 30) -> None:
    """Fix a person's birth date (before registering them) so they turn `age` `days` from today."""
    today = people.scenario.api.clock_now().date()
    people[name].date_of_birth = people.fake.birthday_in(days, age, today)


# --- proxy relationships ------------------------------------------------------------------------
def grant(
    people: People,
    proxy_name: str,
    patient_name: str,
    clinic_name: str,
    relationship: Relationship,
    *,
    expires_at: datetime | None = None,
) -> ProxyGrant:
    """Staff register the relationship at the desk; the proxy gets a portal account if they have none."""
    patient = registered(people, patient_name, clinic_name)
    proxy, proxy_account = with_account(people, proxy_name, clinic_name)
    body: dict[str, Any] = {
        "patient_id": patient.patient_id,
        "proxy_account_id": proxy_account,
        "relationship": relationship,
    }
    if expires_at is not None:
        body["expires_at"] = expires_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    created = people.scenario.api.request("POST", "/api/admin/proxies", body)
    return ProxyGrant(created["id"], proxy, patient, relationship, expires_at)


def record_adolescent_consent(people: People, grant_: ProxyGrant, full_access: bool) -> None:
    """The adolescent's signed consent form, recorded by staff: the parent gets (or loses) full access."""
    people.scenario.api.request(
        "POST", f"/api/admin/proxies/{grant_.id}/adolescent-consent", {"full_access": full_access}
    )


def issue_proxy_code(people: People, child: Person, relationship: Relationship = "parent") -> str:
    """A proxy code for the child's record, as the front desk prints it."""
    issued = people.scenario.api.request(
        "POST", "/api/admin/proxy-codes", {"patient_id": child.patient_id, "relationship": relationship}
    )
    return str(SECRETS.register(issued["code"]))


# --- what the patient does on the sharing page, over HTTP (for Given steps) ----------------------
def patient_changes_proxy(people: People, grant_: ProxyGrant, action: Literal["renew", "revoke"]) -> None:
    """The patient, signed in, renews or revokes an adult proxy they granted (the sharing page's form)."""
    page = people.page_of(grant_.patient)
    response = post_form(page, f"/sharing/{grant_.id}/{action}", {}, form_page="/sharing")
    if not response.url.endswith("/sharing"):
        raise FormPostError(f"{grant_.patient.name} could not {action} {grant_.proxy.name}'s access.")


# --- what a proxy receives -------------------------------------------------------------------------
def access_changed_notices(people: People, proxy: Person) -> list[dict[str, Any]]:
    """The "your proxy access has changed" emails in the proxy's mailbox."""
    mailbox = people.scenario.mailbox.messages_to(proxy.email)
    return [mail for mail in mailbox if ACCESS_CHANGED_SUBJECT in str(mail.get("subject", "")).lower()]


def phi_of(person: Person) -> list[str]:
    """What would identify the patient in a notification: name, date of birth, MRN."""
    born = person.date_of_birth
    return [person.first_name, person.last_name, person.mrn, born.isoformat(), born.strftime("%m/%d/%Y")]
