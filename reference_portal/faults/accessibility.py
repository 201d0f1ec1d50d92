"""Accessibility faults (A11Y): every behaviour still works for a mouse user, but a page puts a
barrier in front of a screen-reader user. The axe scans (A11Y-01) catch them."""

from __future__ import annotations

from reference_portal.faults import Fault, edit_template
from reference_portal.portal import Portal

DOWNLOAD_PAGE = "vdt/download.html"  # not overridden by any release: the fault acts in 2026.1 and 2026.2
DATE_FILTER = "{{ date_filter(errors, values) }}"


def _download_date_field_loses_label(portal: Portal) -> None:
    """The upgrade's restyled download form renames the To date's input id to `date-to` (its CSS
    naming), while the field's <label for="date_to"> still points at the old id."""
    renamed = """{{ date_filter(errors, values)|replace('id="date_to"'|safe, 'id="date-to"'|safe) }}"""
    edit_template(portal, DOWNLOAD_PAGE, DATE_FILTER, renamed)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="download-date-field-loses-label",
        area="A11Y",
        kind="accessibility",
        description=(
            "On the download page the To date field lost its label: the upgrade renamed the field's id and the "
            "label still points at the old one, so a screen reader announces a bare date field."
        ),
        caught_by=("A11Y-01",),
        apply=_download_date_field_loses_label,
    ),
)
