"""Each partner fault changes the behaviour its scenario checks (PRX-09, PRX-10); without it the
behaviour is right (the same checks pass on a portal without faults)."""

from __future__ import annotations

import pytest
from partner_support import ZONE, at, attribute, mou, organization, page_text, partner_sign_in, partner_user

pytestmark = pytest.mark.portal


def build(portal):
    portal.use_clock("partners")
    at(portal, "2026-03-10 09:00")
    clinic = portal.clinic("Desert Clinic", ZONE)
    org = organization(portal, clinic)
    agreement = mou(portal, org)
    rosa = portal.patient(clinic, first_name="Rosa", last_name="Diaz")
    hal = portal.patient(clinic, first_name="Hal", last_name="Burke")
    attribute(portal, agreement, rosa)
    user = partner_user(portal, org)
    return org, user, rosa, hal


@pytest.mark.parametrize("faults", [(), ("mou-end-date-ignored",)])
def test_mou_end_date_ignored(portal_with_faults, faults):
    portal = portal_with_faults(*faults)
    _org, user, _rosa, _hal = build(portal)
    at(portal, "2026-04-01 00:00")
    response = partner_sign_in(portal, user)
    assert (response.status_code == 302) is bool(faults), page_text(response)


@pytest.mark.parametrize("faults", [(), ("partner-sees-unattributed-patient",)])
def test_partner_sees_unattributed_patient(portal_with_faults, faults):
    portal = portal_with_faults(*faults)
    _org, user, _rosa, hal = build(portal)
    assert partner_sign_in(portal, user).status_code == 302
    assert "Hal Burke" not in page_text(portal.client.get("/partner"))  # the list is right either way
    response = portal.client.get(f"/partner/patients/{hal['id']}")
    assert response.status_code == (200 if faults else 404)


@pytest.mark.parametrize("faults", [(), ("partner-deactivation-ignored",)])
def test_partner_deactivation_ignored(portal_with_faults, faults):
    portal = portal_with_faults(*faults)
    org, user, rosa, _hal = build(portal)
    assert partner_sign_in(portal, user).status_code == 302
    portal.admin("POST", f"/partner-organizations/{org['id']}/deactivate")
    assert portal.client.get(f"/partner/patients/{rosa['id']}").status_code == (200 if faults else 403)
    other = portal.new_browser()
    other.use_clock("partners")
    assert (partner_sign_in(other, user).status_code == 302) is bool(faults)
