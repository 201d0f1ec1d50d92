"""The sharing page: an adult shares with another adult until a date, renews and revokes
(PRX-05, PRX-07); an adolescent gives a parent full access and takes it back (PRX-03); a legal
guardian keeps access past 18 (PRX-06)."""

from __future__ import annotations

import re

import pytest
from proxy_support import (
    PASSWORD,
    at,
    banner,
    clinic,
    desk_enrollment,
    enrolled_adult,
    family,
    field_error,
    h1,
    page_text,
    proxy_status,
    switch_to,
    utc_text,
)

pytestmark = pytest.mark.portal

GRANTED_AT = "2026-03-10T18:00:00Z"
EXPIRES_AT = "2027-09-10T18:00:00Z"  # 18 months later


def share(portal, identifier, ends_on="", part2=False):
    fields = {"proxy_identifier": identifier, "ends_on": ends_on}
    if part2:
        fields["part2_consent"] = "yes"
    return portal.submit("/sharing", fields)


def sharing_button(portal, name):
    """The form action of a button on /sharing by its accessible name (visible text + hidden part)."""
    page = page_text(portal.client.get("/sharing"))
    for action, button in re.findall(
        r'<form method="post" action="([^"]+)">.*?<button[^>]*>(.*?)</button>', page, re.S
    ):
        if re.sub(r"<[^>]+>", "", button).strip() == name:
            return action
    return None


def press(portal, name):
    action = sharing_button(portal, name)
    assert action, f"no button {name!r} on /sharing"
    return portal.submit(action, {}, form_page="/sharing")


@pytest.fixture
def two_adults(portal):
    """Maria (the patient) and Ana (another adult with her own account), both signed in separately."""
    at(portal, "prx05", GRANTED_AT)
    where = clinic(portal, "America/Denver")
    maria = enrolled_adult(portal, where, first_name="Maria")
    ana = enrolled_adult(portal, where, first_name="Ana", last_name="Silva")
    return where, maria, ana


# --- PRX-05: an adult shares with another adult, with an expiry ----------------------------------------
def test_the_sharing_page_offers_an_expiry_of_at_most_18_months(portal, two_adults):
    _, maria, _ = two_adults
    portal.sign_in_fully(maria)
    page = portal.client.get("/sharing")
    assert h1(page) == "Share access to your record"
    text = page_text(page)
    assert 'for="proxy_identifier">Username or email address<' in text
    assert 'for="ends_on">Access ends on<' in text
    assert "until 10 September 2027" in text and 'value="2027-09-10"' in text
    assert "Nobody else can see your record." in text


def test_an_adult_shares_by_username_and_the_proxy_sees_the_record_until_expiry(portal, other_browser, two_adults):
    _, maria, ana = two_adults
    portal.sign_in_fully(maria)
    shared = share(portal, ana["username"])
    assert shared.status_code == 302 and shared.location == "/sharing"
    page = page_text(portal.client.get("/sharing"))
    assert "Ana Silva can now see your record until 10 September 2027." in page
    assert sharing_button(portal, "Renew access for Ana Silva")
    assert sharing_button(portal, "Revoke access for Ana Silva")
    assert any("Please sign in for details" in mail["body"] for mail in portal.mail_to(ana["email"]))

    proxy = portal.admin("GET", f"/patients/{maria['id']}/proxies")["proxies"][0]
    assert proxy["relationship"] == "adult-proxy" and proxy["expires_at"] == EXPIRES_AT
    assert proxy["granted_by"] == f"account:{maria['account_id']}"
    assert "substance-use" not in proxy["sensitive_categories"] and "hiv" in proxy["sensitive_categories"]

    other_browser.use_clock("prx05")
    other_browser.sign_in_fully(ana)
    switch_to(other_browser, maria["id"])
    assert banner(other_browser.client.get("/home")) == "You are viewing Maria's record full access"


@pytest.mark.parametrize(
    ("instant", "status"),
    [
        ("2027-09-09T18:00:00Z", "active"),  # 18 months less a day
        ("2027-09-10T17:59:00Z", "active"),  # a minute before
        ("2027-09-10T18:00:00Z", "active"),  # the last instant
        ("2027-09-10T18:01:00Z", "expired"),  # a minute after
        ("2027-09-11T18:00:00Z", "expired"),  # 18 months and a day
    ],
)
def test_an_adult_proxy_expires_after_18_months(portal, two_adults, instant, status):
    _, maria, ana = two_adults
    proxy = portal.admin(
        "POST",
        "/proxies",
        {"patient_id": maria["id"], "proxy_account_id": ana["account_id"], "relationship": "adult-proxy"},
        status=201,
    )
    assert proxy["expires_at"] == EXPIRES_AT
    at(portal, "prx05", instant)
    assert proxy_status(portal, proxy["id"])["status"] == status


def test_after_expiry_the_proxy_is_refused_and_only_the_patient_renews(portal, other_browser, two_adults):
    _, maria, ana = two_adults
    portal.sign_in_fully(maria)
    share(portal, ana["username"])
    other_browser.use_clock("prx05")
    other_browser.sign_in_fully(ana)
    switch_to(other_browser, maria["id"])

    at(portal, "prx05", "2027-09-11T09:00:00Z")  # the day after expiry: a new session each
    other_browser.sign_in_fully(ana)
    assert banner(other_browser.client.get("/home")) is None
    assert switch_to(other_browser, maria["id"]).location == "/home"
    assert banner(other_browser.client.get("/home")) is None

    proxy_id = portal.admin("GET", f"/patients/{maria['id']}/proxies")["proxies"][0]["id"]
    # The proxy cannot renew it: the relationship is not on their record.
    other_browser.submit(f"/sharing/{proxy_id}/renew", {}, form_page="/sharing")
    assert proxy_status(portal, proxy_id)["status"] == "expired"

    portal.sign_in_fully(maria)
    assert "Expired" in page_text(portal.client.get("/sharing"))
    press(portal, "Renew access for Ana Silva")
    renewed = proxy_status(portal, proxy_id)
    assert renewed["status"] == "active" and renewed["expires_at"] == "2029-03-11T09:00:00Z"
    assert switch_to(other_browser, maria["id"]).location == "/home"
    assert banner(other_browser.client.get("/home")) == "You are viewing Maria's record full access"


def test_the_patient_revokes_and_the_proxy_is_refused_mid_session(portal, other_browser, two_adults):
    _, maria, ana = two_adults
    portal.sign_in_fully(maria)
    share(portal, ana["email"], part2=True)  # by email address, with Part 2 consent
    proxy = portal.admin("GET", f"/patients/{maria['id']}/proxies")["proxies"][0]
    assert proxy["part2_consent"] is True and "substance-use" in proxy["sensitive_categories"]

    other_browser.use_clock("prx05")
    other_browser.sign_in_fully(ana)
    switch_to(other_browser, maria["id"])
    assert other_browser.client.get("/messages").status_code == 200

    revoked = press(portal, "Revoke access for Ana Silva")
    assert revoked.location == "/sharing"
    after = page_text(portal.client.get("/sharing"))
    assert "Ana Silva can no longer see your record." in after
    assert "Revoke access for Ana Silva" not in after.replace('<span class="visually-hidden">', "")

    refused = other_browser.client.get("/messages")
    assert refused.status_code == 403 and h1(refused) == "You no longer have access to this record"


@pytest.mark.parametrize(
    ("identifier", "ends_on", "expected"),
    [
        ("", "", ("proxy_identifier", "Enter the username or email address of the person you want to share with")),
        (
            "nobody.here",
            "",
            ("proxy_identifier", "We could not find a portal account with that username or email address."),
        ),
        ("SELF", "", ("proxy_identifier", "You cannot share access with yourself.")),
        ("ANA", "2027-09-11", ("ends_on", "Access can be shared for at most 18 months, until 10 September 2027")),
        ("ANA", "2026-03-09", ("ends_on", "The date access ends must be in the future")),
        ("ANA", "10/09/2027", ("ends_on", "Enter the date access ends as a real date")),
    ],
)
def test_sharing_refuses_with_a_message_by_the_field(portal, two_adults, identifier, ends_on, expected):
    field, message = expected
    _, maria, ana = two_adults
    portal.sign_in_fully(maria)
    identifier = {"SELF": maria["username"], "ANA": ana["username"]}.get(identifier, identifier)
    refused = share(portal, identifier, ends_on)
    assert refused.status_code == 200
    assert field_error(refused, field) == message
    assert portal.admin("GET", f"/patients/{maria['id']}/proxies")["proxies"] == []


def test_the_last_allowed_day_is_accepted_and_ends_at_the_18_month_instant(portal, two_adults):
    _, maria, ana = two_adults
    portal.sign_in_fully(maria)
    assert share(portal, ana["username"], "2027-09-10").location == "/sharing"
    proxy = portal.admin("GET", f"/patients/{maria['id']}/proxies")["proxies"][0]
    assert proxy["expires_at"] == EXPIRES_AT


def test_a_chosen_end_date_lasts_to_the_end_of_that_day_in_the_clinic_time_zone(portal, two_adults):
    _, maria, ana = two_adults
    portal.sign_in_fully(maria)
    share(portal, ana["username"], "2026-06-30")
    proxy = portal.admin("GET", f"/patients/{maria['id']}/proxies")["proxies"][0]
    assert proxy["expires_at"] == "2026-07-01T05:59:59Z"  # 23:59:59 in Denver (UTC-6)
    assert "30 June 2026" in page_text(portal.client.get("/sharing"))


def test_sharing_twice_with_the_same_person_is_refused(portal, two_adults):
    _, maria, ana = two_adults
    portal.sign_in_fully(maria)
    share(portal, ana["username"])
    again = share(portal, ana["username"])
    assert field_error(again, "proxy_identifier") == "Ana Silva already has access to your record."


# --- PRX-03: the adolescent's own account and consent ---------------------------------------------------
def test_a_teen_gives_the_parent_full_access_without_sensitive_results_and_takes_it_back(portal, other_browser):
    at(portal, "prx03", GRANTED_AT)
    fam = family(portal, child_birth="2011-01-20", child_name="Mia")  # 15
    teen = desk_enrollment(portal, {**fam.child, "email": "mia@example.test"})
    assert proxy_status(portal, fam.proxy["id"])["access_level"] == "limited"

    portal.sign_in_fully(teen)
    page = page_text(portal.client.get("/sharing"))
    assert "Your parents and guardians" in page and "Maria Lopez" in page
    assert "never sees results about sexual health, pregnancy, HIV" in page
    assert 'id="proxy_identifier"' not in page  # a minor shares with no other adult

    press(portal, "Grant full access to Maria Lopez")
    assert "Maria Lopez now has full access to your record, except sensitive results." in page_text(
        portal.client.get("/sharing")
    )
    granted = proxy_status(portal, fam.proxy["id"])
    assert granted["access_level"] == "full" and granted["adolescent_full_access"] is True
    assert "results" in granted["functions"] and granted["sensitive_categories"] == []

    other_browser.use_clock("prx03")
    other_browser.sign_in_fully(fam.parent)
    switch_to(other_browser, fam.child["id"])
    assert banner(other_browser.client.get("/home")) == "You are viewing Mia's record full access"

    press(portal, "Revoke full access for Maria Lopez")
    revoked = proxy_status(portal, fam.proxy["id"])
    assert revoked["access_level"] == "limited" and revoked["adolescent_full_access"] is False
    assert banner(other_browser.client.get("/home")) == "You are viewing Mia's record limited access"


def test_a_teen_cannot_share_with_another_adult(portal):
    at(portal, "prx03-share", GRANTED_AT)
    fam = family(portal, child_birth="2011-01-20", child_name="Mia")
    teen = desk_enrollment(portal, {**fam.child, "email": "mia2@example.test"})
    portal.sign_in_fully(teen)
    refused = share(portal, fam.parent["username"])
    assert refused.location == "/sharing"
    assert "You can share access to your record with another adult from your 18th birthday." in page_text(
        portal.client.get("/sharing")
    )
    assert len(portal.admin("GET", f"/patients/{fam.child['id']}/proxies")["proxies"]) == 1  # the parent only


def test_the_parent_cannot_give_themself_full_access(portal):
    at(portal, "prx03-parent", GRANTED_AT)
    fam = family(portal, child_birth="2011-01-20", child_name="Mia")
    portal.sign_in_fully(fam.parent)
    portal.submit(f"/sharing/{fam.proxy['id']}/full-access", {}, form_page="/sharing")
    assert "That person does not have access to your record." in page_text(portal.client.get("/sharing"))
    assert proxy_status(portal, fam.proxy["id"])["access_level"] == "limited"


# --- PRX-06: a legal guardian keeps access past 18 -------------------------------------------------------
def test_a_guardian_keeps_access_past_18_and_never_expires(portal):
    at(portal, "prx06", utc_text("2026-03-14 23:50", "America/Chicago"))  # the day before the 18th birthday
    fam = family(portal, child_birth="2008-03-15", relationship="guardian")
    before = proxy_status(portal, fam.proxy["id"])
    assert (before["status"], before["access_level"], before["expires_at"]) == ("active", "limited", None)
    portal.sign_in_fully(fam.parent)
    switch_to(portal, fam.child["id"])
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record limited access"

    at(portal, "prx06", utc_text("2026-03-15 00:00", "America/Chicago"))  # the 18th birthday, mid-session
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record full access"
    assert proxy_status(portal, fam.proxy["id"])["status"] == "active"

    at(portal, "prx06", "2031-03-15T12:00:00Z")  # well past any adult-proxy expiry
    portal.sign_in_fully(fam.parent)
    switch_to(portal, fam.child["id"])
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record full access"
    assert PASSWORD  # the guardian signed in again with the same password, years later


def test_staff_cannot_give_a_parent_an_expiry_or_an_adult_a_parent(portal):
    at(portal, "rules", GRANTED_AT)
    where = clinic(portal, "America/Chicago")
    adult = enrolled_adult(portal, where)
    other = enrolled_adult(portal, where, first_name="Ana")
    child = portal.patient(where, first_name="Leo", date_of_birth="2020-05-01")
    body = {"patient_id": child["id"], "proxy_account_id": adult["account_id"]}
    portal.admin("POST", "/proxies", {**body, "relationship": "parent", "expires_at": EXPIRES_AT}, status=400)
    portal.admin("POST", "/proxies", {**body, "relationship": "adult-proxy"}, status=400)
    portal.admin("POST", "/proxies", {**body, "relationship": "cousin"}, status=400)
    adult_body = {"patient_id": other["id"], "proxy_account_id": adult["account_id"]}
    portal.admin("POST", "/proxies", {**adult_body, "relationship": "parent"}, status=400)
    too_late = {**adult_body, "relationship": "adult-proxy", "expires_at": "2027-09-10T18:00:01Z"}
    portal.admin("POST", "/proxies", too_late, status=400)
    portal.admin("POST", "/proxies", {**body, "relationship": "parent"}, status=201)
    portal.admin("POST", "/proxies", {**body, "relationship": "parent"}, status=409)  # already a parent
