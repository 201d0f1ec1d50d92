"""Operations faults (OPS): clinic hours and the public contact page."""

from __future__ import annotations

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.clinic_directory import ClinicContact
from reference_portal.services.clinics import Clinic


def _contact_page_caches_hours(portal: Portal) -> None:
    """The upgraded contact page caches each clinic's details at first view and never refreshes them."""
    original = portal.clinic_directory.contact
    cache: dict[int, ClinicContact] = {}

    def cached_contact(clinic: Clinic) -> ClinicContact:
        if clinic.id not in cache:
            cache[clinic.id] = original(clinic)
        return cache[clinic.id]

    replace_method(portal.clinic_directory, "contact", cached_contact)


FAULTS = (
    Fault(
        name="contact-page-shows-stale-hours",
        area="OPS",
        kind="behaviour",
        description="The public contact page keeps showing a clinic's hours as first viewed, after they change.",
        caught_by=("OPS-01",),
        apply=_contact_page_caches_hours,
    ),
)
