"""Clinic settings > Opening hours in the staff console (administrators): weekly hours, holidays, phone."""

from __future__ import annotations

from pages.base_page import BasePage

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


class ClinicHoursAdminPage(BasePage):
    path = "/staff/admin/hours"
    title = "Opening hours"
    SAVED = "Opening hours saved."

    def set_weekday_closing_time(self, closes: str) -> ClinicHoursAdminPage:
        """Monday to Friday close at `closes` (24-hour HH:MM); saved at once."""
        for day in WEEKDAYS:
            self.page.get_by_label(f"{day} closes", exact=True).fill(closes)
        self.page.get_by_role("button", name="Save hours").click()
        return self.ready()
