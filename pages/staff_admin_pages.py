"""Clinic settings in the staff console (portal administrators): the index, routing, canned responses.

Opening hours have their own page object (pages/clinic_hours_admin_page.py).
"""

from __future__ import annotations

from playwright.sync_api import Locator

from pages.base_page import BasePage
from pages.clinic_hours_admin_page import ClinicHoursAdminPage
from pages.report_components import ReportTable


class ClinicSettingsPage(BasePage):
    path = "/staff/admin"
    title = "Clinic settings"

    def open_routing(self) -> MessageRoutingPage:
        self.page.get_by_role("link", name="Message routing", exact=True).click()
        return MessageRoutingPage(self.page).ready()

    def open_canned_responses(self) -> CannedResponsesPage:
        self.page.get_by_role("link", name="Canned responses", exact=True).click()
        return CannedResponsesPage(self.page).ready()

    def open_hours(self) -> ClinicHoursAdminPage:
        self.page.get_by_role("link", name="Opening hours, holidays and phone", exact=True).click()
        return ClinicHoursAdminPage(self.page).ready()


class MessageRoutingPage(BasePage):
    """One row per topic: the pool it goes to now, and a pool chooser."""

    path = "/staff/admin/routing"
    title = "Message routing"
    NO_POOLS = "The clinic has no pools yet, so there is nothing to route to."

    @property
    def rules(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("table"))

    def goes_to(self, topic: str) -> Locator:
        return self.rules.cell(topic, "Now goes to")

    def pool_chooser(self, topic: str) -> Locator:
        return self.page.get_by_label(f"Pool for {topic}", exact=True)

    def route(self, topic: str, pool_name: str) -> MessageRoutingPage:
        """Send the topic's new messages to the pool; saved at once."""
        self.pool_chooser(topic).select_option(label=pool_name)
        self.page.get_by_role("button", name="Save routing").click()
        return self.ready()


class CannedResponsesPage(BasePage):
    """A section per pool listing its canned responses, and a form to add one."""

    path = "/staff/admin/canned-responses"
    title = "Canned responses"
    NONE_YET = "No canned responses yet."

    def pool(self, pool_name: str) -> Locator:
        return self.page.get_by_role("region", name=pool_name, exact=True)

    def text_of(self, pool_name: str, title: str) -> Locator:
        return ReportTable(self.pool(pool_name).get_by_role("table")).cell(title, "Text")

    def add(self, pool_name: str, title: str, text: str) -> CannedResponsesPage:
        form = self.page.get_by_role("region", name="Add a canned response")
        form.get_by_label("Pool", exact=True).select_option(label=pool_name)
        form.get_by_label("Title", exact=True).fill(title)
        form.get_by_label("Text", exact=True).fill(text)
        form.get_by_role("button", name="Add canned response").click()
        return self.ready()
