"""Proxy enrollment: a parent enters the child's proxy code and the child's date of birth."""

from __future__ import annotations

from datetime import date

from pages.base_page import BasePage
from pages.home_page import HomePage
from pages.proxy_account_page import ProxyAccountPage


class ProxyActivationPage(BasePage):
    path = "/activate/proxy"
    title = "Activate proxy access"
    RECORD_ADDED = "You can now view {name}'s record."

    def enter(self, proxy_code: str, patient_date_of_birth: date) -> None:
        self.page.get_by_label("Proxy code").fill(proxy_code)
        self.page.get_by_label("Patient's date of birth").fill(patient_date_of_birth.isoformat())
        self.page.get_by_role("button", name="Continue").click()

    def add_record(self, proxy_code: str, patient_date_of_birth: date) -> HomePage:
        """Signed in already: the record joins the account's records and the home page says so."""
        self.enter(proxy_code, patient_date_of_birth)
        return HomePage(self.page).ready()

    def continue_to_new_account(self, proxy_code: str, patient_date_of_birth: date) -> ProxyAccountPage:
        """Not signed in: a right code and date of birth lead to step two, creating the proxy's own account."""
        self.enter(proxy_code, patient_date_of_birth)
        return ProxyAccountPage(self.page).ready()
