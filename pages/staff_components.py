"""Parts every signed-in staff console screen shares: the "Staff" navigation."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class StaffNavigation:
    """The console's navigation; which links it shows depends on the member's role."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def region(self) -> Locator:
        return self.page.get_by_role("navigation", name="Staff")

    def link(self, name: str) -> Locator:
        return self.region.get_by_role("link", name=name, exact=True)

    def go_to(self, name: str) -> None:
        """Follow a navigation link ("Pools", "Reports", "Clinic settings", "Audit log", ...)."""
        self.link(name).click()
