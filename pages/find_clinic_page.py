"""Find your clinic (/clinics, no sign-in): search the clinics by name, open one's contact page."""

from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.clinic_contact_page import ClinicContactPage


class FindClinicPage(BasePage):
    path = "/clinics"
    title = "Find your clinic"
    NO_MATCH = "No clinic matches “{query}”."

    def search(self, name_or_code: str) -> FindClinicPage:
        """Search the directory (it matches a clinic's name or its site code)."""
        search = self.page.get_by_role("search")
        search.get_by_label("Clinic name", exact=True).fill(name_or_code)
        search.get_by_role("button", name="Search").click()
        return self.ready()

    @property
    def clinics(self) -> Locator:
        return self.page.get_by_role("list", name="Clinics").get_by_role("listitem")

    def clinic(self, clinic_name: str, clinic_code: str) -> Locator:
        """The clinic's entry, by name and site code (two clinics may share a name)."""
        return self.clinics.filter(has_text=clinic_code).get_by_role("link", name=clinic_name, exact=True)

    def open_clinic(self, clinic_name: str, clinic_code: str) -> ClinicContactPage:
        self.clinic(clinic_name, clinic_code).click()
        return ClinicContactPage(self.page, clinic_code).ready()
