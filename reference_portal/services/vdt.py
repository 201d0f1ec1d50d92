"""View, download, transmit (ONC 170.315(e)(1)): the record as a file, sent to a person or a
provider, and the patient-visible activity log of every view, download and transmit.

- What is in a download or a transmit is what the viewer may see, nothing more: the sections their
  `Permissions` allow, no sensitive entry they may not see (a parent of a 15-year-old gets no HIV,
  STI or pregnancy result, RES-04), never a psychotherapy note (RES-06).
- A date range limits the view, the download and the transmit alike (VDT-03). Days are the
  clinic's days: a result belongs to the day it was reported in the clinic's time zone, a problem
  to the day it was noted, a medication to the day it started, an immunization to the day it was
  given, a vital sign and a home reading to the day they were taken. With a range, an entry with no
  date is left out (it cannot be shown to fall inside it); the care team is always included.
- Email is not encrypted: sending to an email address needs the patient's explicit "I understand"
  (VDT-05). A Direct address (the secure, provider-to-provider kind) is an email-shaped address
  whose domain has a part starting with "direct" (Settings.direct_domain_marker), e.g.
  dr.reyes@direct.eastside.example.org. Both go through the Notifier, so the SMTP sink sees them.
- Each download and transmit is audited and logged in the activity log, with who acted by name
  and, for a transmit, the addressee.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.ccd import CcdInput, CcdSection, build_ccd
from reference_portal.services.clinic_hours import ClinicHoursService
from reference_portal.services.clinical_record import SECTIONS, ClinicalRecordService, RecordEntry, Section, SectionSpec
from reference_portal.services.clinics import Clinic, ClinicService
from reference_portal.services.errors import Problem, RefusedError
from reference_portal.services.notes import Note, NoteService
from reference_portal.services.notifications import Notifier
from reference_portal.services.patient_reported import PatientReportedService, Reading
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Function, Permissions, Relationship
from reference_portal.services.results import Result, ResultService
from reference_portal.services.validation import parse_iso_date
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

# The date each section's entries are filtered by (the care team has none and is always kept).
SECTION_DATE_FIELDS: dict[Section, str] = {
    Section.PROBLEMS: "noted_on",
    Section.MEDICATIONS: "started_on",
    Section.ALLERGIES: "noted_on",
    Section.IMMUNIZATIONS: "given_on",
    Section.VITALS: "taken_on",
}
_CCD_OF_SECTION: dict[Section, CcdSection] = {
    Section.PROBLEMS: CcdSection.PROBLEMS,
    Section.MEDICATIONS: CcdSection.MEDICATIONS,
    Section.ALLERGIES: CcdSection.ALLERGIES,
    Section.IMMUNIZATIONS: CcdSection.IMMUNIZATIONS,
    Section.VITALS: CcdSection.VITALS,
}
_EMAIL = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


class ExportFormat(StrEnum):
    HUMAN = "human"
    CCDA = "ccda"


class Destination(StrEnum):
    EMAIL = "email"
    DIRECT = "direct"


class ActivityAction(StrEnum):
    VIEWED = "viewed"
    DOWNLOADED = "downloaded"
    TRANSMITTED = "transmitted"


@dataclass(frozen=True)
class DateRange:
    """Both ends included; None is open. `everything` is the whole record."""

    start: date | None = None
    end: date | None = None

    @property
    def everything(self) -> bool:
        return self.start is None and self.end is None

    def contains(self, day: date | None) -> bool:
        if self.everything:
            return True
        if day is None:
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def describe(self) -> str:
        if self.everything:
            return "Everything"
        start = _day_text(self.start) if self.start else "the beginning"
        end = _day_text(self.end) if self.end else "today"
        return f"{start} to {end}"


def parse_date_range(which: str, from_text: str, to_text: str) -> DateRange:
    """The form's "Which dates?" choice: everything, or a range with at least one end."""
    if which in ("", "everything"):
        return DateRange()
    if which != "range":
        raise RefusedError(Problem(messages.VDT_CHOOSE_DATES, "dates"))
    problems: list[Problem] = []
    start = end = None
    if from_text.strip():
        start = parse_iso_date(from_text.strip())
        if start is None:
            problems.append(Problem(messages.VDT_DATE_INVALID.format(label="From"), "date_from"))
    if to_text.strip():
        end = parse_iso_date(to_text.strip())
        if end is None:
            problems.append(Problem(messages.VDT_DATE_INVALID.format(label="To"), "date_to"))
    if not problems and start is None and end is None:
        problems.append(Problem(messages.VDT_DATE_RANGE_EMPTY, "date_from"))
    if not problems and start and end and end < start:
        problems.append(Problem(messages.VDT_DATE_RANGE_BACKWARDS, "date_to"))
    if problems:
        raise RefusedError(*problems)
    return DateRange(start, end)


@dataclass(frozen=True)
class Actor:
    """Who is acting on the record: an account, by the person's name, and how they relate to it."""

    actor: str  # account:<public id>
    name: str
    relationship: Relationship


@dataclass(frozen=True)
class RecordExtract:
    patient: Patient
    clinic: Clinic
    clinic_phone: str
    generated_at: datetime
    date_range: DateRange
    sections: list[tuple[SectionSpec, list[RecordEntry]]]
    show_results: bool
    results: list[Result]
    show_notes: bool
    notes: list[Note]
    show_readings: bool
    readings: list[Reading]


@dataclass(frozen=True)
class DownloadFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class TransmitForm:
    send_to: str
    email: str
    direct: str
    understood: bool
    date_range: DateRange


@dataclass(frozen=True)
class ActivityEntry:
    public_id: str
    action: ActivityAction
    channel: str
    occurred_at: datetime
    actor_name: str
    relationship: Relationship
    addressee: str
    date_from: date | None
    date_to: date | None

    @property
    def action_text(self) -> str:
        return ACTION_TEXTS.get((self.action, self.channel), self.action.value.capitalize())

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ActivityEntry:
        return cls(
            row["public_id"],
            ActivityAction(row["action"]),
            row["channel"],
            from_iso(row["occurred_at"]),
            row["actor_name"],
            Relationship(row["actor_kind"]),
            row["addressee"],
            date.fromisoformat(row["date_from"]) if row["date_from"] else None,
            date.fromisoformat(row["date_to"]) if row["date_to"] else None,
        )


ACTION_TEXTS: dict[tuple[ActivityAction, str], str] = {
    (ActivityAction.VIEWED, "summary"): "Viewed health summary",
    (ActivityAction.DOWNLOADED, ExportFormat.HUMAN.value): "Downloaded record (human-readable)",
    (ActivityAction.DOWNLOADED, ExportFormat.CCDA.value): "Downloaded record (C-CDA XML)",
    (ActivityAction.TRANSMITTED, Destination.EMAIL.value): "Sent record by email",
    (ActivityAction.TRANSMITTED, Destination.DIRECT.value): "Sent record by Direct message",
}
RELATIONSHIP_WORDS: dict[Relationship, str] = {
    Relationship.PARENT: "proxy",
    Relationship.ADULT_PROXY: "proxy",
    Relationship.GUARDIAN: "proxy",
    Relationship.PARTNER: "partner facility",
}


class RecordExportService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        audit: AuditLog,
        clinics: ClinicService,
        clinic_hours: ClinicHoursService,
        clinical_record: ClinicalRecordService,
        results: ResultService,
        notes: NoteService,
        patient_reported: PatientReportedService,
        notifier: Notifier,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._clinics = clinics
        self._clinic_hours = clinic_hours
        self._record = clinical_record
        self._results = results
        self._notes = notes
        self._readings = patient_reported
        self._notifier = notifier

    # --- what the viewer may take away -----------------------------------------------------
    def may_export(self, permissions: Permissions) -> bool:
        return permissions.allows(Function.DOWNLOAD)

    def extract(self, subject: Patient, permissions: Permissions, date_range: DateRange) -> RecordExtract:
        """The record as this viewer may see it, limited to the date range (no audit: callers audit)."""
        clinic = self._clinics.by_id(subject.clinic_id)
        zone = clinic.zone
        sections = []
        for spec in SECTIONS.values():
            if not permissions.allows(spec.function):
                continue
            entries = [e for e in self._record.entries(subject, spec.section) if permissions.sees(e.category)]
            sections.append((spec, self.entries_in_range(spec, entries, date_range)))
        results = [
            r
            for r in self.results_for(subject, permissions)
            if self.in_range(date_range, r.reported_at.astimezone(zone).date())
        ]
        notes = [
            n
            for n in self.notes_for(subject, permissions)
            if self.in_range(date_range, n.written_at.astimezone(zone).date())
        ]
        readings = [r for r in self._readings.visible_to(subject, permissions) if self.in_range(date_range, r.taken_on)]
        return RecordExtract(
            patient=subject,
            clinic=clinic,
            clinic_phone=self._clinic_hours.phone(clinic) or "",
            generated_at=self._clock.now(),
            date_range=date_range,
            sections=sections,
            show_results=permissions.allows(Function.RESULTS),
            results=results,
            show_notes=permissions.allows(Function.NOTES),
            notes=notes,
            show_readings=permissions.allows(Function.PATIENT_REPORTED),
            readings=readings,
        )

    def entries_in_range(
        self, spec: SectionSpec, entries: list[RecordEntry], date_range: DateRange
    ) -> list[RecordEntry]:
        """A section's entries on the range's days (the care team, which has no date, always)."""
        date_field = SECTION_DATE_FIELDS.get(spec.section)
        if date_field is None:
            return entries
        return [entry for entry in entries if self.in_range(date_range, entry.day(date_field))]

    def in_range(self, date_range: DateRange, day: date | None) -> bool:
        return date_range.contains(day)

    def results_for(self, subject: Patient, permissions: Permissions) -> list[Result]:
        """Released results in categories the viewer sees (the results area decides both)."""
        return self._results.visible_to(subject, permissions)

    def notes_for(self, subject: Patient, permissions: Permissions) -> list[Note]:
        """Notes the viewer may read: never psychotherapy notes (the notes service leaves them out)."""
        return self._notes.visible_to(subject, permissions)

    def ccd_sections(self, extract: RecordExtract) -> tuple[CcdSection, ...]:
        """The CCD's sections: the six C-CDA ones always (empty ones say so), notes when permitted."""
        sections = [
            CcdSection.PROBLEMS,
            CcdSection.MEDICATIONS,
            CcdSection.ALLERGIES,
            CcdSection.RESULTS,
            CcdSection.IMMUNIZATIONS,
            CcdSection.VITALS,
        ]
        if extract.show_notes and extract.notes:
            sections.append(CcdSection.NOTES)
        return tuple(sections)

    # --- files -------------------------------------------------------------------------------
    def ccd(self, extract: RecordExtract) -> bytes:
        entries = {
            _CCD_OF_SECTION[spec.section]: list(items)
            for spec, items in extract.sections
            if spec.section in _CCD_OF_SECTION
        }
        return build_ccd(
            CcdInput(
                patient=extract.patient,
                clinic=extract.clinic,
                clinic_phone=extract.clinic_phone,
                generated_at=extract.generated_at,
                date_from=extract.date_range.start,
                date_to=extract.date_range.end,
                entries=entries,
                results=extract.results if extract.show_results else [],
                notes=extract.notes if extract.show_notes else [],
                sections=self.ccd_sections(extract),
            )
        )

    def human_readable(self, extract: RecordExtract) -> bytes:
        """Plain text with the health summary's sections, for people (and screen readers)."""
        zone = extract.clinic.zone
        demographics = extract.patient.demographics
        lines = [
            f"Health record of {demographics.first_name} {demographics.last_name}",
            f"Date of birth: {_day_text(demographics.date_of_birth)}",
            f"Medical record number: {extract.patient.mrn}",
            f"Clinic: {extract.clinic.name}" + (f", {extract.clinic_phone}" if extract.clinic_phone else ""),
            f"Dates: {extract.date_range.describe()}",
            f"Created: {_moment_text(extract.generated_at.astimezone(zone))} ({extract.clinic.timezone})",
        ]
        for spec, entries in extract.sections:
            rows = [[_entry_text(e, f.name, is_date=f.is_date) for f in spec.fields] for e in entries]
            lines += _text_table(spec.title, [f.label for f in spec.fields], rows, spec.empty)
        if extract.show_results:
            rows = [
                [
                    r.test_name,
                    f"{r.value} {r.units or ''}".strip(),
                    f"{r.reference_range} {r.units or ''}".strip() if r.reference_range else "",
                    self._results.describe_flag(r.abnormal_flag).text,
                    self._results.describe_status(r).text,
                    r.performing_lab or "",
                    _day_text(r.reported_at.astimezone(zone).date()),
                ]
                for r in extract.results
            ]
            lines += _text_table(
                "Test results",
                ["Test", "Result", "Reference range", "Flag", "Status", "Performing lab", "Date"],
                rows,
                "There are no test results to show.",
            )
        if extract.show_readings:
            rows = [
                [r.label, f"{r.value} {r.units}".strip(), _day_text(r.taken_on), r.source] for r in extract.readings
            ]
            lines += _text_table("Home readings", ["Reading", "Value", "Date", "Source"], rows, "No home readings.")
        if extract.show_notes:
            lines += ["", "Clinical notes", "=" * len("Clinical notes")]
            if not extract.notes:
                lines.append("There are no clinical notes to show.")
            for note in extract.notes:
                written = _day_text(note.written_at.astimezone(zone).date())
                lines += ["", f"{note.title} ({note.type_label}), {note.author}, {written}", note.body]
        return ("\n".join(lines) + "\n").encode("utf-8")

    # --- download ----------------------------------------------------------------------------
    def download(
        self, actor: Actor, subject: Patient, permissions: Permissions, date_range: DateRange, fmt: ExportFormat
    ) -> DownloadFile:
        if not self.may_export(permissions):
            raise RefusedError(Problem(messages.VDT_NOT_PERMITTED))
        extract = self.extract(subject, permissions, date_range)
        day = extract.generated_at.astimezone(extract.clinic.zone).date().isoformat()
        if fmt is ExportFormat.CCDA:
            file = DownloadFile(f"health-record-{day}.xml", "application/xml", self.ccd(extract))
        else:
            file = DownloadFile(f"health-record-{day}.txt", "text/plain; charset=utf-8", self.human_readable(extract))
        with self._database.transaction():
            self._audit.record(
                actor.actor,
                "record-downloaded",
                patient_id=subject.id,
                detail=f"format={fmt.value} dates={_range_detail(date_range)} as {permissions.relationship}",
            )
            self._log(actor, subject, ActivityAction.DOWNLOADED, fmt.value, addressee="", dates=date_range)
        return file

    # --- transmit ----------------------------------------------------------------------------
    def email_warning_needed(self, form: TransmitForm) -> bool:
        """Email is not encrypted: the patient must say they understand before it is sent."""
        return form.send_to == Destination.EMAIL.value and not form.understood

    def is_direct_address(self, address: str) -> bool:
        if not _EMAIL.fullmatch(address):
            return False
        domain = address.rsplit("@", 1)[1].lower()
        marker = self._settings.direct_domain_marker
        return any(label.startswith(marker) for label in domain.split("."))

    def check_transmit(self, form: TransmitForm) -> tuple[Destination, str]:
        """The destination and address, or every problem with the form at once."""
        problems: list[Problem] = []
        try:
            destination = Destination(form.send_to)
        except ValueError:
            raise RefusedError(Problem(messages.VDT_CHOOSE_DESTINATION, "send_to")) from None
        if destination is Destination.EMAIL:
            address = form.email.strip()
            if not address:
                problems.append(Problem(messages.VDT_EMAIL_MISSING, "email"))
            elif not _EMAIL.fullmatch(address):
                problems.append(Problem(messages.VDT_EMAIL_INVALID, "email"))
            if self.email_warning_needed(form):
                problems.append(Problem(messages.VDT_EMAIL_NOT_UNDERSTOOD, "understood"))
        else:
            address = form.direct.strip()
            if not address:
                problems.append(Problem(messages.VDT_DIRECT_MISSING, "direct"))
            elif not self.is_direct_address(address):
                problems.append(Problem(messages.VDT_DIRECT_INVALID, "direct"))
        if problems:
            raise RefusedError(*problems)
        return destination, address

    def transmit(self, actor: Actor, subject: Patient, permissions: Permissions, form: TransmitForm) -> str:
        """Send the CCD; returns the addressee. Refused (nothing sent, nothing logged) on any problem."""
        if not self.may_export(permissions):
            raise RefusedError(Problem(messages.VDT_NOT_PERMITTED))
        destination, address = self.check_transmit(form)
        extract = self.extract(subject, permissions, form.date_range)
        day = extract.generated_at.astimezone(extract.clinic.zone).date().isoformat()
        sent = self._notifier.send_record(
            address, sender_name=actor.name, filename=f"health-record-{day}.xml", ccd=self.ccd(extract)
        )
        if not sent:
            raise RefusedError(Problem(messages.VDT_SEND_FAILED))
        with self._database.transaction():
            self._audit.record(
                actor.actor,
                "record-transmitted",
                patient_id=subject.id,
                detail=f"to={destination.value}:{address} dates={_range_detail(form.date_range)}"
                f" as {permissions.relationship}",
            )
            self._log(
                actor, subject, ActivityAction.TRANSMITTED, destination.value, addressee=address, dates=form.date_range
            )
        return address

    # --- views and the activity log ----------------------------------------------------------
    def record_view(self, actor: Actor, subject: Patient, date_range: DateRange) -> None:
        """A view of the health summary, for the activity log (the summary audits itself)."""
        self._log(actor, subject, ActivityAction.VIEWED, "summary", addressee="", dates=date_range)

    def activity(self, subject: Patient) -> list[ActivityEntry]:
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM record_activity WHERE patient_id = ? ORDER BY occurred_at DESC, id DESC", (subject.id,)
            )
            .fetchall()
        )
        return [ActivityEntry.from_row(row) for row in rows]

    def who(self, entry: ActivityEntry, subject: Patient) -> str:
        """ "Maria Lopez" for the patient, "Rosa Lopez (proxy)" for someone acting for them."""
        word = RELATIONSHIP_WORDS.get(entry.relationship)
        return f"{entry.actor_name} ({word})" if word else entry.actor_name

    def viewed_activity(self, actor: Actor, subject: Patient, permissions: Permissions) -> list[ActivityEntry]:
        """The activity log as a page shows it: audited as a view of the record's history."""
        self._audit.record(
            actor.actor, "record-activity-viewed", patient_id=subject.id, detail=f"as {permissions.relationship}"
        )
        return self.activity(subject)

    def _log(
        self, actor: Actor, subject: Patient, action: ActivityAction, channel: str, *, addressee: str, dates: DateRange
    ) -> None:
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO record_activity (public_id, patient_id, occurred_at, action, actor, actor_name,"
                " actor_kind, channel, addressee, date_from, date_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_public_id("act"),
                    subject.id,
                    to_iso(self._clock.now()),
                    action.value,
                    actor.actor,
                    actor.name,
                    actor.relationship.value,
                    channel,
                    addressee,
                    dates.start.isoformat() if dates.start else None,
                    dates.end.isoformat() if dates.end else None,
                ),
            )


def _range_detail(date_range: DateRange) -> str:
    if date_range.everything:
        return "all"
    return f"{date_range.start or ''}..{date_range.end or ''}"


def _entry_text(entry: RecordEntry, name: str, *, is_date: bool) -> str:
    day = entry.day(name) if is_date else None
    return _day_text(day) if day else entry.value(name)


def _day_text(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def _moment_text(moment: datetime) -> str:
    return f"{_day_text(moment.date())}, {moment.strftime('%I:%M %p').lstrip('0')}"


def _text_table(title: str, headings: list[str], rows: Iterable[list[str]], empty: str) -> list[str]:
    rows = list(rows)
    lines = ["", title, "=" * len(title)]
    if not rows:
        return [*lines, empty]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return lines
