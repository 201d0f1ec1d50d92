"""Enrollment paused as a possible duplicate: it says nothing about which detail matched or whose account."""

from __future__ import annotations

from pages.base_page import BasePage


class EnrollmentOnHoldPage(BasePage):
    path = "/sign-up/on-hold"
    title = "Account set-up paused"
    SUPPORT_WILL_CONTACT = "We could not finish setting up your account. Our support team will contact you."
