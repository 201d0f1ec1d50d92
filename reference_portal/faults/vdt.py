"""View, download, transmit faults (VDT, and the RES rules that downloads must keep)."""

from __future__ import annotations

import copy
from dataclasses import replace

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.ccd import CcdSection
from reference_portal.services.notes import Note, NoteType
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Permissions, SensitiveCategory
from reference_portal.services.results import Result
from reference_portal.services.vdt import ActivityEntry, DateRange, RecordExtract, TransmitForm


def _ccd_missing_results_section(portal: Portal) -> None:
    """The upgraded CCD template lists its sections anew and forgets the results section."""
    original = portal.record_export.ccd_sections

    def sections_without_results(extract: RecordExtract) -> tuple[CcdSection, ...]:
        return tuple(section for section in original(extract) if section is not CcdSection.RESULTS)

    replace_method(portal.record_export, "ccd_sections", sections_without_results)


def _ccd_includes_psychotherapy_notes(portal: Portal) -> None:
    """The upgraded export reads every note type for the CCD's notes section, psychotherapy notes included."""
    every_type = copy.copy(portal.notes)
    replace_method(every_type, "releasable_types", lambda: tuple(NoteType))

    def all_notes(subject: Patient, permissions: Permissions) -> list[Note]:
        return every_type.visible_to(subject, permissions)

    replace_method(portal.record_export, "notes_for", all_notes)


def _download_ignores_date_range(portal: Portal) -> None:
    """The upgraded export drops the date filter: every entry is in range."""

    def always_in_range(date_range: DateRange, day: object) -> bool:
        return True

    replace_method(portal.record_export, "in_range", always_in_range)


def _transmit_skips_email_warning(portal: Portal) -> None:
    """The upgraded transmit form no longer asks for the "email is not secure" confirmation."""

    def no_warning(form: TransmitForm) -> bool:
        return False

    replace_method(portal.record_export, "email_warning_needed", no_warning)


def _activity_log_omits_proxy_name(portal: Portal) -> None:
    """The upgraded activity log shows every entry as the record's owner: a proxy's name is lost."""

    def owner_name(entry: ActivityEntry, subject: Patient) -> str:
        return f"{subject.demographics.first_name} {subject.demographics.last_name}"

    replace_method(portal.record_export, "who", owner_name)


def _download_includes_teen_sensitive_results(portal: Portal) -> None:
    """The upgraded export reads results with the patient's own categories, whoever downloads."""
    original = portal.record_export.results_for

    def with_every_category(subject: Patient, permissions: Permissions) -> list[Result]:
        return original(subject, replace(permissions, sensitive_categories=frozenset(SensitiveCategory)))

    replace_method(portal.record_export, "results_for", with_every_category)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="ccd-missing-results-section",
        area="VDT",
        description="The downloaded and transmitted CCD has no results section (LOINC 30954-2).",
        caught_by=("VDT-04",),
        apply=_ccd_missing_results_section,
    ),
    Fault(
        name="ccd-includes-psychotherapy-notes",
        area="RES",
        description="Psychotherapy notes appear in the CCD's notes section and the human-readable download.",
        caught_by=("RES-06",),
        apply=_ccd_includes_psychotherapy_notes,
    ),
    Fault(
        name="download-ignores-date-range",
        area="VDT",
        description="The date range is ignored: the summary, downloads and transmits hold the whole record.",
        caught_by=("VDT-03",),
        apply=_download_ignores_date_range,
    ),
    Fault(
        name="transmit-skips-email-warning",
        area="VDT",
        description="Sending the record to an email address needs no 'email is not secure' confirmation.",
        caught_by=("VDT-05",),
        apply=_transmit_skips_email_warning,
    ),
    Fault(
        name="activity-log-omits-proxy-name",
        area="VDT",
        description="The activity log shows the patient's name for what a proxy did.",
        caught_by=("VDT-06",),
        apply=_activity_log_omits_proxy_name,
    ),
    Fault(
        name="download-includes-teen-sensitive-results",
        area="RES",
        description="A parent's download of a teen's record includes her HIV, STI and pregnancy results.",
        caught_by=("RES-04",),
        apply=_download_includes_teen_sensitive_results,
    ),
)
