"""What the report scenarios did, built through the admin API on the scenario's own clock.

Reports count what happened at a site over a range of days, so these scenarios put the portal's
clock at chosen wall-clock moments of their own clinics (non-UTC zones) and replay a small history:
activation codes issued, replaced, voided, redeemed (RPT-01). The expected numbers are written in
the features from what the history did, never read back from the portal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page

from data.people import Clinic, People, Person
from data.results import file_result
from data.web_forms import FormPostError, landed_on, post_form
from portal_harness.masking import SECRETS
from portal_harness.portal_api import PortalApi

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVENT_HOUR = time(10, 0)  # every event of a history happens at 10:00 on the clinic's clock
_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


def at_clinic(clinic: Clinic, day: date, hour: time = EVENT_HOUR) -> datetime:
    """A wall-clock moment at the clinic, in its own time zone."""
    return datetime.combine(day, hour, ZoneInfo(clinic.timezone))


def clinic_code(api: PortalApi, clinic: Clinic) -> str:
    """The site code the portal gave the clinic (clinic names need not be unique; codes are)."""
    return str(api.request("GET", f"/api/admin/clinics/{clinic.id}")["code"])


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_in_week(words: str, monday: date) -> date:
    """'Tuesday' is the Tuesday of the reported week; 'the Tuesday before' that of the week before."""
    found = re.fullmatch(rf"(?:the )?({'|'.join(WEEKDAYS)})( before)?", words.strip())
    if found is None:
        raise ValueError(f"'{words}': say a weekday of the reported week ('Tuesday') or of the week before it.")
    offset = WEEKDAYS.index(found.group(1)) - (7 if found.group(2) else 0)
    return monday + timedelta(days=offset)


# --- RPT-01: the codes a site handled ------------------------------------------------------------
_THEN = re.compile(
    r"(?P<what>was never used|was replaced by a new code|was voided after wrong answers|was redeemed)"
    r"(?: on (?P<day>.+))?"
)


@dataclass(frozen=True)
class CodeEvent:
    moment: datetime
    order: int  # keeps a row's issue before what happened to that code
    kind: str  # issue | replace | wrong-answers | redeem
    patient: str
    site: str


def code_events(rows: list[dict[str, str]], site: str, monday: date, people: People) -> list[CodeEvent]:
    """The table's rows as events in time order (each at 10:00 on the issuing site's clock)."""
    clinic = people.clinic(site)
    events: list[CodeEvent] = []
    for order, row in enumerate(rows):
        issued = at_clinic(clinic, day_in_week(row["issued"], monday))
        events.append(CodeEvent(issued, order, "issue", row["patient"], site))
        then = _THEN.fullmatch(row["then"].strip())
        if then is None:
            raise ValueError(f"'{row['then']}': say what happened to the code, e.g. 'was redeemed on Tuesday'.")
        kind = {
            "was never used": "",
            "was replaced by a new code": "replace",
            "was voided after wrong answers": "wrong-answers",
            "was redeemed": "redeem",
        }[then.group("what")]
        if kind:
            if not then.group("day"):
                raise ValueError(f"'{row['then']}': say on which day, e.g. '{then.group('what')} on Tuesday'.")
            events.append(
                CodeEvent(at_clinic(clinic, day_in_week(then.group("day"), monday)), order, kind, row["patient"], site)
            )
    return sorted(events, key=lambda event: (event.moment, event.order))


def replay_code_history(people: People, events: list[CodeEvent], wrong_answers: int) -> None:
    """Issue, replace, void and redeem the codes at the events' moments on the scenario's clock."""
    api = people.scenario.api
    for event in events:
        api.freeze_clock(event.moment)
        person = people[event.patient]
        if event.kind in ("issue", "replace"):
            issue_code_at(people, person, people.clinic(event.site))
        elif event.kind == "wrong-answers":
            answer_wrongly(people.scenario.new_page(), people.activation_code_of(person), person, wrong_answers)
        elif event.kind == "redeem":
            people.enroll(person)


def issue_code_at(people: People, person: Person, site: Clinic) -> str:
    """Staff at `site` generate a code for the patient, whatever clinic the patient belongs to."""
    if person.patient_id is None:
        raise ValueError(f"{person.name} is not a registered patient yet.")
    issued = people.scenario.api.generate_activation_code(person.patient_id, site.id)
    person.activation_code = str(SECRETS.register(issued["code"]))
    return person.activation_code


def answer_wrongly(page: Page, code: str, person: Person, times: int) -> None:
    """Someone enters the code with a wrong date of birth, `times` times (the portal refuses each)."""
    wrong_birth = (person.date_of_birth - timedelta(days=400)).isoformat()
    for _ in range(times):
        form = page.request.get("/activate")
        token = _CSRF.search(form.text())
        if token is None:
            raise AssertionError(f"/activate shows no form with a CSRF token (status {form.status}).")
        page.request.post(
            "/activate",
            form={"activation_code": code, "date_of_birth": wrong_birth, "csrf_token": token.group(1)},
        )


# --- RPT-02 / RPT-03: messages and replies at a clinic ----------------------------------------------
WEEKDAY_HOURS = {day.lower(): [["08:00", "17:00"]] for day in WEEKDAYS[:5]}
POOLS = {"Nurses": "nurse", "Billing": "billing"}  # pool name -> kind; billing questions go to Billing
REPLIER = "Nora"  # the nurse who answers in both pools
_AT = re.compile(
    rf"(?P<day>(?:the )?(?:{'|'.join(WEEKDAYS)})(?: before)?) (?P<hour>\d\d:\d\d)(?P<canned> with a canned response)?"
)


@dataclass
class MessagingClinic:
    clinic: Clinic
    pools: dict[str, str]  # name -> pool id
    replier_id: str
    canned_id: str


def open_weekdays_with_pools(people: People, clinic_name: str) -> MessagingClinic:
    """The clinic opens 08:00-17:00 Monday to Friday; "Nurses" take every topic but billing, which
    goes to "Billing"; Nora works in both pools; the Nurses pool has one canned response."""
    api = people.scenario.api
    clinic = people.clinic(clinic_name)
    api.request("PUT", f"/api/admin/clinics/{clinic.id}/hours", WEEKDAY_HOURS)
    nurse = people.staff_member(REPLIER, "nurse", clinic_name)
    pools = {
        name: str(
            api.request(
                "POST",
                "/api/admin/pools",
                {"clinic_id": clinic.id, "name": name, "kind": kind, "member_ids": [nurse.staff_id]},
            )["id"]
        )
        for name, kind in POOLS.items()
    }
    api.request("POST", "/api/admin/routing-rules", {"clinic_id": clinic.id, "topic": None, "pool_id": pools["Nurses"]})
    api.request(
        "POST",
        "/api/admin/routing-rules",
        {"clinic_id": clinic.id, "topic": "Billing question", "pool_id": pools["Billing"]},
    )
    canned = api.request(
        "POST",
        "/api/admin/canned-responses",
        {
            "pool_id": pools["Nurses"],
            "title": "Thanks",
            "body": "Thank you {patient_first_name}, we have your message.",
        },
    )
    return MessagingClinic(clinic, pools, str(nurse.staff_id), str(canned["id"]))


def moment_in_week(clinic: Clinic, words: str, monday: date) -> tuple[datetime, bool]:
    """'Tuesday 08:30' (or 'Tuesday 08:30 with a canned response') on the clinic's clock."""
    found = _AT.fullmatch(words.strip())
    if found is None:
        raise ValueError(f"'{words}': say a weekday and a time, like 'Tuesday 08:30'.")
    day = day_in_week(found.group("day"), monday)
    return at_clinic(clinic, day, time.fromisoformat(found.group("hour"))), bool(found.group("canned"))


def replay_messages(people: People, setup: MessagingClinic, rows: list[dict[str, str]], monday: date) -> None:
    """Each patient signs in and sends the message at its time; Nora answers at the time given."""
    api = people.scenario.api
    events: list[tuple[datetime, int, str, dict[str, str], bool]] = []
    for order, row in enumerate(rows):
        sent, _ = moment_in_week(setup.clinic, row["sent"], monday)
        events.append((sent, order, "send", row, False))
        if row.get("answered by staff", "").strip():
            answered, canned = moment_in_week(setup.clinic, row["answered by staff"], monday)
            events.append((answered, order, "answer", row, canned))
    conversations: dict[int, str] = {}
    for moment, order, kind, row, canned in sorted(events, key=lambda event: (event[0], event[1])):
        api.freeze_clock(moment)
        if kind == "send":
            person = people[row["patient"]]
            if person.patient_id is None:
                people.enrolled_patient(row["patient"], setup.clinic.name)
            fields = {"topic": row["topic"], "subject": row["topic"], "body": people.fake.message_body(row["topic"])}
            posted = post_form(people.sign_in(person), "/messages/new", fields)
            if not landed_on(posted).startswith("/messages/"):
                raise FormPostError(f"{person.name}'s message was not sent ({landed_on(posted)}).")
            conversations[order] = landed_on(posted).rsplit("/", 1)[1]
        else:
            body: dict[str, str] = {"staff_id": setup.replier_id}
            body.update(
                {"canned_response_id": setup.canned_id} if canned else {"body": "Thank you, here is the answer."}
            )
            api.request("POST", f"/api/admin/messages/{conversations[order]}/replies", body)


def grant_adult_proxy(people: People, proxy_name: str, patient_name: str, clinic_name: str) -> None:
    """Both have accounts at the clinic; the patient has made the other their adult proxy."""
    patient = (
        people[patient_name] if people[patient_name].patient_id else people.enrolled_patient(patient_name, clinic_name)
    )
    proxy = people[proxy_name] if people[proxy_name].patient_id else people.enrolled_patient(proxy_name, clinic_name)
    api = people.scenario.api
    account = api.request("GET", f"/api/admin/patients/{proxy.patient_id}/account")["account"]
    api.request(
        "POST",
        "/api/admin/proxies",
        {"patient_id": patient.patient_id, "proxy_account_id": account["id"], "relationship": "adult-proxy"},
    )


# --- RPT-04: results made visible, on time or late ---------------------------------------------------
def file_result_now(people: People, person: Person) -> str:
    """A final, non-sensitive lab result reported now (the scenario's clock); its id."""
    return file_result(people.scenario.api, person, people.fake.lab_result())


def hold_result(people: People, result_id: str) -> None:
    body = {"reason": "The clinician will call first", "reviewer": "Dr. " + people.fake.last_name()}
    people.scenario.api.request("POST", f"/api/admin/results/{result_id}/hold", body)


def lift_hold(people: People, result_id: str) -> None:
    people.scenario.api.request("POST", f"/api/admin/results/{result_id}/lift-hold", {"staff_name": "Dr. Ames"})


def looks_at_record(people: People, person: Person) -> None:
    """The patient signs in and opens their health summary (a view of the record)."""
    response = people.sign_in(person).request.get("/health-summary")
    if response.status >= 400:
        raise AssertionError(f"{person.name}'s health summary answered {response.status}.")
