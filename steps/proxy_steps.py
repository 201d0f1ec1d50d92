"""Proxy access: parents, adult proxies and guardians (PRX)."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from data.expectations import Expectations
from data.messaging import Outbox
from data.people import People
from data.proxies import (
    IssuedProxyCode,
    ProxyGrant,
    access_changed_notices,
    add_months,
    born_to_turn_soon,
    freeze_on_side_of_birthday,
    grant,
    issue_proxy_code,
    patient_changes_proxy,
    phi_of,
    record_adolescent_consent,
    registered,
    with_account,
)
from data.web_forms import post_form
from pages.audit_log_page import AuditLogPage
from pages.base_page import BasePage
from pages.components.navigation import MainNavigation
from pages.home_page import HomePage
from pages.proxy_access_ended_page import ProxyAccessEndedPage
from pages.proxy_activation_page import ProxyActivationPage
from pages.proxy_components import RecordBar, SentOnBehalf
from pages.sharing_page import SharingPage
from pages.staff_conversation_page import StaffConversationPage
from steps.people_steps import DEFAULT_CLINIC
from steps.phrases import POSSESSIVE, SUBJECT

CLINIC = r'"(?P<clinic>[^"]+)"(?: in the (?P<zone>[\w/]+) time zone)?'
BIRTHDAY_RULES = {"limits": "full_parental_access_until_age", "ends": "parental_access_ends_at_age"}


# --- Given: relationships registered at the desk (admin API) ------------------------------------
@given(
    parsers.re(rf"(?P<parent>[A-Z]\w+) has parental proxy access to (?P<child>[A-Z]\w+) at {CLINIC}$"),
    target_fixture="proxy",
)
def parental_access(people: People, parent: str, child: str, clinic: str, zone: str | None) -> ProxyGrant:
    """Staff registered the parent as proxy for the child (both at the clinic; the parent has an account)."""
    if zone:
        people.clinic(clinic, zone)
    return grant(people, parent, child, clinic, "parent")


@given(
    parsers.re(
        rf"(?P<guardian>[A-Z]\w+) became the legal guardian of (?P<ward>[A-Z]\w+) at {CLINIC} "
        rf"while {SUBJECT} was a minor"
    ),
    target_fixture="proxy",
)
def legal_guardian(
    people: People, expected: Expectations, *, guardian: str, ward: str, clinic: str, zone: str | None
) -> ProxyGrant:
    """The ward is a minor who reaches the age parental access ends within weeks; the guardianship is registered now."""
    if zone:
        people.clinic(clinic, zone)
    born_to_turn_soon(people, ward, expected.proxy.parental_access_ends_at_age)
    return grant(people, guardian, ward, clinic, "guardian")


@given(
    parsers.re(
        rf"(?P<patient>[A-Z]\w+) has shared {POSSESSIVE} record with (?P<proxy_name>[A-Z]\w+) "
        r"without choosing an end date"
    ),
    target_fixture="proxy",
)
def shared_for_longest(people: People, patient: str, proxy_name: str) -> ProxyGrant:
    """An adult with an account (at Eastside Clinic unless registered elsewhere) gave another adult proxy
    access (adult-proxy, the portal's default length), at an instant the scenario's clock records."""
    registered_at = people[patient].clinic
    clinic = registered_at.name if registered_at else DEFAULT_CLINIC
    with_account(people, patient, clinic)
    now = people.scenario.api.clock_now().replace(microsecond=0)
    people.scenario.api.freeze_clock(now)  # the grant's instant is then exactly known
    shared = grant(people, proxy_name, patient, clinic, "adult-proxy")
    shared.granted_at = now
    return shared


@given(parsers.re(r"(?P<proxy_name>[A-Z]\w+) (?P<has>has|does not have) full access to (?P<teen>[A-Z]\w+)'s record"))
def adolescent_consent(people: People, proxy: ProxyGrant, has: str) -> None:
    """The adolescent's consent form is on file (or not): the parent has full access (or limited)."""
    record_adolescent_consent(people, proxy, full_access=has == "has")


# --- Given: time ------------------------------------------------------------------------------
@given(
    parsers.re(
        r"it is (?P<side>the day before|the day of) (?P<name>[A-Z]\w+)'s birthday "
        r"that (?P<rule>limits|ends) parental access"
    )
)
def on_side_of_birthday(people: People, expected: Expectations, side: str, name: str, rule: str) -> None:
    """The scenario clock stops at the last minute of the day before, or the first minute of, that
    birthday, in the patient's clinic's time zone; the age comes from the target profile."""
    age = getattr(expected.proxy, BIRTHDAY_RULES[rule])
    freeze_on_side_of_birthday(people, people[name], int(age), side)


@given(
    parsers.re(
        r"it is (?P<side>a minute before|a minute after) (?P<proxy_name>[A-Z]\w+)'s access "
        r"to (?P<patient>[A-Z]\w+)'s record runs out"
    )
)
def around_expiry(people: People, expected: Expectations, proxy: ProxyGrant, side: str) -> None:
    """The clock stops a minute either side of the grant time plus the profile's adult-proxy lifetime."""
    if proxy.granted_at is None:
        raise ValueError("The proxy's grant time is unknown: share the record with a step that records it.")
    expires = add_months(proxy.granted_at, int(expected.proxy.adult_proxy_months))
    minute = timedelta(minutes=1)
    people.scenario.api.freeze_clock(expires + minute if side == "a minute after" else expires - minute)


# --- Given: what the patient already did, over HTTP -------------------------------------------------
@given(parsers.re(r"(?P<patient>[A-Z]\w+) (?P<renewal>has not renewed|has renewed) (?P<proxy_name>[A-Z]\w+)'s access"))
def renewal(people: People, proxy: ProxyGrant, renewal: str) -> None:
    """Only the patient renews: signed in, on the sharing page (nothing happens for "has not renewed")."""
    if renewal == "has renewed":
        people.sign_in(proxy.patient)
        patient_changes_proxy(people, proxy, "renew")


@given(parsers.re(r"(?P<patient>[A-Z]\w+) has revoked (?P<proxy_name>[A-Z]\w+)'s access on her sharing page"))
def revoked_on_sharing_page(people: People, proxy: ProxyGrant) -> None:
    """The patient, signed in in her own browser, revokes the adult proxy on the sharing page."""
    people.sign_in(proxy.patient)
    patient_changes_proxy(people, proxy, "revoke")


@given(
    parsers.re(r"(?P<proxy_name>[A-Z]\w+) is signed in and viewing (?P<patient>[A-Z]\w+)'s record"),
    target_fixture="signed_in_page",
)
def viewing_record(people: People, proxy: ProxyGrant) -> Page:
    """The proxy signed in and switched to the patient's record (over HTTP); it is on screen."""
    page = people.sign_in(proxy.proxy)
    post_form(page, "/proxy/switch", {"subject": str(proxy.patient.patient_id)}, form_page="/home")
    HomePage(page).open()
    return page


@given(
    parsers.re(
        r"(?P<proxy_name>[A-Z]\w+) is signed in and viewing (?P<patient>[A-Z]\w+)'s record, "
        rf"which {SUBJECT} shared with (?:him|her|them)"
    ),
    target_fixture="proxy",
)
def viewing_shared_record(people: People, patient: str, proxy_name: str) -> ProxyGrant:
    """The patient shared her record with the proxy (adult proxy); the proxy signed in and switched to it."""
    shared = shared_for_longest(people, patient, proxy_name)
    viewing_record(people, shared)
    return shared


@given(
    parsers.re(
        r'the front desk at "(?P<clinic>[^"]+)" has given (?P<parent>[A-Z]\w+) a proxy code for (?P<child>[A-Z]\w+)'
    ),
    target_fixture="proxy_code",
)
def front_desk_gives_proxy_code(people: People, clinic: str, child: str) -> IssuedProxyCode:
    """The child is registered at the clinic; staff print a parent's proxy code for the child's record."""
    patient = registered(people, child, clinic)
    return IssuedProxyCode(patient, issue_proxy_code(people, patient))


# --- When -------------------------------------------------------------------------------------
@when(parsers.re(r"(?P<name>[A-Z]\w+) switches to (?P<other>[A-Z]\w+)'s record"), target_fixture="current_page")
def switches_record(people: People, name: str, other: str) -> HomePage:
    """With the "Whose record" switcher on the home page; if it does not offer the record, nothing changes."""
    home = HomePage(people.page_of(people[name])).open()
    RecordBar(home.page).switch_to_if_offered(people[other].full_name)
    return home


@when(parsers.re(rf"(?P<name>[A-Z]\w+) opens {POSSESSIVE} home page"), target_fixture="current_page")
def opens_home(people: People, name: str) -> HomePage:
    """The signed-in person opens the home page (where the record switcher is)."""
    return HomePage(people.page_of(people[name])).open()


@when(parsers.re(rf"(?P<name>[A-Z]\w+) opens {POSSESSIVE} test results page"), target_fixture="current_page")
def opens_results(people: People, name: str) -> BasePage:
    """From the main navigation, mid-session."""
    page = people.page_of(people[name])
    MainNavigation(page).follow("Test results")
    return BasePage(page)


@when(
    parsers.re(
        rf"(?P<teen>[A-Z]\w+) (?P<change>grants|revokes) full access for (?P<parent>[A-Z]\w+) on {POSSESSIVE} "
        r"sharing page"
    ),
    target_fixture="current_page",
)
def changes_full_access(people: People, teen: str, change: str, parent: str) -> SharingPage:
    """The adolescent, signed in, uses the button on the parent's row of the sharing page."""
    sharing = SharingPage(people.page_of(people[teen])).open()
    name = people[parent].full_name
    return sharing.grant_full_access(name) if change == "grants" else sharing.revoke_full_access(name)


@when(
    parsers.re(rf"(?P<parent>[A-Z]\w+) enters (?P<child>[A-Z]\w+)'s proxy code and {POSSESSIVE} date of birth"),
    target_fixture="current_page",
)
def enters_proxy_code(people: People, proxy_code: IssuedProxyCode, parent: str) -> HomePage:
    """The signed-in parent opens "Activate proxy access" and enters the code and the child's date of birth."""
    activation = ProxyActivationPage(people.page_of(people[parent])).open()
    return activation.add_record(proxy_code.code, proxy_code.patient.date_of_birth)


# --- Then -------------------------------------------------------------------------------------
@then(
    parsers.re(
        rf"(?P<name>[A-Z]\w+) sees {SUBJECT} is viewing (?P<other>[A-Z]\w+)'s record "
        r"with (?P<level>full|limited) access"
    )
)
def sees_viewing_banner(current_page: BasePage, people: People, other: str, level: str) -> None:
    """The banner names whose record is on screen and the access level the viewer has in it."""
    bar = RecordBar(current_page.page)
    expect(bar.banner_for(people[other].first_name)).to_be_visible()
    expect(bar.banner_for(people[other].first_name)).to_contain_text(RecordBar.ACCESS_LEVELS[level])


@then(parsers.re(r"(?P<name>[A-Z]\w+) (?P<can>can|can no longer) choose (?P<other>[A-Z]\w+)'s record"))
def can_choose_record(current_page: BasePage, people: People, can: str, other: str) -> None:
    """The "Whose record" switcher offers the record, or no longer does (and no banner names them)."""
    bar = RecordBar(current_page.page)
    expect(HomePage(current_page.page).heading).to_be_visible()
    expect(bar.choice(people[other].full_name)).to_have_count(1 if can == "can" else 0)
    if can != "can":
        expect(bar.banner_for(people[other].first_name)).to_have_count(0)


@then(parsers.re(r"(?P<teen>[A-Z]\w+)'s sharing page shows (?P<parent>[A-Z]\w+) with (?P<level>full|limited) access"))
def sharing_page_shows(current_page: BasePage, people: People, parent: str, level: str) -> None:
    """The parent's row on the adolescent's sharing page says which access they have now."""
    sharing = SharingPage(current_page.page)
    expect(sharing.access_of(people[parent].full_name)).to_have_text(SharingPage.ACCESS_LEVELS[level])


@then(parsers.re(rf"(?P<name>[A-Z]\w+) is told {SUBJECT} no longer has access to (?P<other>[A-Z]\w+)'s record"))
def told_access_ended(current_page: BasePage, people: People, other: str) -> None:
    """The next page refuses the record, names nobody, and no banner says it is still on screen."""
    ended = ProxyAccessEndedPage(current_page.page)
    expect(ended.heading).to_be_visible()
    expect(RecordBar(current_page.page).banner_for(people[other].first_name)).to_have_count(0)
    expect(current_page.page.get_by_role("main")).not_to_contain_text(people[other].last_name)


@then(
    parsers.re(
        rf"(?P<name>[A-Z]\w+) has received (?P<count>no|one) notice that {POSSESSIVE} proxy access has changed, "
        r"naming no one"
    )
)
def access_changed_notice(people: People, proxy: ProxyGrant, count: str) -> None:
    """The proxy's mailbox: the access-ended notice arrives once, and says nothing about the patient."""
    notices = access_changed_notices(people, proxy.proxy)
    assert len(notices) == (1 if count == "one" else 0), f"{len(notices)} access-changed notice(s) arrived"
    for notice in notices:
        text = f"{notice.get('subject', '')} {notice.get('body', '')}"
        leaked = [fact for fact in phi_of(proxy.patient) if fact in text]
        assert not leaked, f"The notice names the patient: {leaked}"


@then(
    parsers.re(
        r"(?P<staff>[A-Z]\w+) opens the message and sees it was sent by (?P<proxy_name>[A-Z]\w+) "
        r"for (?P<patient>[A-Z]\w+)"
    )
)
def staff_sees_sent_for(people: People, outbox: Outbox, proxy: ProxyGrant, staff: str) -> None:
    """The staff console's conversation (opened from its address) says who wrote it, and for whom."""
    sent = outbox.latest(proxy.proxy.name)
    page = people.page_of(people.staff(staff))
    conversation = StaffConversationPage(page, sent.subject)
    page.goto(f"/staff/messages/{sent.conversation_id}")
    conversation.ready()
    expect(SentOnBehalf(page).note(proxy.proxy.full_name, proxy.patient.full_name)).to_be_visible()


@then(
    parsers.re(
        r"(?P<staff>[A-Z]\w+)'s audit log names (?P<proxy_name>[A-Z]\w+) as the sender for (?P<patient>[A-Z]\w+)"
    )
)
def audit_log_names_proxy(people: People, proxy: ProxyGrant, staff: str) -> None:
    """The staff audit log, filtered to the patient, has the message sent by the proxy (not the patient)."""
    log = AuditLogPage(people.page_of(people.staff(staff))).open().find_patient(proxy.patient.mrn)
    expect(log.entries_by(proxy.proxy.full_name, SentOnBehalf.AUDIT_ACTION)).not_to_have_count(0)
    expect(log.entries_by(proxy.patient.full_name, SentOnBehalf.AUDIT_ACTION)).to_have_count(0)


@then(
    parsers.re(rf"(?P<parent>[A-Z]\w+) is told {SUBJECT} can now view (?P<child>[A-Z]\w+)'s record, and can choose it")
)
def told_record_added(current_page: BasePage, people: People, child: str) -> None:
    """The home page confirms the new record, and the "Whose record" switcher offers it."""
    patient = people[child]
    added = ProxyActivationPage.RECORD_ADDED.format(name=patient.first_name)
    expect(current_page.status.box.filter(has_text=added)).to_be_visible()
    expect(RecordBar(current_page.page).choice(patient.full_name)).to_have_count(1)
