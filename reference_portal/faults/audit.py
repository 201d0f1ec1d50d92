"""Audit faults (AUD): the audit log that must record every access to PHI."""

from __future__ import annotations

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal


def _audit_log_off(portal: Portal) -> None:
    """The upgrade ships with audit logging stubbed out: every record call silently does nothing."""

    def drop(actor: str, action: str, **_details: object) -> None:
        return None

    replace_method(portal.audit, "record", drop)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="audit-log-off",
        area="AUD",
        description="The audit log silently records nothing: no access to PHI is logged.",
        caught_by=("AUD-01",),
        apply=_audit_log_off,
    ),
)
