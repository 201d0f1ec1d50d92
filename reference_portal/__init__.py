"""The Riverbend Patient Portal: the reference patient portal bundled with the harness.

It behaves like a real portal (enrollment, sign-in with a one-time code, server-side sessions,
HL7 v2 and SMTP interfaces) so the acceptance suite has a default target, and it can be started
with named upgrade faults (`reference_portal.faults`) to prove the suite catches them.
"""

from reference_portal.app import create_app
from reference_portal.releases import LATEST_RELEASE, PRODUCT_NAME, RELEASES

__all__ = ["LATEST_RELEASE", "PRODUCT_NAME", "RELEASES", "create_app"]
