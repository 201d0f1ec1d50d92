"""The support console: account status, resending codes, unlocking, and the audit of it all (SUP)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from data.accounts import ACCOUNT_STATES, put_account_in_state
from data.clinical_items import RecordContents
from data.expectations import Expectations
from data.people import People, Person
from pages.audit_log_page import AuditLogPage
from pages.support_page import SUPPORT_AUDIT_ACTIONS, AccountSupportPage, SupportAccountPage

_STATES = "|".join(ACCOUNT_STATES)
_HELP: dict[str, Callable[[SupportAccountPage], SupportAccountPage]] = {
    "looks up": lambda account: account,
    "resends an activation code to": SupportAccountPage.resend_activation_code,
    "unlocks the account of": SupportAccountPage.unlock_account,
}
_AUDITED = "|".join(SUPPORT_AUDIT_ACTIONS)


@given(parsers.re(rf"(?P<name>[A-Z]\w+)'s portal account (?P<state>{_STATES})$"), target_fixture="patient")
def account_in_state(people: People, expected: Expectations, name: str, state: str) -> Person:
    """A registered patient's account brought into a state support must recognise (codes, lockout via HTTP, clock)."""
    person = people[name]
    put_account_in_state(people, person, state, expected)
    return person


@when(
    parsers.re(rf"(?P<staff>[A-Z]\w+) (?P<action>{'|'.join(_HELP)}) (?P<name>[A-Z]\w+) in account support"),
    target_fixture="support_view",
)
def helps_in_account_support(people: People, staff: str, action: str, name: str) -> SupportAccountPage:
    """The staff member finds the patient by MRN in account support and, if asked, resends a code or unlocks."""
    person = people[name]
    account = AccountSupportPage(people.page_of(people.staff(staff))).open().look_up(person.mrn, person.full_name)
    return _HELP[action](account)


@then(
    parsers.re(
        r"account support shows (?P<name>[A-Z]\w+)'s account as \"(?P<status>[a-z ]+)\" "
        r"and nothing from (?:her|his|their) record"
    )
)
def support_shows_status(support_view: SupportAccountPage, record: RecordContents, name: str, status: str) -> None:
    """The status support sees (never activated, code expired, locked, active), and not one clinical word."""
    expect(support_view.account_status).to_have_text(support_view.status_label(status))
    for telltale in record.telltales:
        expect(support_view.content).not_to_contain_text(telltale)


@then(
    parsers.re(
        rf"(?P<supervisor>[A-Z]\w+) sees in the audit log that (?P<staff>[A-Z]\w+) (?P<action>{_AUDITED}) "
        rf"(?P<name>[A-Z]\w+)'s account"
    )
)
def audit_names_staff(people: People, supervisor: str, staff: str, action: str, name: str) -> None:
    """A supervisor opens the audit log for the patient: the support action is there under the staff member's name."""
    log = AuditLogPage(_staff_console_of(people, supervisor)).open().find_patient(people[name].mrn)
    expect(log.entry((people.staff(staff).full_name,), SUPPORT_AUDIT_ACTIONS[action])).to_be_visible()


@then(
    parsers.re(
        r"(?P<staff>[A-Z]\w+) finds (?P<name>[A-Z]\w+)'s account "
        r"(?P<status>never activated|code expired|locked|active) in account support"
    )
)
def finds_status_in_support(people: People, staff: str, name: str, status: str) -> None:
    """What a patient's lockout (or not) looks like to the support staff member who looks them up."""
    person = people[name]
    page = people.page_of(people.staff(staff))
    account = AccountSupportPage(page).open().look_up(person.mrn, person.full_name)
    expect(account.account_status).to_have_text(account.status_label(status))


def _staff_console_of(people: People, name: str) -> Page:
    """The staff member's signed-in console (signed in over HTTP the first time it is needed)."""
    return people.sign_in_staff(people.staff(name))
