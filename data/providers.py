"""Faker providers for the patient-portal domain."""

from __future__ import annotations

from datetime import date
from typing import Literal

from faker.providers import BaseProvider

AgeBand = Literal["child", "adolescent", "adult", "older adult"]
AGE_BANDS: dict[AgeBand, tuple[int, int]] = {
    "child": (1, 11),
    "adolescent": (12, 17),
    "adult": (25, 64),
    "older adult": (65, 90),
}
_MRN_DIGITS = 7
# Passphrases: long, no symbols, not on any common list (NIST 800-63B style)
_PASSPHRASE_WORDS = (
    "harbor", "maple", "lantern", "orbit", "cedar", "meadow", "copper", "violet", "river", "summit",
    "pebble", "falcon", "thistle", "canyon", "ember", "willow", "glacier", "saffron", "juniper", "quartz",
)  # fmt: skip


class PortalProvider(BaseProvider):
    def date_of_birth_in_band(self, band: AgeBand, today: date) -> date:
        """A birth date that makes the person an age within the band on `today`."""
        low, high = AGE_BANDS[band]
        age = self.random_int(low, high)
        month, day = self.random_int(1, 12), self.random_int(1, 28)
        born = date(today.year - age, month, day)
        return born if (month, day) <= (today.month, today.day) else born.replace(year=born.year - 1)

    def mrn(self, run_tag: str) -> str:
        """A medical record number unique per run: digits plus the run's tag."""
        return f"MRN{self.numerify('#' * _MRN_DIGITS)}{run_tag.upper()}"

    def portal_username(self, first_name: str, run_tag: str) -> str:
        return f"{first_name.lower()}.{self.lexify('????').lower()}{self.numerify('##')}.{run_tag}"

    def passphrase(self) -> str:
        words = [self.random_element(_PASSPHRASE_WORDS) for _ in range(4)]
        return " ".join(words) + f" {self.numerify('##')}"
