"""Support-view faults (SUP-01): the staff console's account-status view."""

from __future__ import annotations

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import AccountReport
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Permissions
from reference_portal.services.staff import StaffMember


def _support_view_shows_clinical_data(portal: Portal) -> None:
    """The upgraded support view embeds the chart's "recent activity" panel: latest results and medications."""
    support = portal.support
    original = support.details_for

    def details_with_clinical_data(patient: Patient, report: AccountReport) -> list[tuple[str, str]]:
        details = original(patient, report)
        everything = Permissions.own_record()
        for result in portal.results.visible_to(patient, everything)[:3]:
            details.append(("Recent result", f"{result.test_name}: {result.value} {result.units or ''}".strip()))
        for section in portal.clinical_record.sections_for("system", patient, everything):
            if section.spec.section.value == "medications":
                for entry in section.entries[:3]:
                    details.append(("Medication", entry.value("name")))
        return details

    replace_method(support, "details_for", details_with_clinical_data)


def _support_actions_not_audited(portal: Portal) -> None:
    """The upgraded support console calls the services as a shared service account and drops its own audit
    entries: nobody can tell which staff member resent a code or unlocked an account."""
    support = portal.support

    def service_account(member: StaffMember) -> str:
        return "support-console"

    def no_record(member: StaffMember, action: str, patient: Patient | None, detail: str = "") -> None:
        return None

    replace_method(support, "actor_for", service_account)
    replace_method(support, "record_action", no_record)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="support-view-shows-clinical-data",
        area="SUP",
        description="The support view of an account shows the patient's recent results and medications.",
        caught_by=("SUP-01",),
        apply=_support_view_shows_clinical_data,
    ),
    Fault(
        name="support-actions-not-audited",
        area="SUP",
        description="Resending a code or unlocking an account in the support view is not audited as the staff member.",
        caught_by=("SUP-01",),
        apply=_support_actions_not_audited,
    ),
)
