"""A11Y-05 and A11Y-06: a tour of every screen of the staff console and the patient portal, each scanned by axe.

Given steps put something on the screens through the admin API (a message in a pool, a partner
organisation with an MOU, a clinical note, ...); the When opens one screen through its page object;
the Then scans it with the WCAG 2.1 A/AA rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from playwright.sync_api import Page
from pytest_bdd import given, parsers, then, when

from data.accessibility import AxeScan, give_something_to_show, scan
from data.clinical_items import add_visit_note
from data.messaging import MessagingSetup, new_message, send_over_http
from data.partners import PartnerOrganisation, Partners
from data.people import People, Person
from data.proxies import issue_proxy_code, registered
from pages.activity_log_page import ActivityLogPage
from pages.audit_log_page import AuditLogPage
from pages.base_page import BasePage
from pages.clinical_notes_page import ClinicalNotesPage
from pages.find_clinic_page import FindClinicPage
from pages.health_summary_page import HealthSummaryPage
from pages.messaging_not_available_page import MessagingNotAvailablePage
from pages.my_messages_page import MyMessagesPage
from pages.password_reset_page import ForgotPasswordPage
from pages.possible_duplicates_page import PossibleDuplicatesPage
from pages.profile_page import ProfilePage
from pages.proxy_activation_page import ProxyActivationPage
from pages.results_preferences_page import ResultsPreferencesPage
from pages.send_record_page import SendRecordPage
from pages.sharing_page import SharingPage
from pages.staff_admin_pages import ClinicSettingsPage
from pages.staff_components import StaffNavigation
from pages.staff_demographics_page import StaffDemographicsPage
from pages.staff_not_found_page import StaffNotFoundPage
from pages.staff_partner_pages import OrganizationPage, PartnerOrganizationsPage
from pages.staff_pools_page import StaffConsolePage
from pages.staff_reports_index_page import ReportsIndexPage
from pages.staff_sign_in_page import StaffSignInPage
from pages.support_page import AccountSupportPage

TOURED_TOPIC = "Medical question"


@dataclass
class ConsoleContent:
    """What the Given put on the staff console's screens, for the When to find its way to them."""

    patient: Person
    pool_name: str
    subject: str
    organisation: PartnerOrganisation


@dataclass
class PatientScreenContent:
    """The browser to open the screen in, and what the Given put there (a clinic, a note title, a proxy code)."""

    page: Page
    details: dict[str, str] = field(default_factory=dict)


# --- the staff console ------------------------------------------------------------------------------
def _console(page: Page) -> StaffConsolePage:
    return StaffConsolePage(page).open()


def _through_navigation(link: str, screen: type[BasePage]) -> Callable[[Page, ConsoleContent], BasePage]:
    def opened(page: Page, content: ConsoleContent) -> BasePage:
        _console(page)
        StaffNavigation(page).go_to(link)
        return screen(page).ready()

    return opened


def _clinic_settings(page: Page) -> ClinicSettingsPage:
    _console(page)
    StaffNavigation(page).go_to("Clinic settings")
    return ClinicSettingsPage(page).ready()


def _organisation(page: Page, content: ConsoleContent) -> OrganizationPage:
    _console(page)
    StaffNavigation(page).go_to("Partner organizations")
    return PartnerOrganizationsPage(page).ready().open_organization(content.organisation.name)


def _mou(page: Page, content: ConsoleContent) -> BasePage:
    organisation = content.organisation
    starts, ends = str(organisation.starts_on), str(organisation.ends_on)
    return _organisation(page, content).open_mou(starts, ends)


def _report(link: str) -> Callable[[Page, ConsoleContent], BasePage]:
    def opened(page: Page, content: ConsoleContent) -> BasePage:
        _console(page)
        StaffNavigation(page).go_to("Reports")
        return ReportsIndexPage(page).ready().open_report(link)

    return opened


def _support_account(page: Page, content: ConsoleContent) -> BasePage:
    patient = content.patient
    _console(page)
    StaffNavigation(page).go_to("Account support")
    return AccountSupportPage(page).ready().look_up(patient.mrn, f"{patient.first_name} {patient.last_name}")


STAFF_SCREENS: dict[str, Callable[[Page, ConsoleContent], BasePage]] = {
    "console": lambda page, content: _console(page),
    "my messages": _through_navigation("My messages", MyMessagesPage),
    "pool": lambda page, content: _console(page).open_pool(content.pool_name),
    "conversation": lambda page, content: (
        _console(page).open_pool(content.pool_name).open_conversation(content.subject)
    ),
    "clinic settings": lambda page, content: _clinic_settings(page),
    "message routing": lambda page, content: _clinic_settings(page).open_routing(),
    "canned responses": lambda page, content: _clinic_settings(page).open_canned_responses(),
    "opening hours": lambda page, content: _clinic_settings(page).open_hours(),
    "partner organizations": _through_navigation("Partner organizations", PartnerOrganizationsPage),
    "partner organization": _organisation,
    "MOU": _mou,
    "reports": _through_navigation("Reports", ReportsIndexPage),
    "weekly registrations report": _report("Weekly registrations"),
    "portal use report": _report("Portal use"),
    "replies report": _report("Canned responses and auto-replies"),
    "timely access report": _report("Timely access and view, download, transmit"),
    "audit log": _through_navigation("Audit log", AuditLogPage),
    "account support": _through_navigation("Account support", AccountSupportPage),
    "support account": _support_account,
    "demographics changes": _through_navigation("Demographics changes", StaffDemographicsPage),
    "possible duplicates": _through_navigation("Possible duplicates", PossibleDuplicatesPage),
    "not found": lambda page, content: StaffNotFoundPage(page).open(),
}


@given(
    parsers.re(
        r'the staff console of "(?P<clinic>[^"]+)" shows a message from (?P<name>[A-Z]\w+) '
        r'in its "(?P<pool>[^"]+)" pool and a partner organisation with an MOU'
    ),
    target_fixture="console_content",
)
def console_with_content(people: People, clinic: str, name: str, pool: str) -> ConsoleContent:
    """The clinic routes medical questions to the pool, the patient sent one (over HTTP), the pool has a
    canned response, and a home-health organisation has an MOU with the patient attributed under it."""
    setup = MessagingSetup(people)
    setup.route(clinic, TOURED_TOPIC, pool)
    setup.canned_response(clinic, pool, "Thanks", people.fake.sentence(nb_words=10))
    patient = people[name]
    message = send_over_http(people, patient, new_message(people, patient, TOURED_TOPIC))
    partners = Partners(people)
    organisation = partners.with_agreement(f"{people.fake.company()} Home Health", clinic, ["test results"])
    partners.attribute(organisation, patient)
    return ConsoleContent(patient, pool, message.subject, organisation)


@when(
    parsers.re(r"(?P<name>[A-Z]\w+) opens the (?P<screen>.+) screen of the staff console"),
    target_fixture="current_page",
)
def opens_staff_screen(people: People, console_content: ConsoleContent, name: str, screen: str) -> BasePage:
    """Through the console's own links where a person would follow them; the sign-in screen in a fresh browser."""
    if screen == "sign-in":
        return StaffSignInPage(people.scenario.new_page()).open()
    return STAFF_SCREENS[screen](people.page_of(people.staff(name)), console_content)


# --- the patient portal -----------------------------------------------------------------------------
def _signed_in_with_record(people: People, patient: Person) -> PatientScreenContent:
    give_something_to_show(people, patient, "Sam")
    return PatientScreenContent(people.page_of(patient))


def _clinic_to_find(people: People, patient: Person) -> PatientScreenContent:
    clinic = patient.clinic
    assert clinic is not None, f"{patient.name} is registered at no clinic"
    code = MessagingSetup(people).clinic_code(clinic)
    return PatientScreenContent(people.scenario.new_page(), {"clinic": clinic.name, "code": code})


def _proxy_code(people: People, patient: Person) -> PatientScreenContent:
    clinic = patient.clinic
    assert clinic is not None, f"{patient.name} is registered at no clinic"
    child = registered(people, "Sam", clinic.name)
    details = {"code": issue_proxy_code(people, child), "date_of_birth": child.date_of_birth.isoformat()}
    return PatientScreenContent(people.scenario.new_page(), details)


def _proxy_without_record(people: People, patient: Person) -> PatientScreenContent:
    """A proxy-only account (no record of its own) whose only access was revoked: no record to message about."""
    clinic = patient.clinic
    assert clinic is not None, f"{patient.name} is registered at no clinic"
    child = registered(people, "Sam", clinic.name)
    proxy = people["Carlos"]
    api = people.scenario.api
    enrolled = api.request(
        "POST",
        "/api/admin/proxy-enrollments",
        {
            "code": issue_proxy_code(people, child),
            "date_of_birth": child.date_of_birth.isoformat(),
            "first_name": proxy.first_name,
            "last_name": proxy.last_name,
            "username": proxy.username,
            "email": proxy.email,
            "password": proxy.password,
        },
    )
    api.request("POST", f"/api/admin/proxies/{enrolled['proxy']['id']}/revoke", {})
    return PatientScreenContent(people.sign_in(proxy))


def _note(people: People, patient: Person) -> PatientScreenContent:
    content = _signed_in_with_record(people, patient)
    content.details["note"] = add_visit_note(people, patient).telltales[0]
    return content


PATIENT_CONTENT: dict[str, Callable[[People, Person], PatientScreenContent]] = {
    "find a clinic": _clinic_to_find,
    "clinic contact": _clinic_to_find,
    "proxy account": _proxy_code,
    "messaging not available": _proxy_without_record,
    "clinical note": _note,
    "password reset request": lambda people, patient: PatientScreenContent(people.scenario.new_page()),
}

PATIENT_SCREENS: dict[str, Callable[[PatientScreenContent], BasePage]] = {
    # The directory is shared by every scenario (many clinics share a name): search by the site code.
    "find a clinic": lambda content: FindClinicPage(content.page).open().search(content.details["code"]),
    "clinic contact": lambda content: (
        FindClinicPage(content.page)
        .open()
        .search(content.details["code"])
        .open_clinic(content.details["clinic"], content.details["code"])
    ),
    "results preferences": lambda content: ResultsPreferencesPage(content.page).open(),
    "proxy account": lambda content: (
        ProxyActivationPage(content.page)
        .open()
        .continue_to_new_account(content.details["code"], _day(content.details["date_of_birth"]))
    ),
    "messaging not available": lambda content: MessagingNotAvailablePage(content.page).open(),
    "profile": lambda content: ProfilePage(content.page).open(),
    "sharing": lambda content: SharingPage(content.page).open(),
    "health summary": lambda content: HealthSummaryPage(content.page).open(),
    "activity log": lambda content: ActivityLogPage(content.page).open(),
    "send record": lambda content: SendRecordPage(content.page).open(),
    "home reading": lambda content: HealthSummaryPage(content.page).open().add_reading(),
    "clinical note": lambda content: ClinicalNotesPage(content.page).open().open_note(content.details["note"]),
    "password reset request": lambda content: ForgotPasswordPage(content.page).open(),
}


def _day(iso: str) -> date:
    return date.fromisoformat(iso)


@given(
    parsers.re(r"the patient portal's (?P<screen>.+) screen has something on it for (?P<name>[A-Z]\w+)"),
    target_fixture="patient_screen_content",
)
def patient_screen_with_content(people: People, screen: str, name: str) -> PatientScreenContent:
    """Signed-in screens: the patient signed in, with a result, a message, an appointment and a child's
    record; public screens: a fresh browser (with the patient's clinic to find, or a proxy code to enter)."""
    build = PATIENT_CONTENT.get(screen, _signed_in_with_record)
    return build(people, people[name])


@when(parsers.re(r"the (?P<screen>.+) screen of the patient portal is opened"), target_fixture="current_page")
def opens_patient_screen(patient_screen_content: PatientScreenContent, screen: str) -> BasePage:
    """Opened through its page object, from the screen a patient would come from where there is one."""
    return PATIENT_SCREENS[screen](patient_screen_content)


# --- the scan ---------------------------------------------------------------------------------------
@then("an automated scan of the screen finds no serious or critical WCAG 2.1 A/AA violation")
def screen_scan_clean(current_page: BasePage) -> None:
    """axe with the WCAG 2.1 A and AA rules on the screen as it is; all findings are attached to the report,
    only serious and critical ones fail the scenario."""
    result: AxeScan = scan(current_page.page, type(current_page).__name__)
    assert not result.blocking, f"{result.screen} ({result.url}): {result.summary()}"
