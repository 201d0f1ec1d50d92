"""Partner organisations in the staff console (portal administrators): the list, one organisation, one MOU."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.base_page import BasePage
from pages.report_components import ReportTable


class PartnerOrganizationsPage(BasePage):
    path = "/staff/partners"
    title = "Partner organizations"
    NONE_YET = "There are no partner organizations yet."

    @property
    def organizations(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="Organizations").get_by_role("table"))

    def status_of(self, name: str) -> Locator:
        return self.organizations.cell(name, "Status")

    def open_organization(self, name: str) -> OrganizationPage:
        self.organizations.table.get_by_role("link", name=name, exact=True).first.click()
        return OrganizationPage(self.page, name).ready()

    def add_organization(self, name: str, kind: str) -> OrganizationPage:
        form = self.page.get_by_role("region", name="Add a partner organization")
        form.get_by_label("Organization name", exact=True).fill(name)
        form.get_by_label("Kind", exact=True).select_option(label=kind)
        form.get_by_role("button", name="Add organization").click()
        return OrganizationPage(self.page, name).ready()


class OrganizationPage(BasePage):
    """One organisation (the h1 is its name): its MOUs, its partner users, a new MOU, deactivation."""

    def __init__(self, page: Page, name: str) -> None:
        super().__init__(page)
        self.name = name

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=self.name, exact=True)

    @property
    def mous(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="MOUs").get_by_role("table"))

    @property
    def users(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="Partner users").get_by_role("table"))

    @staticmethod
    def period(starts_on: str, ends_on: str) -> str:
        """An MOU's row name: its period, "YYYY-MM-DD to YYYY-MM-DD"."""
        return f"{starts_on} to {ends_on}"

    def open_mou(self, starts_on: str, ends_on: str) -> MouPage:
        self.mous.table.get_by_role("link", name=self.period(starts_on, ends_on), exact=True).click()
        return MouPage(self.page, self.name).ready()

    def deactivate(self) -> OrganizationPage:
        self.page.get_by_role("button", name="Deactivate organization").click()
        return self.ready()


class MouPage(BasePage):
    """One MOU ("MOU with <organisation>"): its dates and functions, and the patients attributed under it."""

    def __init__(self, page: Page, organization_name: str) -> None:
        super().__init__(page)
        self.organization_name = organization_name

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=f"MOU with {self.organization_name}", exact=True)

    @property
    def attributed(self) -> ReportTable:
        return ReportTable(self.page.get_by_role("region", name="Attributed patients").get_by_role("table"))

    def attribute(self, mrn: str) -> MouPage:
        self.page.get_by_label("MRN", exact=True).fill(mrn)
        self.page.get_by_role("button", name="Attribute patient").click()
        return self.ready()

    def remove(self, full_name: str) -> MouPage:
        self.page.get_by_role("button", name=f"Remove {full_name}", exact=True).click()
        return self.ready()
