"""What a viewer may do and see in the record on screen: the contract between proxy access,
results, messaging and every other area.

The proxy service decides the permissions of a proxy (parent, adult proxy, guardian, partner
user) from the relationship and the patient's age on the scenario's clock; every area asks
`permissions.allows(Function.X)` and `permissions.sees(category)` and never re-derives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Function(StrEnum):
    """The parts of the record and the actions a viewer may be granted."""

    MESSAGING = "messaging"
    SCHEDULING = "scheduling"
    RESULTS = "results"
    NOTES = "notes"
    MEDICATIONS = "medications"
    ALLERGIES = "allergies"
    IMMUNIZATIONS = "immunizations"
    PROBLEMS = "problems"
    VITALS = "vitals"
    HEALTH_SUMMARY = "health-summary"
    DOWNLOAD = "download"
    PATIENT_REPORTED = "patient-reported"


class SensitiveCategory(StrEnum):
    """Result and note categories with extra protection (HIPAA, 42 CFR Part 2, state minor-consent law)."""

    HIV = "hiv"
    STI = "sti"
    PREGNANCY = "pregnancy"
    SUBSTANCE_USE = "substance-use"
    MENTAL_HEALTH = "mental-health"
    GENETIC = "genetic"


class Relationship(StrEnum):
    SELF = "self"
    PARENT = "parent"
    ADULT_PROXY = "adult-proxy"
    GUARDIAN = "guardian"
    PARTNER = "partner"


@dataclass(frozen=True)
class Permissions:
    relationship: Relationship
    functions: frozenset[Function]
    sensitive_categories: frozenset[SensitiveCategory]
    access_level: str = "full"  # "full" or "limited" (a parent of a 12-17-year-old); "none" for no record

    @classmethod
    def own_record(cls) -> Permissions:
        """A patient in their own record: everything, sensitive results included."""
        return cls(Relationship.SELF, frozenset(Function), frozenset(SensitiveCategory))

    @classmethod
    def no_record(cls) -> Permissions:
        """A proxy-only account with no record to view (all its proxy access ended): nothing."""
        return cls(Relationship.SELF, frozenset(), frozenset(), access_level="none")

    @property
    def is_proxy(self) -> bool:
        return self.relationship is not Relationship.SELF

    def allows(self, function: Function) -> bool:
        return function in self.functions

    def sees(self, category: SensitiveCategory | None) -> bool:
        """Non-sensitive items (category None) are visible to anyone who has the function."""
        return category is None or category in self.sensitive_categories
