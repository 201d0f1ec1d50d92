"""Faker providers for the patient-portal domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from faker.providers import BaseProvider

from data.lab_catalogue import BY_CATEGORY, LabTest
from data.message_texts import BODIES, URGENT_PHRASES

AgeBand = Literal["child", "adolescent", "adult", "older adult"]
AGE_BANDS: dict[AgeBand, tuple[int, int]] = {
    "child": (1, 11),
    "adolescent": (12, 17),
    "adult": (25, 64),
    "older adult": (65, 90),
}
# why 10: each scenario draws its MRNs (and HL7 control ids) from its own seeded Faker, so a
# run's few hundred patients meet the birthday problem; with 7 digits `make soak N=10` saw two
# scenarios draw the same MRN (the portal answered 409), with 10 the chance per run is about
# 1 in 100,000. The bundled portal's cleanup (run_records.py) knows this width.
IDENTIFIER_DIGITS = 10
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
        return f"MRN{self.numerify('#' * IDENTIFIER_DIGITS)}{run_tag.upper()}"

    def portal_username(self, first_name: str, run_tag: str) -> str:
        return f"{first_name.lower()}.{self.lexify('????').lower()}{self.numerify('##')}.{run_tag}"

    def passphrase(self) -> str:
        words = [self.random_element(_PASSPHRASE_WORDS) for _ in range(4)]
        return " ".join(words) + f" {self.numerify('##')}"

    def age_in_band(self, band: AgeBand) -> int:
        low, high = AGE_BANDS[band]
        return self.random_int(low, high)

    def birthday_in(self, days: int, age_then: int, today: date) -> date:
        """A birth date whose `age_then`-th birthday falls `days` days after `today` (0 = today)."""
        birthday = today + timedelta(days=days)
        try:
            return birthday.replace(year=birthday.year - age_then)
        except ValueError:  # 29 February in a year without one
            return birthday.replace(year=birthday.year - age_then, day=28)

    def lab_result(self, category: str = "routine", abnormal: bool = False) -> LabResult:
        """A LOINC-coded result of that category ("routine", "hiv", "sti", "pregnancy")."""
        test: LabTest = self.random_element(BY_CATEGORY[category])
        if test.qualitative:
            return LabResult(test, "Positive" if abnormal else "Negative", "A" if abnormal else "N")
        assert test.low is not None and test.high is not None
        span = test.high - test.low
        if abnormal:
            value = test.high + span * self.random_int(10, 60) / 100
            return LabResult(test, f"{value:.1f}", "H")
        value = test.low + span * self.random_int(10, 90) / 100
        return LabResult(test, f"{value:.1f}", "N")

    def message_body(self, topic: str, language: str = "en") -> str:
        template: str = self.random_element(BODIES[language][topic])
        return template.format(
            days=self.random_int(2, 9),
            date=self.generator.date_between("-60d", "-2d").isoformat(),
            amount=self.random_int(40, 400),
        )

    def urgent_message(self, language: str = "en") -> str:
        phrase: str = self.random_element(URGENT_PHRASES[language])
        return f"{phrase}. {self.message_body('Medical question', language)}"

    def us_phone(self) -> str:
        """A US number in the 555-01xx range reserved for fiction."""
        return f"({self.numerify('2##')}) 555-01{self.numerify('##')}"


@dataclass(frozen=True)
class LabResult:
    test: LabTest
    value: str
    flag: str  # HL7 OBX-8: N normal, H high, L low, A abnormal
