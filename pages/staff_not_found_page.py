"""The staff console's 'Page not found': another clinic's pool or message, a mistyped address."""

from __future__ import annotations

from pages.not_found_page import NotFoundPage
from pages.staff_pools_page import StaffConsolePage


class StaffNotFoundPage(NotFoundPage):
    path = "/staff/pools/no-such-pool"  # an address no pool has: the console answers "Page not found"

    def back_to_console(self) -> StaffConsolePage:
        self.page.get_by_role("link", name="Go to the staff console").click()
        return StaffConsolePage(self.page).ready()
