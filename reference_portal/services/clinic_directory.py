"""The public face of a clinic (OPS-01, MKT-01): its name, phone, opening hours and holidays.

No PHI. Read through the messaging area's clinic-hours service on every request, so an
administrator's change shows on the contact page at once, exactly as the auto-replies follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.services.clinic_hours import WEEKDAYS, ClinicHoursService, Holiday, WeeklyHours
from reference_portal.services.clinics import Clinic, ClinicService

DIRECTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class ClinicContact:
    clinic: Clinic
    phone: str | None
    hours: WeeklyHours
    upcoming_holidays: tuple[Holiday, ...]
    today: date  # the clinic's local date

    def day_rows(self) -> list[tuple[str, str]]:
        """(Day, "08:00 to 17:00" / "Closed") for Monday to Sunday."""
        rows = []
        for index, day in enumerate(WEEKDAYS):
            spans = self.hours.on(index)
            text = ", ".join(f"{opens} to {closes}" for opens, closes in (span.as_pair() for span in spans))
            rows.append((day.capitalize(), text or "Closed"))
        return rows


class ClinicDirectory:
    def __init__(self, database: Database, clock: Clock, clinics: ClinicService, hours: ClinicHoursService) -> None:
        self._database = database
        self._clock = clock
        self._clinics = clinics
        self._hours = hours

    def contact(self, clinic: Clinic) -> ClinicContact:
        today = self._clock.now().astimezone(clinic.zone).date()
        return ClinicContact(
            clinic=clinic,
            phone=self._hours.phone(clinic),
            hours=self._hours.weekly_hours(clinic),
            upcoming_holidays=tuple(h for h in self._hours.holidays(clinic) if h.day >= today),
            today=today,
        )

    def search(self, text: str) -> list[Clinic]:
        """Clinics whose name or code contains the text (all when empty), by name, one page."""
        pattern = f"%{text.strip().replace('%', '').replace('_', '')}%"
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM clinics WHERE name LIKE ? OR code LIKE ? ORDER BY name, code LIMIT ?",
                (pattern, pattern, DIRECTORY_PAGE_SIZE),
            )
            .fetchall()
        )
        return [Clinic.from_row(row) for row in rows]
