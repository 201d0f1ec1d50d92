"""Each support-view fault changes what SUP-01 checks; without it the behaviour is right."""

from __future__ import annotations

import html

import pytest
from partner_support import SCOPE, ZONE, at, audit_rows, page_text, staff_browser, staff_member
from results_support import file_result

pytestmark = pytest.mark.portal


def build(portal):
    portal.use_clock(SCOPE)
    at(portal, "2026-03-02 09:00")
    clinic = portal.clinic("Desert Clinic", ZONE)
    support = staff_member(portal, clinic, "support")
    return clinic, support, staff_browser(portal, support)


@pytest.mark.parametrize("faults", [(), ("support-view-shows-clinical-data",)])
def test_support_view_shows_clinical_data(portal_with_faults, faults):
    portal = portal_with_faults(*faults)
    clinic, _support, desk = build(portal)
    person = portal.enroll_at_desk(clinic=clinic)
    file_result(portal, person)
    portal.admin("POST", f"/patients/{person['id']}/medications", {"name": "Metformin 500 mg"}, status=201)
    page = html.unescape(page_text(desk.client.get(f"/staff/support/patients/{person['id']}")))
    assert ("Metformin 500 mg" in page) is bool(faults)
    assert ("Glucose" in page) is bool(faults)


@pytest.mark.parametrize("faults", [(), ("support-actions-not-audited",)])
def test_support_actions_not_audited(portal_with_faults, faults):
    portal = portal_with_faults(*faults)
    clinic, support, desk = build(portal)
    patient = portal.patient(clinic)
    page = f"/staff/support/patients/{patient['id']}"
    assert desk.submit(f"{page}/resend-code", {}, form_page=page).status_code == 302
    actors = {row["actor"] for row in audit_rows(portal.app, "activation-code-resent")}
    actors |= {row["actor"] for row in audit_rows(portal.app, "support-activation-code-resent")}
    assert (f"staff:{support['id']}" in actors) is not bool(faults)
