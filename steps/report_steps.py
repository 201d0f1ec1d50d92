"""Reports: weekly per-site enrollment, utilization, replies, timely access (RPT)."""

from __future__ import annotations

from datetime import date, time, timedelta

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from data.expectations import Expectations
from data.people import People
from data.reports import (
    at_clinic,
    clinic_code,
    code_events,
    file_result_now,
    grant_adult_proxy,
    hold_result,
    lift_hold,
    looks_at_record,
    monday_of,
    open_weekdays_with_pools,
    replay_code_history,
    replay_messages,
)
from pages.portal_use_page import PortalUsePage
from pages.reply_report_page import ReplyReportPage
from pages.timely_access_page import TimelyAccessPage
from pages.weekly_registrations_page import WeeklyRegistrationsPage

REPORT_MORNING = time(9, 0)  # reports are read the morning after the range they cover


# --- RPT-01: weekly registrations per site ---------------------------------------------------------
@given(
    parsers.parse('these activation codes were handled at "{site}" in the week of {week_start} and the week before:'),
    target_fixture="report_week",
)
def codes_handled_at_site(
    people: People, expected: Expectations, site: str, week_start: str, datatable: list[list[str]]
) -> date:
    """Replays the table on the scenario's clock: each patient is registered at their own clinic,
    then codes are issued at the site (10:00 site time), replaced, voided after the configured
    number of wrong answers, or redeemed on the days named ('Tuesday' is in the reported week,
    'the Tuesday before' in the week before). The clock then stops on the next Monday morning."""
    monday = monday_of(date.fromisoformat(week_start))
    header, *lines = datatable
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    events = code_events(rows, site, monday, people)
    people.scenario.api.freeze_clock(events[0].moment - timedelta(hours=1))
    for row in rows:
        people.register_patient(row["patient"], row["patient of"])
    replay_code_history(people, events, expected.enrollment.activation_code_wrong_answers)
    people.scenario.api.freeze_clock(at_clinic(people.clinic(site), monday + timedelta(days=7), REPORT_MORNING))
    return monday


@when(
    parsers.parse("{name} opens the weekly registrations report for the week of {week_start}"),
    target_fixture="current_page",
)
def opens_weekly_report(staff_page: Page, name: str, week_start: str) -> WeeklyRegistrationsPage:
    """A supervisor picks the week on the weekly registrations report."""
    return WeeklyRegistrationsPage(staff_page).open().show_week(date.fromisoformat(week_start))


@then(
    parsers.re(
        r'the weekly report\'s row for "(?P<site>[^"]+)" shows (?P<generated>\d+) codes generated, '
        r"(?P<redeemed>\d+) redeemed, (?P<expired>\d+) expired, a conversion rate of (?P<conversion>[\d.]+%|—) "
        r"and (?P<accounts>\d+) new accounts?"
    )
)
def weekly_row_shows(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    current_page: WeeklyRegistrationsPage,
    people: People,
    site: str,
    generated: str,
    redeemed: str,
    expired: str,
    conversion: str,
    accounts: str,
) -> None:
    """The site's row (found by its name and site code) shows exactly what the site did that week."""
    code = clinic_code(people.scenario.api, people.clinic(site))
    report = current_page
    for column, value in (
        (report.GENERATED, generated),
        (report.REDEEMED, redeemed),
        (report.EXPIRED, expired),
        (report.CONVERSION, conversion),
        (report.NEW_ACCOUNTS, accounts),
    ):
        expect(report.site_figure(site, code, column), f"{column} for {site}").to_have_text(value)


# --- RPT-02 / RPT-03: portal use, canned responses and auto-replies --------------------------------
@given(parsers.parse('{proxy} has been {patient}\'s adult proxy at "{clinic}" since before the week of {week_start}'))
def adult_proxy_since(people: People, proxy: str, patient: str, clinic: str, week_start: str) -> None:
    """On the Friday before the week (clinic clock, held), both get accounts and the patient names the proxy."""
    monday = monday_of(date.fromisoformat(week_start))
    people.scenario.api.freeze_clock(at_clinic(people.clinic(clinic), monday - timedelta(days=3)))
    grant_adult_proxy(people, proxy, patient, clinic)


@given(
    parsers.parse('these messages reached "{clinic}", open 08:00 to 17:00 on weekdays, in the week of {week_start}:'),
    target_fixture="report_week",
)
def messages_reached_clinic(people: People, clinic: str, week_start: str, datatable: list[list[str]]) -> date:
    """The clinic's "Nurses" pool takes every topic but billing questions, which go to "Billing"; Nora, a
    nurse, answers in both. Each patient signs in and sends at the time given (a message outside the
    hours gets the after-hours auto-reply at once); Nora answers at the time given, with the Nurses'
    canned response where the table says so. The clock then stops on the next Monday morning."""
    monday = monday_of(date.fromisoformat(week_start))
    header, *lines = datatable
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    people.scenario.api.freeze_clock(at_clinic(people.clinic(clinic), monday - timedelta(days=3)))
    setup = open_weekdays_with_pools(people, clinic)
    replay_messages(people, setup, rows, monday)
    people.scenario.api.freeze_clock(at_clinic(setup.clinic, monday + timedelta(days=7), REPORT_MORNING))
    return monday


@when(
    parsers.re(r"(?P<name>[A-Z]\w+) opens the portal use report from (?P<first>[\d-]+) to (?P<last>[\d-]+)"),
    target_fixture="current_page",
)
def opens_portal_use(staff_page: Page, name: str, first: str, last: str) -> PortalUsePage:
    """A supervisor picks the days (the clinic's calendar) on the portal use report."""
    return PortalUsePage(staff_page).open().show_range(date.fromisoformat(first), date.fromisoformat(last))


@when(
    parsers.re(
        r"(?P<name>[A-Z]\w+) opens the canned responses and auto-replies report "
        r"from (?P<first>[\d-]+) to (?P<last>[\d-]+)"
    ),
    target_fixture="current_page",
)
def opens_replies_report(staff_page: Page, name: str, first: str, last: str) -> ReplyReportPage:
    """A supervisor picks the days (the clinic's calendar) on the canned responses and auto-replies report."""
    return ReplyReportPage(staff_page).open().show_range(date.fromisoformat(first), date.fromisoformat(last))


@then(
    parsers.re(
        r"the portal use report shows (?P<users>\d+) active users?, a median first response of (?P<median>[\d.]+) min, "
        r"a 90th percentile of (?P<p90>[\d.]+) min and (?P<share>[\d.]+%) answered after the response target"
    )
)
def portal_use_figures(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    current_page: PortalUsePage, expected: Expectations, users: str, median: str, p90: str, share: str
) -> None:
    """Automatic replies are not responses: only a staff member's reply ends the wait."""
    report = current_page
    hours = expected.messaging.response_hours
    expect(report.figure(report.ACTIVE_USERS)).to_have_text(users)
    expect(report.figure(report.MEDIAN)).to_have_text(median + report.MINUTES_SUFFIX)
    expect(report.figure(report.P90)).to_have_text(p90 + report.MINUTES_SUFFIX)
    expect(report.figure(report.AFTER_TARGET.format(hours=hours))).to_have_text(share)


@then(
    parsers.re(
        r'the portal use report counts (?P<nurses>\d+) messages? in "Nurses", (?P<billing>\d+) in "Billing" '
        r"and (?P<proxies>\d+) adult prox(?:y|ies)"
    )
)
def portal_use_volumes(current_page: PortalUsePage, nurses: str, billing: str, proxies: str) -> None:
    """Patient messages by the pool that received them; proxies in force at the end of the range, by type."""
    report = current_page
    expect(report.pools.cell("Nurses", "Messages")).to_have_text(nurses)
    expect(report.pools.cell("Billing", "Messages")).to_have_text(billing)
    expect(report.proxies.cell("Adult proxy", "Proxies")).to_have_text(proxies)


@then("the portal use CSV export matches the page row for row")
def portal_use_csv_matches(current_page: PortalUsePage, expected: Expectations) -> None:
    """Every figure, pool and proxy type on the page is a row of the downloaded CSV, with the same
    value, and the CSV has no pool or proxy row the page does not show."""
    report = current_page
    hours = expected.messaging.response_hours
    download = report.download_csv()
    shown: list[list[str]] = []
    for name, csv_name in report.CSV_MEASURES.items():
        label = name.format(hours=hours)
        value = report.figure(label).inner_text().strip().removesuffix(report.MINUTES_SUFFIX)
        shown.append([csv_name, "", value])
    shown += [[report.CSV_POOL_MEASURE, *row] for row in report.pools.texts()]
    shown += [[report.CSV_PROXY_MEASURE, *row] for row in report.proxies.texts()]
    exported = [
        [measure, group.replace("-", " ").capitalize() if measure == report.CSV_PROXY_MEASURE else group, value]
        for measure, group, value in download.rows[1:]
    ]
    grouped = [row for row in exported if row[0] in (report.CSV_POOL_MEASURE, report.CSV_PROXY_MEASURE)]
    missing = [row for row in shown if row not in exported]
    assert not missing, f"{download.filename} lacks rows the page shows: {missing}"
    assert len(grouped) == len(report.pools.texts()) + len(report.proxies.texts()), (
        f"{download.filename} has pool and proxy rows {grouped}, the page {shown}"
    )


@then(
    parsers.re(
        r'the replies report shows, for "(?P<pool>[^"]+)", (?P<canned>\d+) canned responses? used and '
        r"(?P<after_hours>\d+) after-hours auto-repl(?:y|ies)"
    )
)
def replies_for_pool(current_page: ReplyReportPage, pool: str, canned: str, after_hours: str) -> None:
    """Canned responses used by the pool's staff, and automatic replies sent in the pool's conversations."""
    expect(current_page.count(pool, "Canned responses used")).to_have_text(canned)
    expect(current_page.count(pool, "After-hours auto-replies")).to_have_text(after_hours)


@then("the replies CSV export matches the page row for row")
def replies_csv_matches(current_page: ReplyReportPage) -> None:
    """The downloaded CSV has one row per pool of the page, in the same order, with the same counts."""
    download = current_page.download_csv()
    shown = current_page.pools.texts()
    assert download.rows[1:] == shown, f"{download.filename} has {download.rows[1:]}, the page shows {shown}"


# --- RPT-04: timely access and view, download, transmit ----------------------------------------------
@given(
    parsers.re(r'results were reported at "(?P<clinic>[^"]+)" on \w+ (?P<day>[\d-]+) at 10:00 and became visible:'),
    target_fixture="report_week",
)
def results_reported_and_visible(people: People, clinic: str, day: str, datatable: list[list[str]]) -> date:
    """Each patient (with a portal account) gets a result reported at 10:00 on the clinic's clock. "at once":
    visible immediately; a date: held for review until 10:00 that day. A patient marked as having looked
    at their record opened their health summary at 11:00 that first day. The clock then stops a week
    after the last release."""
    reported = date.fromisoformat(day)
    site = people.clinic(clinic)
    api = people.scenario.api
    header, *lines = datatable
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    api.freeze_clock(at_clinic(site, reported))
    releases: list[tuple[date, str]] = []
    for row in rows:
        person = people.enrolled_patient(row["patient"], clinic)
        result_id = file_result_now(people, person)
        if row["visible"].strip() != "at once":
            hold_result(people, result_id)
            releases.append((date.fromisoformat(row["visible"].split()[-1]), result_id))
    api.freeze_clock(at_clinic(site, reported, time(11, 0)))
    for row in rows:
        if row["looked at their record"].strip() == "yes":
            looks_at_record(people, people[row["patient"]])
    for release_day, result_id in sorted(releases):
        api.freeze_clock(at_clinic(site, release_day))
        lift_hold(people, result_id)
    last = max([reported, *(release_day for release_day, _ in releases)])
    api.freeze_clock(at_clinic(site, last + timedelta(days=7), REPORT_MORNING))
    return reported


@when(
    parsers.re(r"(?P<name>[A-Z]\w+) opens the timely access report from (?P<first>[\d-]+) to (?P<last>[\d-]+)"),
    target_fixture="current_page",
)
def opens_timely_access(staff_page: Page, name: str, first: str, last: str) -> TimelyAccessPage:
    """A supervisor picks the days (the clinic's calendar) on the timely access report."""
    return TimelyAccessPage(staff_page).open().show_range(date.fromisoformat(first), date.fromisoformat(last))


@then(
    parsers.re(
        r"the timely access report shows (?P<timely>\d+) of (?P<with_results>\d+) patients "
        r"\((?P<timely_share>[\d.]+%)\) given timely access "
        r"and (?P<vdt>\d+) of (?P<with_account>\d+) \((?P<vdt_share>[\d.]+%)\) "
        r"who viewed, downloaded or sent their record"
    )
)
def timely_access_shares(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    current_page: TimelyAccessPage,
    timely: str,
    with_results: str,
    timely_share: str,
    vdt: str,
    with_account: str,
    vdt_share: str,
) -> None:
    """Both Meaningful-Use style shares, with their counts."""
    report = current_page
    for measure, values in (
        (report.TIMELY, (timely, with_results, timely_share)),
        (report.VDT, (vdt, with_account, vdt_share)),
    ):
        for column, value in zip((report.PATIENTS, report.OF, report.SHARE), values, strict=True):
            expect(report.share(measure, column), f"{measure}: {column}").to_have_text(value)
