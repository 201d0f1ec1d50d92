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

    # Auth area: the session-timeout warning, password-reset links
    session_warning_before_timeout: timedelta = timedelta(minutes=2)  # warn when this much time is left
    session_status_poll_interval: timedelta = timedelta(seconds=3)  # how often open pages ask the server
    password_reset_link_lifetime: timedelta = timedelta(minutes=30)  # single use, then expires

    # Proxy access (used by the proxy area; Epic MyChart / Oracle Health practice)
    proxy_full_access_max_age: int = 11  # a parent has full access up to and including this age
    proxy_limited_access_max_age: int = 17  # then limited access up to this age; it ends on the next birthday
    proxy_limited_access_functions: tuple[str, ...] = ("messaging", "scheduling", "immunizations", "allergies")
    adult_proxy_lifetime_months: int = 18  # adult-to-adult proxy: expires after this; only the patient renews
    # Where a 29 February birthday falls in a common year: "02-28" (the default) or "03-01".
    leap_day_birthday_in_common_years: str = "02-28"

    # Messaging (used by the messaging area)
    message_response_target: timedelta = timedelta(hours=24)  # later than this: overdue, escalated
    attachment_types: tuple[str, ...] = ("pdf", "jpg", "png")
    attachment_max_bytes: int = 10 * 1024 * 1024  # exactly this size is accepted, one byte more is not
    message_max_characters: int = 10_000
    # Words that flag a message urgent and show the patient the emergency advisory (whole words, any case).
    urgent_phrases: tuple[str, ...] = (
        "chest pain",
        "can't breathe",
        "cannot breathe",
        "can not breathe",
        "trouble breathing",
        "suicidal",
        "kill myself",
        "stroke",
        "overdose",
        "severe bleeding",
        "unconscious",
    )
    # A clinic's hours until an administrator sets them: (weekday, opens, closes) in the clinic's zone.
    default_business_hours: tuple[tuple[str, str, str], ...] = tuple(
        (day, "08:00", "17:00") for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    )

    # Results (used by the results area): Meaningful Use timely access
    timely_access_business_days: int = 4
    # Results area: a patient who chose "wait for my clinician" sees a final result after the
    # clinician releases it or after this many days, whichever comes first (Cures Act).
    patient_wait_days: int = 7
    # Results area: the HL7 v2 versions the interface accepts (MSH-12); others are rejected AR.
    hl7_supported_versions: tuple[str, ...] = ("2.3", "2.3.1", "2.4", "2.5", "2.5.1")

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

    # View, download, transmit (VDT area): a Direct address is an email-shaped address whose
    # domain has a part starting with this word (dr.reyes@direct.eastside.example.org).
    direct_domain_marker: str = "direct"

    def __post_init__(self) -> None:
        if self.release not in RELEASES:
            known = ", ".join(RELEASES)
            raise ValueError(f"Unknown release {self.release!r}: known releases are {known}.")
