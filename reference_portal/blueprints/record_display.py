"""How the results area's pages write dates and results: in the patient's clinic time zone,
in words a patient reads ("Mar 3, 2026", "High", "Corrected on Mar 4, 2026").

The words come from the services (`ResultService.describe_flag` / `describe_status`), so every
page, and any later export, says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from reference_portal.portal import Portal
from reference_portal.services.patients import Patient
from reference_portal.services.results import FlagDisplay, Result, StatusDisplay


def clinic_zone(portal: Portal, patient: Patient) -> ZoneInfo:
    return portal.clinics.by_id(patient.clinic_id).zone


def day_text(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def moment_text(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    clock = local.strftime("%I:%M %p").lstrip("0")
    return f"{day_text(local.date())}, {clock}"


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


@dataclass(frozen=True)
class ResultView:
    id: str
    test_name: str
    value: str
    units: str
    value_text: str  # value and units, as read aloud
    reference_range: str
    flag: FlagDisplay
    status: StatusDisplay
    status_text: str  # "Final", "Corrected on Mar 4, 2026"
    corrected_on: str
    performing_lab: str
    ordering_provider: str
    collected: str
    reported: str  # date and time
    reported_day: str  # the list's Date column
    reported_iso: str
    is_new: bool


def result_view(portal: Portal, result: Result, zone: ZoneInfo, *, is_new: bool = False) -> ResultView:
    status = portal.results.describe_status(result)
    corrected_on = day_text(local_day(status.corrected_at, zone)) if status.corrected_at else ""
    units = result.units or ""
    return ResultView(
        id=result.public_id,
        test_name=result.test_name,
        value=result.value,
        units=units,
        value_text=f"{result.value} {units}".strip(),
        reference_range=f"{result.reference_range} {units}".strip() if result.reference_range else "",
        flag=portal.results.describe_flag(result.abnormal_flag),
        status=status,
        status_text=f"{status.text} on {corrected_on}" if corrected_on else status.text,
        corrected_on=corrected_on,
        performing_lab=result.performing_lab or "",
        ordering_provider=result.ordering_provider or "",
        collected=moment_text(result.collected_at, zone) if result.collected_at else "",
        reported=moment_text(result.reported_at, zone),
        reported_day=day_text(local_day(result.reported_at, zone)),
        reported_iso=result.reported_at.astimezone(zone).isoformat(),
        is_new=is_new,
    )
