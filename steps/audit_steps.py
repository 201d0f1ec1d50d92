"""The audit log of access to PHI (AUD)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from data.audit import (
    adult_proxy_views_health_summary,
    partner_user_views_record,
    patient_views_health_summary,
    staff_reads_message,
)
from data.people import People
from data.personas import STAFF_ROLES, staff_role
from pages.audit_log_page import AuditLogPage

_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
_ROLES = "|".join(sorted(STAFF_ROLES, key=len, reverse=True))


@given(
    parsers.re(
        r"(?P<who>[A-Z]\w+), (?P<relation>the patient (?:herself|himself)|(?:her|his) adult proxy"
        rf'|an? (?:{_ROLES}) at "[^"]+"|a partner-facility nurse under an MOU), looked at '
        r"(?P<patient>[A-Z]\w+)'s (?P<information>health summary|message) at (?P<hour>\d\d:\d\d) the next morning"
    ),
    target_fixture="access_moment",
)
def looked_at_information(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    people: People, who: str, relation: str, patient: str, information: str, hour: str
) -> datetime:
    """The scenario's clock moves to the next morning at that time (clinic clock, held), then the
    person opens the information in their own browser: the patient and an adult proxy their health
    summary, staff the patient's message in their pool, a partner user the record of a patient
    attributed to their facility under an MOU that is in force."""
    subject = people[patient]
    assert subject.clinic is not None, f"{patient} must be a registered patient first."
    zone = ZoneInfo(subject.clinic.timezone)
    tomorrow = datetime.now(zone).date() + timedelta(days=1)
    moment = datetime.combine(tomorrow, time.fromisoformat(hour), zone)
    people.scenario.api.freeze_clock(moment)
    if relation.startswith("the patient"):
        patient_views_health_summary(people, subject)
    elif relation.endswith("adult proxy"):
        adult_proxy_views_health_summary(people, who, subject)
    elif relation.startswith("a partner-facility"):
        partner_user_views_record(people, who, subject, tomorrow)
    else:
        role = re.match(rf"an? ({_ROLES}) at", relation)
        assert role is not None
        staff_reads_message(people, who, staff_role(role.group(1)), subject)
    return moment


@when(
    parsers.re(r"(?P<name>[A-Z]\w+) looks up (?P<patient>[A-Z]\w+)'s entries in the audit log"),
    target_fixture="current_page",
)
def looks_up_patient_in_audit_log(staff_page: Page, people: People, name: str, patient: str) -> AuditLogPage:
    """A supervisor filters the audit log by the patient's MRN (typed in, never put in a URL)."""
    return AuditLogPage(staff_page).open().find_patient(people[patient].mrn)


def _names_of(people: People, name: str) -> tuple[str, ...]:
    """How the log may name the person: their full name, or their username."""
    try:
        member = people.staff(name)
        return member.full_name, member.username
    except KeyError:
        person = people[name]
        return f"{person.first_name} {person.last_name}", person.username


@then(
    parsers.re(
        r"the audit log shows (?P<who>[A-Z]\w+) as (?:a|an) (?P<kind>patient|proxy|staff member|partner user) "
        r"who looked at (?P<patient>[A-Z]\w+)'s (?P<information>health summary|message) at (?P<hour>\d\d:\d\d)"
    )
)
def audit_log_shows_access(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    current_page: AuditLogPage, people: People, who: str, kind: str, patient: str, information: str, hour: str
) -> None:
    """Who (name and kind of actor), which patient, what category of information, what action, and when."""
    log = current_page
    category, action = log.LOOKS[information]
    name = _names_of(people, who)
    subject = people[patient]
    shown_time = time.fromisoformat(hour).strftime("%I:%M %p").lstrip("0")
    expect(log.entry(name, action), f"an entry of {name[0]} doing {action}").to_be_visible()
    expect(log.entry_cell(name, action, log.WHO)).to_contain_text(log.ACTOR_KINDS[kind])
    expect(log.entry_cell(name, action, log.PATIENT)).to_contain_text(f"{subject.first_name} {subject.last_name}")
    expect(log.entry_cell(name, action, log.CATEGORY)).to_have_text(category)
    expect(log.entry_cell(name, action, log.TIME)).to_contain_text(shown_time)


@then("the audit log offers no way to change or remove an entry, and refuses any change sent to it")
def audit_log_unchangeable(current_page: AuditLogPage) -> None:
    """No edit or delete control on the entries; POST, PUT and DELETE to the log are refused."""
    expect(current_page.change_controls).to_have_count(0)
    page = current_page.page
    token = _CSRF.search(page.content())
    form = {"csrf_token": token.group(1) if token else "", "entry": "1", "action": "deleted"}
    for method in ("POST", "PUT", "DELETE"):
        answer = page.request.fetch(AuditLogPage.path, method=method, form=form)
        assert answer.status in (403, 405), f"{method} {AuditLogPage.path} answered {answer.status}: it must be refused"
