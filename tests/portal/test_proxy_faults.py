"""The proxy area's upgrade faults: each changes exactly the behaviour its scenario checks, and
without it that behaviour is right."""

from __future__ import annotations

import pytest
from proxy_support import at, banner, enrolled_adult, family, h1, proxy_status, switch_to, utc_text

from reference_portal.faults import list_faults

pytestmark = pytest.mark.portal

PROXY_FAULTS = {
    "parent-sees-teen-sensitive-result": ("RES", ("RES-04",)),
    "adolescent-age-band-off-by-one": ("PRX", ("PRX-02",)),
    "revoked-proxy-keeps-access-until-sign-in": ("PRX", ("PRX-07",)),
    "parental-access-survives-18th-birthday": ("PRX", ("PRX-04",)),
    "adult-proxy-never-expires": ("PRX", ("PRX-05",)),
    "guardian-loses-access-at-18": ("PRX", ("PRX-06",)),
}


BOTH_SIDES = pytest.mark.parametrize("on", [True, False], ids=["fault", "no-fault"])


def start(portal_with_faults, name, on):
    """A portal with the named fault switched on, or the same portal without it."""
    return portal_with_faults(name) if on else portal_with_faults()


def test_the_catalogue_lists_the_proxy_faults():
    faults = {fault.name: fault for fault in list_faults()}
    for name, (area, caught_by) in PROXY_FAULTS.items():
        assert (faults[name].area, faults[name].caught_by, faults[name].kind) == (area, caught_by, "behaviour")
        assert faults[name].description


@BOTH_SIDES
def test_parent_sees_teen_sensitive_result(portal_with_faults, on):
    portal = start(portal_with_faults, "parent-sees-teen-sensitive-result", on)
    at(portal, "res04", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2011-01-20", child_name="Mia")  # 15
    portal.admin("POST", f"/proxies/{fam.proxy['id']}/adolescent-consent", {"full_access": True})
    status = proxy_status(portal, fam.proxy["id"])
    assert status["access_level"] == "full"
    assert ("hiv" in status["sensitive_categories"]) is on
    assert (status["sensitive_categories"] == []) is not on


@BOTH_SIDES
def test_adolescent_age_band_off_by_one(portal_with_faults, on):
    portal = start(portal_with_faults, "adolescent-age-band-off-by-one", on)
    at(portal, "prx02", utc_text("2026-03-15 00:00", "Pacific/Auckland"))  # the 12th birthday
    fam = family(portal, child_birth="2014-03-15", timezone="Pacific/Auckland")
    assert proxy_status(portal, fam.proxy["id"])["access_level"] == ("full" if on else "limited")


@BOTH_SIDES
def test_revoked_proxy_keeps_access_until_sign_in(portal_with_faults, on):
    portal = start(portal_with_faults, "revoked-proxy-keeps-access-until-sign-in", on)
    at(portal, "prx07", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    portal.sign_in_fully(fam.parent)
    switch_to(portal, fam.child["id"])
    portal.admin("POST", f"/proxies/{fam.proxy['id']}/revoke")

    mid_session = portal.client.get("/results")
    if on:
        assert mid_session.status_code == 200 and banner(mid_session) == "You are viewing Leo's record full access"
    else:
        assert mid_session.status_code == 403 and h1(mid_session) == "You no longer have access to this record"
    portal.submit("/sign-out", {}, form_page="/home")
    portal.sign_in_fully(fam.parent)  # a new session: the fault's cache starts again
    assert switch_to(portal, fam.child["id"]).location == "/home"
    assert banner(portal.client.get("/home")) is None


@BOTH_SIDES
def test_parental_access_survives_18th_birthday(portal_with_faults, on):
    portal = start(portal_with_faults, "parental-access-survives-18th-birthday", on)
    at(portal, "prx04", utc_text("2026-03-14 23:59", "America/Denver"))
    fam = family(portal, child_birth="2008-03-15", timezone="America/Denver")
    at(portal, "prx04", utc_text("2026-03-15 00:00", "America/Denver"))  # the 18th birthday
    status = proxy_status(portal, fam.proxy["id"])
    assert status["status"] == ("active" if on else "ended")
    notices = [mail for mail in portal.mail_to(fam.parent["email"]) if "proxy access" in mail["body"]]
    assert len(notices) == (0 if on else 1)


@BOTH_SIDES
def test_adult_proxy_never_expires(portal_with_faults, on):
    portal = start(portal_with_faults, "adult-proxy-never-expires", on)
    at(portal, "prx05", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    ana = enrolled_adult(portal, fam.clinic, first_name="Ana")
    proxy = portal.admin(
        "POST",
        "/proxies",
        {"patient_id": fam.parent["id"], "proxy_account_id": ana["account_id"], "relationship": "adult-proxy"},
        status=201,
    )
    at(portal, "prx05", "2027-09-11T18:00:00Z")  # 18 months and a day later
    assert proxy_status(portal, proxy["id"])["status"] == ("active" if on else "expired")


@BOTH_SIDES
def test_guardian_loses_access_at_18(portal_with_faults, on):
    portal = start(portal_with_faults, "guardian-loses-access-at-18", on)
    at(portal, "prx06", utc_text("2026-03-14 23:59", "America/Chicago"))
    fam = family(portal, child_birth="2008-03-15", relationship="guardian")
    at(portal, "prx06", utc_text("2026-03-15 00:00", "America/Chicago"))  # the 18th birthday
    assert proxy_status(portal, fam.proxy["id"])["status"] == ("ended" if on else "active")
