"""Lab results, their release rules and sensitive results (RES).

Results arrive the way a lab files them: an HL7 ORU over the interface (`data/results.LabFeed`).
Holds, releases, notes and who may open a record are set through the admin API, as the EHR and
staff would. Then steps compare what a person sees with what the lab delivered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import expect
from pytest import fixture
from pytest_bdd import given, parsers, then, when

from data import results as lab_data
from data.expectations import Expectations
from data.lab_catalogue import LabTest
from data.people import People, Person
from data.personas import staff_role
from data.providers import LabResult
from data.proxies import born_to_turn_soon, grant, record_adolescent_consent, with_account
from data.results import ClinicalNote, Delivery, LabFeed
from pages.audit_log_page import AuditLogPage
from pages.base_page import BasePage
from pages.clinical_notes_page import ClinicalNotesPage
from pages.record_places import RecordView, look_at
from pages.results_components import LabWorkCard
from pages.test_results_page import TestResultsPage
from steps.people_steps import DEFAULT_CLINIC
from steps.phrases import POSSESSIVE

NAME = r"(?P<name>[A-Z]\w+)"
CATEGORY_WORDS = {"routine": "routine", "HIV": "hiv", "STI": "sti", "pregnancy": "pregnancy"}
CATEGORY = r"(?P<category>routine|HIV|STI|pregnancy)"
SENSITIVE_WORDS = ("HIV", "STI", "sexually transmitted", "pregnan", "substance", "mental health", "genetic")
NOTE_KINDS = {"progress": "progress", "substance-use treatment": "substance-use", "psychotherapy": "psychotherapy"}


@fixture
def lab(people: People) -> LabFeed:
    """The scenario's lab: what it sent over HL7 and what the interface answered."""
    return LabFeed(people)


@dataclass
class WrittenNotes:
    """The notes clinicians wrote in this scenario, by kind ("progress", "psychotherapy"...)."""

    by_kind: dict[str, ClinicalNote] = field(default_factory=dict)


@dataclass
class ClinicianActions:
    """What clinicians did to results in this scenario: who released, who held and why."""

    released_by: str = ""
    hold_reason: str = ""
    hold_reviewer: str = ""


@fixture
def clinician_actions() -> ClinicianActions:
    """Releases and holds made in this scenario (so Then steps know the names and the reason)."""
    return ClinicianActions()


@fixture
def written_notes() -> WrittenNotes:
    """Notes written in this scenario (so Then steps know their titles and words)."""
    return WrittenNotes()


def _accepted(delivery: Delivery) -> Delivery:
    if delivery.ack.code != "AA":
        raise AssertionError(f"The lab's results were not filed: the interface answered {delivery.ack}.")
    return delivery


# --- Given: results the lab has sent ---------------------------------------------------------
@given(
    parsers.re(rf"the lab has sent an? (?P<status>final|preliminary) {CATEGORY} result for {NAME}"),
    target_fixture="delivery",
)
def lab_has_sent(lab: LabFeed, people: People, status: str, category: str, name: str) -> Delivery:
    """The lab's ORU^R01 with one result of the category (values from the LOINC catalogue) was filed."""
    result = lab.result(CATEGORY_WORDS[category])
    return _accepted(lab.send(people[name], [result], status="F" if status == "final" else "P"))


@given(
    parsers.re(rf"the lab has sent {NAME} a routine result, then {POSSESSIVE} HIV, STI and pregnancy results"),
    target_fixture="delivery",
)
def lab_has_sent_routine_then_sensitive(lab: LabFeed, people: People, name: str) -> Delivery:
    """Two ORU messages: a routine result first, then an HIV, an STI and a pregnancy result together."""
    person = people[name]
    _accepted(lab.send(person, [lab.result("routine")]))
    sensitive = [lab.result(category) for category in lab_data.SENSITIVE_CATEGORIES]
    return _accepted(lab.send(person, sensitive))


# --- Given: the patient's choice, holds and releases -----------------------------------------
@given(parsers.re(rf"{NAME} has chosen to see new results only after {POSSESSIVE} clinician has reviewed them"))
def chose_to_wait(people: People, name: str) -> None:
    """The patient's results preference is "wait for my clinician" (set as the portal records it)."""
    lab_data.choose_to_wait_for_clinician(people.scenario.api, people[name])


@given(parsers.re(rf"it is the day (?P<before>before )?{NAME}'s wait for {POSSESSIVE} clinician ends"))
def day_of_wait(people: People, expected: Expectations, before: str | None, name: str) -> None:
    """The scenario clock moves to the day the chosen wait ends (the profile's patient_wait_days), or the day before."""
    days = expected.results.patient_wait_days - (1 if before else 0)
    lab_data.advance_clock_days(people.scenario.api, days)
    lab_data.run_release_job(people.scenario.api, people[name])


@given(parsers.re(rf"{NAME}'s clinician has reviewed and released {POSSESSIVE} result"))
def clinician_released(people: People, lab: LabFeed, clinician_actions: ClinicianActions, name: str) -> None:
    """A clinician reviews and releases the lab's latest result, an hour after it arrived."""
    person = people[name]
    api = people.scenario.api
    api.move_clock(advance_seconds=3600)
    clinician_actions.released_by = _clinician(people)
    for result in lab.last.results:
        result_id = lab_data.result_id_of(api, person, result.test.name)
        lab_data.release_result(api, result_id, clinician_actions.released_by)


@given(
    parsers.re(
        rf"a clinician has put {NAME}'s result on a Preventing-Harm hold(?P<lifted>, and lifted it after review)?"
    )
)
def result_on_hold(
    people: People, lab: LabFeed, clinician_actions: ClinicianActions, name: str, lifted: str | None
) -> None:
    """A Preventing-Harm hold with a reason and a reviewing clinician; optionally lifted a day later."""
    person = people[name]
    api = people.scenario.api
    clinician_actions.hold_reviewer = reviewer = _clinician(people)
    clinician_actions.hold_reason = reason = people.fake.sentence(nb_words=8)
    for result in lab.last.results:
        result_id = lab_data.result_id_of(api, person, result.test.name)
        lab_data.hold_result(api, result_id, reason=reason, reviewer=reviewer)
        if lifted:
            api.move_clock(advance_seconds=86400)
            lab_data.lift_hold(api, result_id, reviewer)


# --- Given: notes and who else may open the record -------------------------------------------
@given(
    parsers.re(
        rf"{NAME}'s clinicians have written (?:her|him|them) a progress note"
        r" and an? (?P<kind>substance-use treatment|psychotherapy) note"
    )
)
def clinicians_wrote_notes(people: People, written_notes: WrittenNotes, name: str, kind: str) -> None:
    """Two notes filed by the EHR: a progress note and a note of the given kind, each with its own words."""
    person = people[name]
    for words in ("progress", kind):
        note = ClinicalNote(
            note_type=NOTE_KINDS[words],
            title=f"{people.fake.catch_phrase()} {people.fake.numerify('###')}",
            text=people.fake.paragraph(nb_sentences=3),
            author=_clinician(people),
        )
        lab_data.write_note(people.scenario.api, person, note)
        written_notes.by_kind[words] = note


@given(
    parsers.re(
        rf"(?P<teen>[A-Z]\w+), who is (?P<age>\d+), has given {POSSESSIVE} parent (?P<parent>[A-Z]\w+)"
        rf" full access to {POSSESSIVE} record"
    )
)
def teen_gave_parent_full_access(people: People, teen: str, age: str, parent: str) -> None:
    """Parent and teen both have portal accounts at the clinic; the parent is registered as the teen's
    parent and the teen signed the consent giving full access (which never covers sensitive results)."""
    born_to_turn_soon(people, teen, int(age) + 1, days=TEEN_NEXT_BIRTHDAY_IN_DAYS)
    with_account(people, teen, DEFAULT_CLINIC)
    record_adolescent_consent(people, grant(people, parent, teen, DEFAULT_CLINIC, "parent"), full_access=True)


@given(
    parsers.re(
        rf"{NAME} has given (?P<proxy>[A-Z]\w+) proxy access to {POSSESSIVE} record,"
        r" without consent to share substance-use treatment records"
    )
)
def adult_proxy_without_part2(people: People, name: str, proxy: str) -> None:
    """Both are adults with portal accounts; the patient made the other an adult proxy, with no Part 2 consent."""
    with_account(people, name, DEFAULT_CLINIC)
    grant(people, proxy, name, DEFAULT_CLINIC, "adult-proxy")


# --- When ------------------------------------------------------------------------------------
@when(parsers.re(rf"{NAME} opens {POSSESSIVE} test results"), target_fixture="current_page")
def opens_test_results(people: People, name: str) -> TestResultsPage:
    """The patient opens the Test results page from the main navigation."""
    return TestResultsPage(people.page_of(people[name])).open()


@when(parsers.re(rf"the lab sends a final {CATEGORY} result for {NAME}"), target_fixture="delivery")
def lab_sends(lab: LabFeed, people: People, category: str, name: str) -> Delivery:
    """The lab's ORU^R01 with one final result of the category arrives on the interface."""
    return lab.send(people[name], [lab.result(CATEGORY_WORDS[category])])


@when(
    parsers.re(
        rf"(?P<viewer>[A-Z]\w+) looks at (?:(?P<owner>[A-Z]\w+)'s|{POSSESSIVE})"
        r" (?P<place>test results|new-results count|new-result emails|downloaded record|clinical notes|CCD download)"
    ),
    target_fixture="record_view",
)
def looks_at(people: People, viewer: str, owner: str | None, place: str) -> RecordView:
    """The viewer (the patient, or a proxy switching to the patient's record) looks at one place."""
    return look_at(people, people[viewer], people[owner or viewer], place)


# --- Then ------------------------------------------------------------------------------------
@then(parsers.re(rf"{NAME} sees the result the lab sent, with its value"))
def sees_sent_result(current_page: BasePage, lab: LabFeed, people: People, name: str) -> None:
    """Every result the lab filed for the patient is listed, with the value and units delivered."""
    results = TestResultsPage(current_page.page)
    for result in lab.results_for(people[name]):
        expect(results.result_row(result.test.name)).to_be_visible()
        expect(results.value_of(result.test.name)).to_contain_text(result.value)


@then(parsers.re(rf"{NAME} (?P<sees>sees|does not see) {POSSESSIVE} result"))
def sees_or_not(current_page: BasePage, lab: LabFeed, people: People, name: str, sees: str) -> None:
    """The lab's result is listed (with its value), or it is not in the list at all."""
    results = TestResultsPage(current_page.page)
    for result in lab.results_for(people[name]):
        if sees == "sees":
            expect(results.value_of(result.test.name)).to_contain_text(result.value)
        else:
            expect(results.heading).to_be_visible()
            expect(results.result_row(result.test.name)).to_have_count(0)


@then(parsers.re(rf"{NAME} is told a new result is waiting for {POSSESSIVE} clinician's review"))
def told_result_waits(current_page: BasePage) -> None:
    """The list says a result is waiting for review and by when it will appear."""
    expect(TestResultsPage(current_page.page).waiting_notice).to_be_visible()


@then(
    parsers.re(
        r"(?P<viewer>[A-Z]\w+) finds (?P<owner>[A-Z]\w+)'s routine result"
        rf" and (?P<sensitive>none|all) of {POSSESSIVE} HIV, STI and pregnancy results"
    )
)
def finds_routine_and_sensitive(record_view: RecordView, lab: LabFeed, people: People, sensitive: str) -> None:
    """In the place looked at: the routine result is there; the sensitive ones are all there, or none is."""
    owner = record_view.owner
    sent = lab.results_for(owner)
    routine = [r.test for r in sent if r.test.sensitive is None]
    private = [r.test for r in sent if r.test.sensitive is not None]
    shown = sensitive == "all"
    if record_view.place == "test results":
        page = TestResultsPage(record_view.page)
        for test in routine:
            expect(page.result_row(test.name)).to_be_visible()
        for test in private:
            expect(page.result_row(test.name)).to_have_count(1 if shown else 0)
    elif record_view.place == "new-results count":
        count = len(routine) + (len(private) if shown else 0)
        expect(LabWorkCard(record_view.page).new_results_count).to_have_text(LabWorkCard.count_text(count))
    elif record_view.place == "new-result emails":
        batches = [d for d in lab.delivered_to(owner) if shown or any(r.test.sensitive is None for r in d.results)]
        assert len(record_view.emails) == len(batches), (
            f"{record_view.viewer.name} got {len(record_view.emails)} new-result email(s); "
            f"expected one for each of the {len(batches)} lab message(s) with results they may see"
        )
    else:  # the downloaded record
        _assert_named(record_view.text, routine, present=True)
        _assert_named(record_view.text, private, present=shown)


@then(
    parsers.re(
        r"(?P<viewer>[A-Z]\w+) finds the progress note and (?P<shown>also|not)"
        r" the (?P<kind>substance-use treatment|psychotherapy) note"
    )
)
def finds_notes(record_view: RecordView, written_notes: WrittenNotes, shown: str, kind: str) -> None:
    """The progress note is there; the other note is there too, or appears nowhere (title nor words)."""
    progress, other = written_notes.by_kind["progress"], written_notes.by_kind[kind]
    if record_view.place == "clinical notes":
        notes = ClinicalNotesPage(record_view.page)
        expect(notes.note_titled(progress.title)).to_be_visible()
        expect(notes.note_titled(other.title)).to_have_count(1 if shown == "also" else 0)
    else:
        text = record_view.text
        assert progress.title in text, f"The progress note '{progress.title}' is missing from the download"
        for words in (other.title, other.text):
            assert (words in text) == (shown == "also"), f"The {kind} note's words: in the download? {words in text}"


@then(
    parsers.re(rf"{NAME} gets an email saying (?:she|he|they) (?:has|have) new test results"), target_fixture="emails"
)
def gets_new_results_email(people: People, name: str) -> list[dict[str, str]]:
    """Exactly one new-results notice arrived in the patient's mailbox."""
    emails = lab_data.new_result_emails(people.scenario.mailbox, people[name])
    assert len(emails) == 1, f"{name} got {len(emails)} emails about new results, expected 1"
    return emails


@then("the email names no test, value, lab or specialty")
def email_has_no_phi(emails: list[dict[str, str]], delivery: Delivery) -> None:
    """Neither subject nor body names the test, its code, value, units, lab, orderer or a sensitive specialty."""
    for email in emails:
        words = f"{email.get('subject', '')}\n{email.get('body', '')}"
        for result in delivery.results:
            for secret in _identifying_words(result):
                assert not _mentions(words, secret), f"The new-results email names '{secret}': {words!r}"
        for specialty in SENSITIVE_WORDS:
            assert not _mentions(words, specialty), f"The new-results email names '{specialty}': {words!r}"


@then(parsers.re(rf"the audit log shows no release of {NAME}'s result"))
def audit_shows_no_release(people: People, name: str) -> None:
    """An administrator reading the patient's audit log finds no release of any result."""
    log = _audit_log_of(people, people[name])
    expect(log.rows.first).to_be_visible()
    for action in (RELEASED, RELEASED_AFTER_WAIT):
        expect(log.rows.filter(has_text=f"{action} ")).to_have_count(0)


@then(parsers.re(rf"the audit log shows {NAME}'s result released (?P<how>after the wait|by {POSSESSIVE} clinician)"))
def audit_shows_release(people: People, clinician_actions: ClinicianActions, name: str, how: str) -> None:
    """The release is in the patient's audit log: by the system after the wait, or by the named clinician."""
    log = _audit_log_of(people, people[name])
    if how == "after the wait":
        expect(log.rows.filter(has_text=RELEASED_AFTER_WAIT)).to_have_count(1)
    else:
        released = log.rows.filter(has_text=f"released by {clinician_actions.released_by}")
        expect(released.filter(has_text=RELEASED)).to_have_count(1)


@then(
    parsers.re(
        rf"the audit log shows the hold on {NAME}'s result"
        r" (?P<what>with its reason and reviewer|lifted by its reviewer)"
    )
)
def audit_shows_hold(people: People, clinician_actions: ClinicianActions, name: str, what: str) -> None:
    """The hold is in the patient's audit log with its reason and reviewer (and its lifting, by whom)."""
    log = _audit_log_of(people, people[name])
    held = log.rows.filter(has_text=HELD)
    expect(held.filter(has_text=clinician_actions.hold_reviewer)).to_have_count(1)
    expect(held.filter(has_text=clinician_actions.hold_reason)).to_have_count(1)
    lifted = log.rows.filter(has_text=f"lifted by {clinician_actions.hold_reviewer}")
    expect(lifted).to_have_count(1 if what == "lifted by its reviewer" else 0)


# --- helpers ---------------------------------------------------------------------------------
TEEN_NEXT_BIRTHDAY_IN_DAYS = 200  # mid-year: far from the birthdays that change parental access
AUDITOR = "Avery"
# The audit log's action names for releases and holds
RELEASED, RELEASED_AFTER_WAIT = "result-released", "result-released-after-delay"
HELD = "result-held"


def _audit_log_of(people: People, person: Person) -> AuditLogPage:
    """The patient's entries in the staff console's audit log, as a portal administrator reads them."""
    clinic = person.clinic.name if person.clinic else DEFAULT_CLINIC
    auditor = people.staff_member(AUDITOR, staff_role("portal administrator"), clinic)
    page = people.sign_in_staff(auditor)
    return AuditLogPage(page).open().find_patient(person.mrn)


def _clinician(people: People) -> str:
    return f"Dr {people.fake.first_name()} {people.fake.last_name()}"


def _mentions(text: str, word: str) -> bool:
    """The word (or a word starting with it) is in the text, whatever its case."""
    return re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE) is not None


def _identifying_words(result: LabResult) -> list[str]:
    test = result.test
    words = [test.name, test.loinc, test.units, "Riverbend Reference Lab", "Reyes"]
    if not test.qualitative:
        words.append(result.value)
    return [word for word in words if word]


def _assert_named(text: str, tests: list[LabTest], *, present: bool) -> None:
    for test in tests:
        assert (test.name in text) == present, (
            f"'{test.name}' {'is missing from' if present else 'appears in'} the downloaded record"
        )
