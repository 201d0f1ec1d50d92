"""Partner faults (PRX-09, PRX-10): partner organisations under an MOU."""

from __future__ import annotations

from datetime import date

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.errors import NotFoundError
from reference_portal.services.partners import Mou, Organization, PartnerPatient, PartnerUser


def _mou_end_date_ignored(portal: Portal) -> None:
    """The upgraded MOU check only looks at the start date: an expired MOU stays in force."""

    def in_force_from_start(mou: Mou, today: date) -> bool:
        return mou.starts_on <= today

    replace_method(portal.partners, "mou_in_force", in_force_from_start)


def _partner_sees_unattributed_patient(portal: Portal) -> None:
    """The upgraded patient page checks attribution only for links from the list: a patient opened
    by id directly gets the organisation's MOU permissions whether attributed or not."""
    partners = portal.partners
    original = partners.open_patient

    def open_any_patient(user: PartnerUser, patient_public_id: str) -> PartnerPatient:
        try:
            return original(user, patient_public_id)
        except NotFoundError:
            mou = partners.current_mou(partners.organization_by_id(user.organization_id))
            if mou is None:
                raise
            return PartnerPatient(portal.patients.get(patient_public_id), mou.permissions, mou)

    replace_method(partners, "open_patient", open_any_patient)


def _partner_deactivation_ignored(portal: Portal) -> None:
    """The upgrade moved deactivation to a new status column that the access check does not read."""

    def never_deactivated(organization: Organization) -> bool:
        return False

    replace_method(portal.partners, "is_deactivated", never_deactivated)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="mou-end-date-ignored",
        area="PRX",
        description="A partner user keeps access after the MOU's last valid day.",
        caught_by=("PRX-10",),
        apply=_mou_end_date_ignored,
    ),
    Fault(
        name="partner-sees-unattributed-patient",
        area="PRX",
        description="A partner user opens a patient who is not attributed to the organisation by typing the id.",
        caught_by=("PRX-09",),
        apply=_partner_sees_unattributed_patient,
    ),
    Fault(
        name="partner-deactivation-ignored",
        area="PRX",
        description="Users of a deactivated partner organisation can still sign in and open patients.",
        caught_by=("PRX-10",),
        apply=_partner_deactivation_ignored,
    ),
)
