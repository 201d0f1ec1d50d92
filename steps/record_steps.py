"""View, download and transmit the health record, and the activity log (VDT)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from data.ccd import CCD_SECTIONS, Ccd, PatientIdentity
from data.people import People, Person
from data.proxies import grant
from data.record import (
    ClinicContact,
    DatedRecord,
    FiledResult,
    HealthRecord,
    file_entries_around_range,
    fill_health_record,
    patient_reported_readings,
    publish_clinic_contact,
    record_emails,
    report_corrected_result,
)
from pages.activity_log_page import ActivityLogPage
from pages.download_record_page import DownloadedFile, DownloadRecordPage
from pages.health_summary_page import AddReadingPage, HealthSummaryPage
from pages.proxy_components import RecordBar
from pages.record_components import FLAG_WORDS, day_text, moment_text
from pages.result_detail_page import ResultDetailPage
from pages.send_record_page import SendRecordPage, SentRecord
from steps.phrases import POSSESSIVE


@dataclass(frozen=True)
class RecordCopy:
    """What a person got of the record: the summary on screen, or a file's text."""

    screen: HealthSummaryPage | None = None
    text: str = ""


@dataclass(frozen=True)
class ProxyActivity:
    proxy: Person
    patient: Person
    direct_address: str
    started: datetime
    finished: datetime


def _direct_address(people: People, person: Person) -> str:
    """A provider's Direct address (the secure kind: its domain has a part starting with "direct")."""
    mailbox = people.fake.user_name().replace("_", ".")
    return f"dr.{mailbox}.{people.scenario.run_tag}@direct.newclinic.example.test"


# --- Given -----------------------------------------------------------------------------------
@given(
    parsers.re(rf"(?P<name>[A-Z]\w+)'s care team has filled in {POSSESSIVE} health record"),
    target_fixture="health_record",
)
def care_team_filled_record(people: People, name: str) -> HealthRecord:
    """Problems, medications, allergies, immunizations, vitals, care team and a lab result, filed by the EHR."""
    return fill_health_record(people, people[name])


@given(parsers.parse('"{clinic}" has published its phone number and opening hours'), target_fixture="clinic_contact")
def clinic_publishes_contact(people: People, clinic: str) -> ClinicContact:
    """The portal manager sets the clinic's phone number and weekday opening hours."""
    return publish_clinic_contact(people, people.clinic(clinic))


@given(
    parsers.re(r"the lab has reported a high result for (?P<name>[A-Z]\w+) and then corrected it"),
    target_fixture="lab_result",
)
def lab_reports_and_corrects(people: People, name: str) -> FiledResult:
    """Over HL7: a final high result (OBX-11 "F"), then the lab's corrected report of it (OBX-11 "C")."""
    return report_corrected_result(people, people[name])


@given(
    parsers.re(r"(?P<name>[A-Z]\w+)'s record has entries on the days around a date range"),
    target_fixture="dated_record",
)
def entries_around_a_range(people: People, name: str) -> DatedRecord:
    """Problems and results on the range's first and last days, and on the day before and the day after."""
    return file_entries_around_range(people, people[name])


@given(parsers.re(r"(?P<name>[A-Z]\w+) has made (?P<proxy>[A-Z]\w+) (?:her|his|their) adult proxy in the portal"))
def made_adult_proxy(people: People, name: str, proxy: str) -> None:
    """Staff register the adult proxy the patient asked for; the proxy has a portal account of their own."""
    patient = people[name]
    if patient.clinic is None:
        raise ValueError(f"{name} is not a registered patient yet: a Given step must register them first.")
    grant(people, proxy, name, patient.clinic.name, "adult-proxy")


# --- When ------------------------------------------------------------------------------------
@when(parsers.re(rf"(?P<name>[A-Z]\w+) opens {POSSESSIVE} health summary$"), target_fixture="current_page")
def opens_health_summary(people: People, name: str) -> HealthSummaryPage:
    """The patient opens the health summary from the main navigation."""
    return HealthSummaryPage(people.page_of(people[name])).open()


@when(
    parsers.re(rf"(?P<name>[A-Z]\w+) opens that result from {POSSESSIVE} health summary"), target_fixture="current_page"
)
def opens_result(people: People, name: str, lab_result: FiledResult) -> ResultDetailPage:
    """From the summary's test results, the patient opens the result the lab reported."""
    summary = HealthSummaryPage(people.page_of(people[name])).open()
    return summary.open_result(lab_result.result.test.name)


@when(
    parsers.re(rf"(?P<name>[A-Z]\w+) (?P<how>views|downloads|sends) {POSSESSIVE} record for that date range"),
    target_fixture="record_copy",
)
def takes_record_for_range(people: People, name: str, how: str, dated_record: DatedRecord) -> RecordCopy:
    """The patient views the summary, downloads the readable file, or emails the record to herself, for the range."""
    person = people[name]
    page = people.page_of(person)
    start, end = dated_record.date_from, dated_record.date_to
    if how == "views":
        return RecordCopy(screen=HealthSummaryPage(page).open().show_dates(start, end))
    if how == "downloads":
        return RecordCopy(text=DownloadRecordPage(page).open().download("human-readable", start, end).text)
    SendRecordPage(page).open().send_by_email(person.email, start, end)
    return RecordCopy(text=" ".join(ccd.text() for ccd in record_emails(people.scenario.mailbox, person.email)))


@when(
    parsers.re(rf"(?P<name>[A-Z]\w+) downloads {POSSESSIVE} record as a readable file and as a C-CDA document"),
    target_fixture="downloads",
)
def downloads_both_formats(people: People, name: str) -> dict[str, DownloadedFile]:
    """Two downloads of the whole record: the human-readable file, then the C-CDA document."""
    page = DownloadRecordPage(people.page_of(people[name])).open()
    readable = page.download("human-readable")
    return {"human-readable": readable, "C-CDA": DownloadRecordPage(page.page).open().download("C-CDA")}


@when(
    parsers.re(
        rf"(?P<name>[A-Z]\w+) sends {POSSESSIVE} record to {POSSESSIVE} own email address"
        rf" and to {POSSESSIVE} new doctor's Direct address"
    ),
    target_fixture="sent_records",
)
def sends_to_email_and_direct(people: People, name: str) -> dict[str, SentRecord]:
    """Two sends: to her own email address (accepting the risk when asked), then to a provider's Direct address."""
    person = people[name]
    by_email = SendRecordPage(people.page_of(person)).open().send_by_email(person.email)
    by_direct = SendRecordPage(people.page_of(person)).open().send_by_direct(_direct_address(people, person))
    return {"email": by_email, "Direct message": by_direct}


@when(
    parsers.re(r"(?P<proxy>[A-Z]\w+) views, downloads and sends (?P<name>[A-Z]\w+)'s record to a Direct address"),
    target_fixture="proxy_activity",
)
def proxy_views_downloads_sends(people: People, proxy: str, name: str) -> ProxyActivity:
    """The proxy switches to the patient's record, views the summary, downloads it and sends it by Direct."""
    acting, patient = people[proxy], people[name]
    api = people.scenario.api
    started = api.clock_now()
    page = HealthSummaryPage(people.page_of(acting)).open().page
    RecordBar(page).switch_to(f"{patient.first_name} {patient.last_name}")
    HealthSummaryPage(page).open()
    DownloadRecordPage(page).open().download("C-CDA")
    address = _direct_address(people, patient)
    SendRecordPage(page).open().send_by_direct(address)
    return ProxyActivity(acting, patient, address, started, api.clock_now())


@when(parsers.re(r"(?P<name>[A-Z]\w+) records a home blood pressure reading"), target_fixture="home_reading")
def records_blood_pressure(people: People, name: str) -> dict[str, str]:
    """From the health summary, the patient adds a blood pressure reading taken this morning."""
    person = people[name]
    fake = people.fake
    value = f"{fake.random_int(110, 139)}/{fake.random_int(70, 89)}"
    zone = ZoneInfo(person.clinic.timezone if person.clinic else "UTC")
    taken_on = people.scenario.api.clock_now().astimezone(zone).date()
    page = HealthSummaryPage(people.page_of(person)).open().add_reading()
    page.save("Blood pressure", value, taken_on)
    return {"label": "Blood pressure", "value": value, "taken_on": taken_on.isoformat()}


# --- Then ------------------------------------------------------------------------------------
@then(parsers.re(r"(?P<name>[A-Z]\w+)'s health summary shows every entry of (?:her|his|their) record"))
def summary_shows_record(current_page: HealthSummaryPage, health_record: HealthRecord) -> None:
    """Problems, medications, allergies, immunizations, vitals, test results and care team, each in its section."""
    summary = HealthSummaryPage(current_page.page)
    for part, names in health_record.by_section().items():
        for entry in names:
            expect(summary.entry(part, entry)).to_be_visible()


@then(parsers.parse('the health summary shows the phone number and opening hours of "{clinic}"'))
def summary_shows_clinic(current_page: HealthSummaryPage, clinic_contact: ClinicContact) -> None:
    """The clinic's name, phone number and weekday hours, as the portal manager published them."""
    clinic = HealthSummaryPage(current_page.page).clinic
    expect(clinic).to_contain_text(clinic_contact.name)
    expect(clinic).to_contain_text(clinic_contact.phone)
    expect(clinic).to_contain_text(f"{_clock(clinic_contact.opens)} to {_clock(clinic_contact.closes)}")


def _clock(hh_mm: str) -> str:
    moment = datetime.strptime(hh_mm, "%H:%M")
    return moment.strftime("%I:%M %p").lstrip("0")


@then("the result shows its name, value, units, reference range, performing lab and report date")
def result_details(current_page: ResultDetailPage, lab_result: FiledResult, people: People) -> None:
    """Each detail as the lab reported it; the report date in the clinic's time zone."""
    result = ResultDetailPage(current_page.page, lab_result.result.test.name)
    test = lab_result.result.test
    expect(result.heading).to_be_visible()
    expect(result.value).to_have_text(f"{lab_result.result.value} {test.units}")
    expect(result.reference_range).to_have_text(f"{test.reference_range} {test.units}")
    expect(result.performing_lab).to_have_text(lab_result.lab)
    expect(result.reported).to_contain_text(day_text(lab_result.reported_at.date()))


@then("the result says in words that it is high, and that the lab corrected it")
def result_flag_and_correction(current_page: ResultDetailPage, lab_result: FiledResult) -> None:
    """ "High" in text, not only a colour; the status "Corrected on <the day of the correction>"."""
    result = ResultDetailPage(current_page.page, lab_result.result.test.name)
    expect(result.flag).to_have_text(FLAG_WORDS["H"])
    expect(result.result_status).to_have_text(f"Corrected on {day_text(lab_result.reported_at.date())}")
    expect(result.correction_notice).to_be_visible()


@then(parsers.re(r"what (?P<name>[A-Z]\w+) got holds only the entries from the first to the last day of the range"))
def copy_holds_only_range(record_copy: RecordCopy, dated_record: DatedRecord) -> None:
    """Entries of the From day and the To day are in; those of the day before and the day after are not."""
    if record_copy.screen is not None:
        record = record_copy.screen.record
        for entry in dated_record.inside:
            expect(record).to_contain_text(entry)
        for entry in dated_record.outside:
            expect(record).not_to_contain_text(entry)
        return
    missing = [entry for entry in dated_record.inside if entry not in record_copy.text]
    extra = [entry for entry in dated_record.outside if entry in record_copy.text]
    assert not missing, f"Entries of the range's days are missing: {missing}"
    assert not extra, f"Entries from outside the range are included: {extra}"


@then(parsers.re(rf"the readable file names (?P<name>[A-Z]\w+) and lists {POSSESSIVE} record"))
def readable_file(downloads: dict[str, DownloadedFile], people: People, name: str, health_record: HealthRecord) -> None:
    """Plain text with the patient's name, date of birth and MRN, and every entry of the record."""
    person = people[name]
    text = downloads["human-readable"].text
    for detail in (f"{person.first_name} {person.last_name}", day_text(person.date_of_birth), person.mrn):
        assert detail in text, f"The readable file does not show {detail!r}."
    missing = [entry for names in health_record.by_section().values() for entry in names if entry not in text]
    assert not missing, f"The readable file leaves out {missing}."


@then(
    "the C-CDA document is well-formed, with the problems, medications, allergies, results,"
    " immunizations and vital signs sections"
)
def ccd_sections(downloads: dict[str, DownloadedFile], health_record: HealthRecord) -> None:
    """Parsed as XML: a ClinicalDocument with each C-CDA section (by LOINC code), each holding its entries."""
    ccd = Ccd(downloads["C-CDA"].data)
    missing = [f"{part} ({code})" for part, code in CCD_SECTIONS.items() if ccd.section_text(code) is None]
    assert not missing, f"The CCD has no {', '.join(missing)} section (it has {ccd.section_codes()})."
    entries = health_record.by_section()
    for part, code in CCD_SECTIONS.items():
        text = ccd.section_text(code) or ""
        absent = [entry for entry in entries[part] if entry not in text]
        assert not absent, f"The CCD's {part} section ({code}) does not list {absent}."


@then(parsers.re(r"the C-CDA document identifies (?P<name>[A-Z]\w+) by name, date of birth and MRN"))
def ccd_identity(downloads: dict[str, DownloadedFile], people: People, name: str) -> None:
    """recordTarget: the patient's given and family name, birth date and MRN."""
    assert Ccd(downloads["C-CDA"].data).patient() == PatientIdentity.of(people[name])


@then(parsers.re(r"the portal made (?P<name>[A-Z]\w+) confirm that email is not secure before sending it by email"))
def email_warning_confirmed(sent_records: dict[str, SentRecord]) -> None:
    """Sending by email was refused until the patient said she understands email is not encrypted."""
    assert sent_records["email"].confirmation_asked, (
        "The record was sent by email without asking the patient to confirm that email is not secure."
    )


@then(parsers.re(r"both addresses receive (?P<name>[A-Z]\w+)'s record as a C-CDA document"))
def both_receive_ccd(sent_records: dict[str, SentRecord], people: People, name: str) -> None:
    """Each address's mailbox has an email with the patient's CCD attached."""
    identity = PatientIdentity.of(people[name])
    for how, sent in sent_records.items():
        received = record_emails(people.scenario.mailbox, sent.address)
        assert received, f"Nothing arrived at the {how} address."
        assert received[-1].patient() == identity


@then(parsers.re(r"(?P<name>[A-Z]\w+)'s activity log lists both sends with their addressees"))
def log_lists_sends(people: People, name: str, sent_records: dict[str, SentRecord]) -> None:
    """A row per send: the action says how it went, the Addressee column the address it went to."""
    log = ActivityLogPage(people.page_of(people[name])).open()
    for how, sent in sent_records.items():
        expect(log.column(how, "Addressee")).to_have_text(sent.address)


@then(
    parsers.re(
        r"(?P<name>[A-Z]\w+)'s activity log lists the view, the download and the send to that address,"
        r" each by (?P<proxy>[A-Z]\w+) as (?:her|his|their) proxy, with its time"
    )
)
def log_lists_proxy_actions(people: People, name: str, proxy: str, proxy_activity: ProxyActivity) -> None:
    """Each action once, "<proxy's full name> (proxy)" as Who, at the minute it happened; the send's addressee."""
    patient, acting = people[name], people[proxy]
    log = ActivityLogPage(people.page_of(patient)).open()
    who = ActivityLogPage.PROXY.format(name=f"{acting.first_name} {acting.last_name}")
    minutes = _minutes_between(proxy_activity, ZoneInfo(patient.clinic.timezone if patient.clinic else "UTC"))
    for action in ("view", "C-CDA download", "Direct message"):
        expect(log.entries(action)).to_have_count(1)
        expect(log.column(action, "Who")).to_have_text(who)
        expect(log.column(action, "Date and time")).to_have_text(re.compile("|".join(map(re.escape, minutes))))
    expect(log.column("Direct message", "Addressee")).to_have_text(proxy_activity.direct_address)


def _minutes_between(activity: ProxyActivity, zone: ZoneInfo) -> list[str]:
    start = activity.started.astimezone(zone).replace(second=0, microsecond=0)
    end = activity.finished.astimezone(zone)
    texts = []
    while start <= end:
        texts.append(moment_text(start))
        start += timedelta(minutes=1)
    return texts


@then(parsers.re(r"(?P<name>[A-Z]\w+)'s health summary shows the reading, marked patient-reported"))
def summary_shows_reading(people: People, name: str, home_reading: dict[str, str]) -> None:
    """The Home readings table: the reading, its value and "Patient-reported" as its source."""
    summary = HealthSummaryPage(people.page_of(people[name]))
    row = summary.table("home readings").row(home_reading["label"])
    expect(row).to_contain_text(home_reading["value"])
    expect(summary.table("home readings").cell(home_reading["label"], "Source")).to_have_text(
        HealthSummaryPage.PATIENT_REPORTED
    )
    expect(summary.status.box.filter(has_text=AddReadingPage.SAVED)).to_be_visible()


@then(parsers.re(r"(?P<name>[A-Z]\w+)'s care team receives the reading, marked patient-reported"))
def care_team_receives_reading(people: People, name: str, home_reading: dict[str, str]) -> None:
    """What the care team's EHR reads from the portal: the reading, its day, recorded by the patient."""
    person = people[name]
    readings = patient_reported_readings(people.scenario.api, person)
    matching = [r for r in readings if r["label"] == home_reading["label"] and r["value"] == home_reading["value"]]
    assert matching, f"The care team gets no {home_reading['label']} of {home_reading['value']}: {readings}"
    assert matching[0]["taken_on"] == home_reading["taken_on"]
    assert matching[0]["source"] == HealthSummaryPage.PATIENT_REPORTED
