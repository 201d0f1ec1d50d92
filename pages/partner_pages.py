"""The partner-facility side under /partner: sign-in, the attributed patients, one patient's record."""

from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage

# The record's sections as the partner patient page heads them, by the words the features use.
SECTION_HEADINGS = {
    "test results": "Test results",
    "appointments": "Appointments",
    "medications": "Medications",
    "allergies": "Allergies",
    "health problems": "Health problems",
    "immunizations": "Immunizations",
    "vital signs": "Vitals",
    "care team": "Care team",
}


class PartnerSignInPage(BasePage):
    path = "/partner/sign-in"
    title = "Partner sign-in"
    ACCESS_ENDED = "Your organisation's access has ended. Contact the portal team."

    def submit(self, username: str, password: str) -> None:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in(self, username: str, password: str) -> PartnerPatientsPage:
        self.submit(username, password)
        return PartnerPatientsPage(self.page)

    def sign_in_expecting_error(self, username: str, password: str) -> PartnerSignInPage:
        self.submit(username, password)
        return self


class PartnerPatientsPage(BasePage):
    path = "/partner"
    title = "Your patients"

    @property
    def patients(self) -> Locator:
        """One row per attributed patient; the patient's name is the row header (a link)."""
        return self.page.get_by_role("table").get_by_role("rowheader")

    def patient(self, full_name: str) -> Locator:
        return self.patients.get_by_role("link", name=full_name, exact=True)

    def open_patient(self, full_name: str) -> PartnerPatientPage:
        self.patient(full_name).click()
        return PartnerPatientPage(self.page)


class PartnerPatientPage(BasePage):
    """One attributed patient's record, with only the sections the MOU permits (heading: the name)."""

    path = "/partner/patients"

    def named(self, full_name: str) -> Locator:
        return self.page.get_by_role("heading", level=1, name=full_name, exact=True)

    def open_by_id(self, patient_id: str) -> BasePage:
        """Type the record's web address (what a partner user might try for any patient)."""
        self.page.goto(f"{self.path}/{patient_id}")
        return BasePage(self.page)

    def section(self, words: str) -> Locator:
        return self.page.get_by_role("heading", level=2, name=SECTION_HEADINGS[words], exact=True)


class PartnerAccessEndedPage(BasePage):
    title = "Access ended"
