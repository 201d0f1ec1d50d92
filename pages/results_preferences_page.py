"""Results preferences (/results/preferences): whether new results appear at once or after review."""

from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage


class ResultsPreferencesPage(BasePage):
    path = "/results/preferences"
    title = "Results preferences"
    AT_ONCE = "As soon as they are ready"
    AFTER_REVIEW = "After my clinician has reviewed them, or after {days} days"
    SAVED = "Your results preference is saved."
    ONLY_PATIENT_OR_PARENT = "Only the patient, or their parent or legal guardian, can choose when new results appear."

    @property
    def choices(self) -> Locator:
        return self.page.get_by_role("radio")

    def choose(self, label: str) -> ResultsPreferencesPage:
        """Pick an option by its words (AT_ONCE, or AFTER_REVIEW with the days filled in) and save."""
        self.page.get_by_role("radio", name=label, exact=True).check()
        self.page.get_by_role("button", name="Save").click()
        return self.ready()
