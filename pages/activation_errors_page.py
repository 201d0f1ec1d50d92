"""The activation form as a screen-reader user meets its errors (A11Y-03): the words, the fields."""

from __future__ import annotations

from typing import Any, ClassVar

from pages.activation_page import ActivationPage


class ActivationErrorsPage(ActivationPage):
    """The activation page, with the words it shows for each missing field."""

    CODE_FIELD, BIRTH_FIELD = "activation_code", "date_of_birth"  # the ids the summary links point at
    CODE_MISSING = "Enter your activation code"
    BIRTH_DATE_MISSING = "Enter your date of birth"
    REQUIRED_FIELD_ERRORS: ClassVar[dict[str, Any]] = {CODE_FIELD: CODE_MISSING, BIRTH_FIELD: BIRTH_DATE_MISSING}
    REQUIRED_FIELD_ERRORS_BY_LABEL: ClassVar[dict[str, Any]] = {
        "Activation code": CODE_MISSING,
        "Date of birth": BIRTH_DATE_MISSING,
    }

    def submit_empty(self) -> ActivationErrorsPage:
        self.page.get_by_role("button", name="Continue").click()
        return self.ready()
