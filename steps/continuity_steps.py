"""Upgrade continuity: data made before an upgrade, checked after it (UPG).

The Given steps make the data in the half before the upgrade, or take the baseline's record in
the half after it (data/continuity.py); the last Then step of each scenario records the before
half's data once everything read back as expected.
"""

from __future__ import annotations

import hashlib
from datetime import date

from playwright.sync_api import expect
from pytest_bdd import given, then

from data.continuity import Continuity, open_continuity
from data.expectations import Expectations
from data.messaging import MessagingSetup, SentMessage
from data.partners import Partners
from data.people import People
from data.upgrade_data import (
    carry_accounts_and_proxy,
    carry_clinic_settings,
    carry_messages_and_result,
)
from pages.clinic_contact_page import ClinicContactPage
from pages.downloads import download_bytes
from pages.home_page import HomePage
from pages.messages_page import MessagesPage
from pages.partner_pages import PartnerSignInPage
from pages.proxy_components import RecordBar
from pages.sharing_page import SharingPage
from pages.staff_pools_page import StaffConsolePage
from pages.test_results_page import TestResultsPage


# --- UPG-01 -------------------------------------------------------------------------------------
@given(
    "Maria's account and Carlos's adult-proxy access to her record are carried across the upgrade",
    target_fixture="continuity",
)
def accounts_carried(people: People, expected: Expectations) -> Continuity:
    """Before: Maria enrolls and gives Carlos adult-proxy access ending after the configured months.
    After: Maria and Carlos are the baseline's, rebuilt from its seed."""
    return carry_accounts_and_proxy(open_continuity(people), int(expected.proxy.adult_proxy_months))


@then("Maria's sharing page shows Carlos with the access level and end date carried across the upgrade")
def sharing_page_unchanged(people: People, continuity: Continuity) -> None:
    """The sharing table still shows Carlos's access level and the last day of his access."""
    sharing = SharingPage(people.page_of(people["Maria"])).open()
    carlos = continuity.data["carlos"]
    expect(sharing.access_of(carlos["name"])).to_have_text(SharingPage.ACCESS_LEVELS[carlos["access"]])
    expect(sharing.until_of(carlos["name"])).to_have_text(
        SharingPage.day_in_words(date.fromisoformat(carlos["last_day"]))
    )


@then("Carlos can still act for Maria with the password he chose")
def proxy_still_acts(people: People, continuity: Continuity) -> None:
    """Carlos signs in with his own password and opens Maria's record from the switcher."""
    page = people.sign_in(people["Carlos"])
    HomePage(page).open()
    maria = people["Maria"]
    bar = RecordBar(page)
    bar.switch_to(f"{maria.first_name} {maria.last_name}")
    expect(bar.banner_for(maria.first_name)).to_be_visible()
    continuity.commit()


# --- UPG-02 -------------------------------------------------------------------------------------
@given("Lucia's messages, attachment and lab result are carried across the upgrade", target_fixture="continuity")
def messages_carried(people: People, expected: Expectations) -> Continuity:
    """Before: Lucia sends a 2,000-character Spanish message and one with an attachment at the size
    limit, and the lab sends her a result. After: the baseline's Lucia and what she had."""
    return carry_messages_and_result(open_continuity(people), int(expected.messaging.attachment_max_mb))


@then("Lucia's messages are all there with the same words, to the last character")
def messages_unchanged(people: People, continuity: Continuity) -> None:
    """The inbox lists as many conversations as before; each one shows its text exactly."""
    inbox = MessagesPage(people.page_of(people["Lucia"])).open()
    sent = continuity.data["messages"]
    expect(inbox.inbox).to_have_count(len(sent))
    for message in sent:
        conversation = MessagesPage(inbox.page).open().open_conversation(message["subject"])
        expect(conversation.messages_from(message["author"]).first).to_contain_text(message["body"])


@then("the attachment Lucia sent opens with the same content")
def attachment_unchanged(people: People, continuity: Continuity) -> None:
    """The attachment downloads from the conversation byte for byte as it was sent."""
    attachment = continuity.data["attachment"]
    conversation = MessagesPage(people.page_of(people["Lucia"])).open().open_conversation(attachment["subject"])
    download = conversation.download_attachment(attachment["filename"])
    content = download_bytes(download)
    assert len(content) == attachment["size"], f"the attachment has {len(content)} bytes, not {attachment['size']}"
    assert hashlib.sha256(content).hexdigest() == attachment["sha256"], "the attachment's content changed"


@then("Lucia's lab result shows the same values")
def result_unchanged(people: People, continuity: Continuity) -> None:
    """The results list shows the test with the value and units the lab sent."""
    result = continuity.data["result"]
    results = TestResultsPage(people.page_of(people["Lucia"])).open()
    expect(results.value_of(result["test"])).to_have_text(
        TestResultsPage.value_with_units(result["value"], result["units"])
    )
    continuity.commit()


# --- UPG-03 -------------------------------------------------------------------------------------
@given(
    "a clinic's routing rule, hours, canned response and partner agreement are carried across the upgrade",
    target_fixture="continuity",
)
def settings_carried(people: People, messaging_setup: MessagingSetup, partners: Partners) -> Continuity:
    """Before: a clinic routes billing questions to its own pool, keeps its own hours, has a canned
    response, and a home-health agency under an MOU sees Maria. After: the baseline's clinic."""
    carried = carry_clinic_settings(open_continuity(people), messaging_setup, partners)
    people.sign_in(people["Maria"])
    return carried


@then("the message lands in the pool the clinic's routing rule names")
def message_in_routed_pool(people: People, continuity: Continuity, message: SentMessage) -> None:
    """The clinic's supervisor finds the message in the pool the routing rule names."""
    settings = continuity.data["clinic_settings"]
    supervisor = people.staff_member("Paula", "supervisor", settings["clinic"]["name"])
    console = StaffConsolePage(people.sign_in_staff(supervisor)).open()
    pool = console.open_pool(settings["pool"])
    expect(pool.row_for(message.subject)).to_be_visible()


@then("the clinic's contact page shows the hours it was given")
def contact_page_hours(people: People, continuity: Continuity) -> None:
    """Every weekday shows the opening hours the clinic set before the upgrade."""
    settings = continuity.data["clinic_settings"]
    contact = ClinicContactPage(people.scenario.new_page(), settings["code"]).open()
    hours = ClinicContactPage.HOURS.format(opens=settings["opens"], closes=settings["closes"])
    for weekday in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        expect(contact.hours_on(weekday)).to_have_text(hours)


@then("the clinic's canned response is offered to its staff")
def canned_response_offered(people: People, continuity: Continuity, message: SentMessage) -> None:
    """Answering the message, the supervisor can pick the pool's canned response."""
    settings = continuity.data["clinic_settings"]
    pool = StaffConsolePage(people.page_of(people.staff("Paula"))).open().open_pool(settings["pool"])
    conversation = pool.open_conversation(message.subject)
    expect(conversation.canned_response(settings["canned_title"])).to_be_attached()


@then("the partner nurse still sees Maria among her facility's patients")
def partner_still_sees_patient(people: People, continuity: Continuity) -> None:
    """Ana signs in on the partner side and finds Maria among the agency's attributed patients."""
    ana, maria = people["Ana"], people["Maria"]
    patients = PartnerSignInPage(people.page_of(ana)).open().sign_in(ana.username, ana.password).ready()
    expect(patients.patient(f"{maria.first_name} {maria.last_name}")).to_be_visible()
    continuity.commit()
