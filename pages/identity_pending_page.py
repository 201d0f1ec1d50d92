"""What an account made online sees in place of health information until the clinic confirms who it is."""

from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage


class IdentityPendingPage(BasePage):
    """Any clinical page (health summary, results, messages) while identity is pending: its heading
    and a notice, and none of the page's sections."""

    path = "/health-summary"
    IDENTITY_PENDING = "Until your clinic has confirmed your identity, your health information is not shown here."

    @property
    def notice(self) -> Locator:
        return self.status.box.filter(has_text=self.IDENTITY_PENDING)

    @property
    def health_sections(self) -> Locator:
        """The sections of health information (each a labelled region in the main content)."""
        return self.page.get_by_role("main").get_by_role("region")
