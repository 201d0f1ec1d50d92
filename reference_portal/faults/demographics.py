"""Demographics faults (DEM): verified changes, their audit trail, notice addresses, languages and
duplicate enrollment."""

from __future__ import annotations

import json

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import Account
from reference_portal.services.demographics import AccountMatch, ChangeRequest, ContactDetails
from reference_portal.services.identity_matching import IdentityClaim
from reference_portal.services.patients import Demographics, Patient


def _change_applied_without_verification(portal: Portal) -> None:
    """The upgraded profile form saves the patient's change straight to the record, as if approved."""
    original = portal.demographics.request_change

    def request_and_apply(patient: Patient, account: Account, form: dict[str, str]) -> ChangeRequest:
        change = original(patient, account, form)
        portal.demographics.approve(change, actor=account.actor)
        return portal.demographics.get(change.public_id)

    replace_method(portal.demographics, "request_change", request_and_apply)


def _audit_misses_before_value(portal: Portal) -> None:
    """The upgrade's audit writer records only the new values of a demographics change."""

    def only_after(before: ContactDetails, after: ContactDetails) -> str:
        changed = after.changed_from(before)
        return f"after={json.dumps({name: after.as_dict()[name] for name in changed})}"

    original = portal.patients.change_detail

    def only_after_of_record(before: Demographics, after: Demographics) -> str:
        return "after=" + original(before, after).split(" after=", 1)[1]

    replace_method(portal.demographics, "audit_detail", only_after)
    replace_method(portal.patients, "change_detail", only_after_of_record)


def _notice_to_stale_email(portal: Portal) -> None:
    """The upgrade sends notices to the email the account was created with, not the one on record now."""

    def address_at_enrollment(account: Account) -> str:
        return account.email

    replace_method(portal.accounts, "notice_address", address_at_enrollment)


def _spanish_notices_in_english(portal: Portal) -> None:
    """The upgraded notifier no longer looks up the recipient's language: every email is in English."""

    def always_english(to: str) -> str:
        return "en"

    replace_method(portal.notifier, "language_for", always_english)


def _duplicates_not_detected(portal: Portal) -> None:
    """The upgrade's enrollment no longer asks the identity matcher for existing accounts."""

    def no_matches(claim: IdentityClaim, email: str, *, patient: Patient | None) -> list[AccountMatch]:
        return []

    replace_method(portal.duplicates, "find_matches", no_matches)


FAULTS = (
    Fault(
        name="demographics-change-applied-without-verification",
        area="DEM",
        description=(
            "A patient's phone, email or address change is saved to the record at once, without staff verification."
        ),
        caught_by=("DEM-01",),
        apply=_change_applied_without_verification,
    ),
    Fault(
        name="audit-misses-demographics-before-value",
        area="DEM",
        description="The audit log records only the new values of a demographics change, not the values before it.",
        caught_by=("DEM-01",),
        apply=_audit_misses_before_value,
    ),
    Fault(
        name="notification-uses-stale-email",
        area="DEM",
        description=(
            "Notices go to the email the account was created with, not the current email from the EHR or the profile."
        ),
        caught_by=("DEM-02",),
        apply=_notice_to_stale_email,
    ),
    Fault(
        name="spanish-notifications-sent-in-english",
        area="DEM",
        description="Patients who chose Spanish get their notification emails in English.",
        caught_by=("DEM-03",),
        apply=_spanish_notices_in_english,
    ),
    Fault(
        name="duplicate-enrollment-not-detected",
        area="DEM",
        description=(
            "Enrolling with the name and date of birth, or the email, of an existing account creates a second account."
        ),
        caught_by=("DEM-04",),
        apply=_duplicates_not_detected,
    ),
)
