"""Asking the clinic for a new activation code, when the old one expired or was lost."""

from __future__ import annotations

from datetime import date

from pages.base_page import BasePage


class RequestNewCodePage(BasePage):
    path = "/activate/request-new-code"
    title = "Request a new activation code"

    def request(self, first_name: str, last_name: str, date_of_birth: date, email: str) -> CodeRequestedPage:
        self.page.get_by_label("First name").fill(first_name)
        self.page.get_by_label("Last name").fill(last_name)
        self.page.get_by_label("Date of birth").fill(date_of_birth.isoformat())
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_role("button", name="Request a new code").click()
        return CodeRequestedPage(self.page)


class CodeRequestedPage(BasePage):
    path = "/activate/request-new-code/sent"
    title = "We have your request"
    REQUEST_RECEIVED = "We have sent your request to your clinic's front desk."
