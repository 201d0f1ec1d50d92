"""Parents viewing a child's record: the banner and switcher (PRX-01), the age bands turning on the
birthday in the clinic's time zone (PRX-02, PRX-04), the 18th-birthday notice, revocation in the
middle of a session (PRX-07), and who may see a record (viewers_of)."""

from __future__ import annotations

import re

import pytest
from proxy_support import at, banner, family, h1, page_text, proxy_status, switch_to, switcher_options, utc_text

from reference_portal.portal import EXTENSION_KEY
from reference_portal.services.permissions import Function, Relationship, SensitiveCategory

pytestmark = pytest.mark.portal

ENDED_NOTICE = "Your proxy access to an account has ended. Please sign in for details."


# --- PRX-01: the banner and the switcher ----------------------------------------------------------
def test_a_parent_switches_to_a_young_child_and_sees_the_banner_on_every_page(portal):
    at(portal, "prx01", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    portal.sign_in_fully(fam.parent)

    own = portal.client.get("/home")
    assert banner(own) is None  # own record: no "viewing" banner
    assert switcher_options(own) == ["Your own record", "Leo Lopez"]

    switched = switch_to(portal, fam.child["id"])
    assert switched.status_code == 302 and switched.location == "/home"
    for path in ("/home", "/messages", "/results", "/health-summary", "/sharing"):
        page = portal.client.get(path)
        assert page.status_code == 200, path
        assert banner(page) == "You are viewing Leo's record full access", path
    assert proxy_status(portal, fam.proxy["id"])["access_level"] == "full"


def test_the_viewer_carries_the_subject_account_and_permissions(app, portal):
    at(portal, "prx01-viewer", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    portal.sign_in_fully(fam.parent)
    switch_to(portal, fam.child["id"])
    cookie = portal.client.get_cookie("portal_session")
    assert cookie is not None
    with app.test_request_context(
        "/home", headers={"Cookie": f"portal_session={cookie.value}; portal_clock=prx01-viewer"}
    ):
        from reference_portal import web
        from reference_portal.access import current_viewer

        web._bind_clock_scope()
        viewer = current_viewer()
        assert viewer is not None and viewer.subject is not None and viewer.patient is not None
        assert viewer.subject.public_id == fam.child["id"]
        assert viewer.patient.public_id == fam.parent["id"]
        assert viewer.account.public_id == fam.parent_account_id
        assert viewer.account_name == "Maria Lopez" and viewer.acting_for_someone_else
        assert viewer.permissions.relationship is Relationship.PARENT
        assert viewer.permissions.allows(Function.RESULTS)
        assert viewer.permissions.sees(SensitiveCategory.HIV)  # a young child's parent: full access


def test_switching_is_a_post_kept_server_side_and_audited(app, portal):
    at(portal, "prx01-post", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    portal.sign_in_fully(fam.parent)
    before = {cookie.key: cookie.value for cookie in portal.client._cookies.values()}

    assert portal.client.get("/proxy/switch").status_code == 405
    switch_to(portal, fam.child["id"])

    after = {cookie.key: cookie.value for cookie in portal.client._cookies.values()}
    assert after["portal_session"] == before["portal_session"]  # nothing about the subject in the cookie
    assert fam.child["id"] not in "".join(after.values())
    database = app.extensions[EXTENSION_KEY].database
    row = (
        database.connect()
        .execute("SELECT actor, detail FROM audit_log WHERE action = 'record-switched' ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    assert row["actor"] == f"account:{fam.parent_account_id}"
    assert row["detail"] == "relationship=parent access=full"

    switch_to(portal, fam.parent["id"])  # back to the own record
    assert banner(portal.client.get("/home")) is None


def test_switching_to_a_record_without_access_is_refused(portal):
    at(portal, "prx01-refused", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    stranger = portal.patient(fam.clinic, first_name="Zoe", date_of_birth="2019-01-01")
    portal.sign_in_fully(fam.parent)

    refused = switch_to(portal, stranger["id"])
    assert refused.location == "/home"
    home = portal.client.get("/home")
    assert "You do not have access to that record." in page_text(home)
    assert banner(home) is None and "Zoe" not in page_text(home)
    assert switch_to(portal, "pat_doesnotexist").location == "/home"


def test_a_proxy_only_parent_lands_in_the_childs_record(portal):
    at(portal, "prx01-proxy-only", "2026-03-10T18:00:00Z")
    where = portal.clinic(name="Westside", timezone="America/Chicago")
    child = portal.patient(where, first_name="Leo", date_of_birth="2020-05-01")
    code = portal.admin("POST", "/proxy-codes", {"patient_id": child["id"], "relationship": "parent"}, status=201)
    enrolled = portal.admin(
        "POST",
        "/proxy-enrollments",
        {
            "code": code["code"],
            "date_of_birth": "2020-05-01",
            "first_name": "Ana",
            "last_name": "Lopez",
            "username": "ana.lopez",
            "email": "ana@example.test",
            "password": "river stones in spring",
        },
        status=201,
    )
    assert enrolled["proxy"]["status"] == "active"
    portal.sign_in_fully({"username": "ana.lopez", "password": "river stones in spring", "email": "ana@example.test"})
    home = portal.client.get("/home")
    assert h1(home) == "Welcome, Ana"
    assert banner(home) == "You are viewing Leo's record full access"
    assert switcher_options(home) == []  # only one record: nothing to switch between


# --- PRX-02 / PRX-04: birthdays in the clinic's time zone ---------------------------------------------
# Auckland is UTC+13 in March: the birthday starts there while UTC is still on the day before.
# Denver is UTC-6 after 8 March: UTC reaches the birthday six hours before Denver does.
BIRTHDAY_EDGES = [
    ("Pacific/Auckland", "2026-03-14T10:59:59Z", "2026-03-14T11:00:00Z"),
    ("America/Denver", "2026-03-15T05:59:59Z", "2026-03-15T06:00:00Z"),
]


@pytest.mark.parametrize(("zone", "day_before", "birthday"), BIRTHDAY_EDGES)
def test_on_the_12th_birthday_access_drops_to_limited_with_no_manual_step(portal, zone, day_before, birthday):
    at(portal, f"prx02-{zone}", day_before)
    fam = family(portal, child_birth="2014-03-15", timezone=zone)
    assert utc_text("2026-03-15 00:00", zone) == birthday
    portal.sign_in_fully(fam.parent)
    switch_to(portal, fam.child["id"])
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record full access"
    before = proxy_status(portal, fam.proxy["id"])
    assert (before["patient_age"], before["access_level"]) == (11, "full")
    assert "results" in before["functions"] and "hiv" in before["sensitive_categories"]

    at(portal, f"prx02-{zone}", birthday)
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record limited access"
    after = proxy_status(portal, fam.proxy["id"])
    assert (after["patient_age"], after["status"], after["access_level"]) == (12, "active", "limited")
    assert after["functions"] == ["allergies", "immunizations", "messaging", "scheduling"]
    assert after["sensitive_categories"] == []


@pytest.mark.parametrize(("zone", "day_before", "birthday"), BIRTHDAY_EDGES)
def test_on_the_18th_birthday_parental_access_ends_with_one_phi_free_notice(portal, zone, day_before, birthday):
    at(portal, f"prx04-{zone}", day_before)
    fam = family(portal, child_birth="2008-03-15", timezone=zone)
    portal.sign_in_fully(fam.parent)
    switch_to(portal, fam.child["id"])
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record limited access"
    assert proxy_status(portal, fam.proxy["id"])["status"] == "active"
    mails_before = len(portal.mail_to(fam.parent["email"]))

    at(portal, f"prx04-{zone}", birthday)
    refused = portal.client.get("/home")  # the parent's next request, mid-session
    assert refused.status_code == 403 and h1(refused) == "You no longer have access to this record"
    assert "Leo" not in page_text(refused)
    home = portal.client.get("/home")
    assert home.status_code == 200 and banner(home) is None and switcher_options(home) == []

    notices = portal.mail_to(fam.parent["email"])[mails_before:]
    assert [mail["body"].strip() for mail in notices] == [ENDED_NOTICE]
    assert "Leo" not in notices[0]["subject"] + notices[0]["body"]
    status = proxy_status(portal, fam.proxy["id"])
    assert status["status"] == "ended" and status["ended_notice_sent_at"] == birthday

    portal.client.get("/home")
    proxy_status(portal, fam.proxy["id"])
    assert len(portal.mail_to(fam.parent["email"])) == mails_before + 1  # once only


def test_the_18th_birthday_notice_waits_for_the_parents_next_visit(portal, other_browser):
    """No background job: the first time the relationship is looked at after the birthday."""
    at(portal, "prx04-later", "2026-03-14T12:00:00Z")
    fam = family(portal, child_birth="2008-03-15", timezone="America/Chicago")
    assert portal.mail_to(fam.parent["email"]) == []

    at(portal, "prx04-later", "2026-04-02T09:00:00Z")  # weeks later, the parent signs in
    other_browser.use_clock("prx04-later")
    other_browser.sign_in_fully(fam.parent)
    other_browser.client.get("/home")
    bodies = [mail["body"].strip() for mail in portal.mail_to(fam.parent["email"])]
    assert bodies.count(ENDED_NOTICE) == 1


def test_a_leap_day_child_turns_18_on_28_february_in_a_common_year(portal):
    at(portal, "prx04-leap", utc_text("2026-02-27 23:59", "America/Chicago"))
    fam = family(portal, child_birth="2008-02-29", timezone="America/Chicago")
    assert proxy_status(portal, fam.proxy["id"])["status"] == "active"
    at(portal, "prx04-leap", utc_text("2026-02-28 00:00", "America/Chicago"))
    assert proxy_status(portal, fam.proxy["id"])["status"] == "ended"


# --- PRX-07: revocation takes effect mid-session --------------------------------------------------------
def test_a_revoked_parent_is_refused_on_the_next_request_without_signing_out(portal):
    at(portal, "prx07", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    portal.sign_in_fully(fam.parent)
    switch_to(portal, fam.child["id"])
    assert banner(portal.client.get("/results")) == "You are viewing Leo's record full access"

    revoked = portal.admin("POST", f"/proxies/{fam.proxy['id']}/revoke")
    assert revoked["status"] == "revoked" and revoked["revoked_at"] == "2026-03-10T18:00:00Z"

    refused = portal.client.get("/results")
    assert refused.status_code == 403
    assert h1(refused) == "You no longer have access to this record"
    assert "You are now viewing your own record." in page_text(refused)
    home = portal.client.get("/home")  # still signed in, back in the own record
    assert home.status_code == 200 and banner(home) is None and switcher_options(home) == []
    assert switch_to(portal, fam.child["id"]).location == "/home"
    assert banner(portal.client.get("/home")) is None  # switching back is refused too


def test_a_revoked_proxy_only_parent_has_no_record_left(portal):
    at(portal, "prx07-only", "2026-03-10T18:00:00Z")
    where = portal.clinic(name="Northside", timezone="America/Chicago")
    child = portal.patient(where, first_name="Leo", date_of_birth="2020-05-01")
    code = portal.admin("POST", "/proxy-codes", {"patient_id": child["id"]}, status=201)
    enrolled = portal.admin(
        "POST",
        "/proxy-enrollments",
        {
            "code": code["code"],
            "date_of_birth": "2020-05-01",
            "first_name": "Ana",
            "last_name": "Lopez",
            "username": "ana.only",
            "email": "ana.only@example.test",
            "password": "river stones in spring",
        },
        status=201,
    )
    portal.sign_in_fully(
        {"username": "ana.only", "password": "river stones in spring", "email": "ana.only@example.test"}
    )
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record full access"
    portal.admin("POST", f"/proxies/{enrolled['proxy']['id']}/revoke")
    assert portal.client.get("/health-summary").status_code == 403
    home = portal.client.get("/home")
    assert home.status_code == 200 and banner(home) is None and "Leo" not in page_text(home)


# --- viewers_of: who may see a record, for the results and messaging areas ---------------------------
def test_viewers_of_lists_the_patient_and_live_proxies_with_their_permissions(app, portal):
    at(portal, "viewers", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2011-01-20")  # 15: the parent has limited access
    services = app.extensions[EXTENSION_KEY]
    with app.test_request_context("/", headers={"X-Portal-Clock": "viewers"}):
        services.clock.enter_scope("viewers")
        child = services.patients.get(fam.child["id"])
        viewers = services.proxies.viewers_of(child)
        assert [(account.public_id, permissions.access_level) for account, permissions in viewers] == [
            (fam.parent_account_id, "limited")
        ]
        _, permissions = viewers[0]
        assert not permissions.allows(Function.RESULTS) and permissions.allows(Function.MESSAGING)
        services.clock.enter_scope(None)
    portal.admin("POST", f"/proxies/{fam.proxy['id']}/revoke")
    with app.test_request_context("/"):
        services.clock.enter_scope("viewers")
        assert services.proxies.viewers_of(services.patients.get(fam.child["id"])) == []
        parent = services.patients.get(fam.parent["id"])
        (own_account, own_permissions), *_ = services.proxies.viewers_of(parent)
        assert own_account.public_id == fam.parent_account_id and own_permissions.relationship is Relationship.SELF
        services.clock.enter_scope(None)


def test_the_admin_api_lists_proxies_by_patient_and_by_account(portal):
    at(portal, "lists", "2026-03-10T18:00:00Z")
    fam = family(portal, child_birth="2020-05-01")
    by_patient = portal.admin("GET", f"/patients/{fam.child['id']}/proxies")["proxies"]
    by_account = portal.admin("GET", f"/accounts/{fam.parent_account_id}/proxies")["proxies"]
    assert [item["id"] for item in by_patient] == [item["id"] for item in by_account] == [fam.proxy["id"]]
    assert by_patient[0]["proxy_name"] == "Maria Lopez"
    assert re.fullmatch(r"prx_[A-Za-z0-9_-]+", fam.proxy["id"])
    missing = portal.client.get("/api/admin/proxies/prx_nothing", headers={"Authorization": "Bearer test-admin-token"})
    assert missing.status_code == 404
