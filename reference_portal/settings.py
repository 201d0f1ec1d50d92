"""Every threshold of the portal's business rules, in one object.

Defaults are the reference portal's values from DOMAIN.md. The suite never reads them from the
portal: it takes the *expected* values from its target profile, so an upgrade that silently
changes a default turns a scenario red.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from reference_portal.releases import LATEST_RELEASE, RELEASES

# No 0/O, 1/I/L: codes are read off paper letters and typed by patients.
UNAMBIGUOUS_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Settings:
    """Business-rule thresholds. Frozen: change them with `dataclasses.replace`."""

    release: str = LATEST_RELEASE

    # Enrollment (NIST 800-63A; vendor practice)
    activation_code_length: int = 10
    activation_code_alphabet: str = UNAMBIGUOUS_ALPHABET
    activation_code_lifetime: timedelta = timedelta(days=7)
    activation_code_max_wrong_answers: int = 5

    # Authentication (NIST 800-63B)
    password_min_length: int = 8
    password_max_length: int = 128
    password_hash_method: str = "scrypt:32768:8:1"
    lockout_threshold: int = 5
    one_time_code_digits: int = 6
    one_time_code_lifetime: timedelta = timedelta(minutes=10)
    one_time_code_max_attempts: int = 5

    # Sessions (NIST AAL2; HIPAA automatic logoff)
    session_idle_timeout: timedelta = timedelta(minutes=30)
    session_absolute_timeout: timedelta = timedelta(hours=12)

    # Proxy access (used by the proxy area)
    proxy_full_access_max_age: int = 11
    proxy_limited_access_max_age: int = 17
    adult_proxy_lifetime_months: int = 18

    # Messaging (used by the messaging area)
    message_response_target: timedelta = timedelta(hours=24)
    attachment_types: tuple[str, ...] = ("pdf", "jpg", "png")
    attachment_max_bytes: int = 10 * 1024 * 1024

    # Results (used by the results area): Meaningful Use timely access
    timely_access_business_days: int = 4

    # Where HL7 registrations for an unknown site land
    default_clinic_code: str = "RIVERBEND"
    default_clinic_name: str = "Riverbend Health"
    default_clinic_timezone: str = "America/Chicago"

    # Results (used by the results area): never shown to a parent proxy of an adolescent
    sensitive_result_categories: tuple[str, ...] = (
        "hiv",
        "sti",
        "pregnancy",
        "substance-use",
        "mental-health",
        "genetic",
    )

    def __post_init__(self) -> None:
        if self.release not in RELEASES:
            known = ", ".join(RELEASES)
            raise ValueError(f"Unknown release {self.release!r}: known releases are {known}.")
