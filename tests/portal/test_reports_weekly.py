"""RPT-01: the weekly per-site registration report reconciles exactly with the event log."""

from __future__ import annotations

from typing import Any

import pytest
from messaging_support import STAFF_PASSWORD, page_text, staff_browser
from reports_support import ReportsWorld, csv_rows, portal_of, table_rows

pytestmark = pytest.mark.portal

LA = "America/Los_Angeles"
BERLIN = "Europe/Berlin"
WEEK = "2026-02-09"  # Monday 9 to Sunday 15 February 2026, on each site's clock


def staff_member(portal: Any, clinic: dict[str, Any], role: str = "administrator") -> dict[str, Any]:
    body = {
        "clinic_id": clinic["id"],
        "first_name": "Ada",
        "last_name": "Reyes",
        "role": role,
        "username": f"{role}-{clinic['code'].lower()}",
        "password": STAFF_PASSWORD,
    }
    return {**portal.admin("POST", "/staff", body, status=201), "password": STAFF_PASSWORD}


@pytest.fixture
def known_mix(portal: Any) -> dict[str, Any]:
    """Codes at two sites in non-UTC zones: redeemed, expired, voided, resent, at the week's edges."""
    world = ReportsWorld(portal)
    world.at("2026-01-30 09:00", LA)
    west = world.clinic("Westside Clinic", LA)
    east = world.clinic("Eastside Clinic", BERLIN)
    # p7: issued 30 January, expires 6 February unused; resent on 10 February (after it expired).
    p7 = world.patient(west)
    world.issue(p7, west)
    world.at("2026-02-03 10:00", LA)
    p3 = world.patient(west)
    world.issue(p3, west)  # superseded on 9 February, before its lifetime ends on 10 February
    world.at("2026-02-04 12:00", LA)
    p2 = world.patient(west)
    world.issue(p2, west)  # expires 11 February 12:00 unused: expired in the week
    world.at("2026-02-08 23:30", BERLIN)
    p10 = world.patient(east)
    world.issue(p10, east)  # Sunday before the week on Berlin's clock; expires unused on Sunday 15 at 23:30
    world.at("2026-02-09 00:30", BERLIN)  # Sunday 8 February 23:30 UTC, but Monday in Berlin
    p9 = world.patient(east)
    p9_code = world.issue(p9, east)
    world.at("2026-02-09 08:00", LA)
    world.issue(p3, west)  # resend: the old code is voided, a new one generated
    world.at("2026-02-09 10:00", LA)
    p1 = world.patient(west)
    p1_code = world.issue(p1, west)
    world.at("2026-02-10 09:00", LA)
    world.redeem(p1, p1_code)
    world.issue(p7, west)  # resent after the first code expired
    p4 = world.patient(west)
    p4_code = world.issue(p4, west)
    world.answer_wrongly(p4_code, 5)  # voided: never counted as expired
    world.at("2026-02-11 09:00", LA)
    p8 = world.patient(east)  # a patient of the east clinic, given a code at the west clinic
    p8_code = world.issue(p8, west)
    world.at("2026-02-11 10:00", BERLIN)
    world.redeem(p9, p9_code)
    world.at("2026-02-12 09:00", LA)
    world.redeem(p8, p8_code)
    world.at("2026-02-15 23:59", LA)
    p5 = world.patient(west)
    world.issue(p5, west)  # the last minute of the week
    world.at("2026-02-16 00:00", LA)
    p6 = world.patient(west)
    world.issue(p6, west)  # the first minute of the next week
    world.at("2026-02-20 12:00", LA)
    return {"world": world, "west": west, "east": east}


def site(report: dict[str, Any], clinic: dict[str, Any]) -> dict[str, Any]:
    (row,) = [row for row in report["sites"] if row["site_id"] == clinic["id"]]
    return row


def test_every_number_of_the_week_at_both_sites(known_mix: dict[str, Any]) -> None:
    report = known_mix["world"].weekly(WEEK)
    west, east = site(report, known_mix["west"]), site(report, known_mix["east"])
    assert (west["codes_generated"], west["codes_redeemed"], west["codes_expired"]) == (6, 2, 1)
    assert (west["conversion_rate"], west["new_accounts"]) == (33.3, 2)
    assert (east["codes_generated"], east["codes_redeemed"], east["codes_expired"]) == (1, 1, 1)
    assert (east["conversion_rate"], east["new_accounts"]) == (100.0, 1)
    assert report["totals"] == {
        "codes_generated": 7,
        "codes_redeemed": 3,
        "codes_expired": 2,
        "new_accounts": 3,
        "conversion_rate": 42.9,
    }
    assert west["starts_at"] == "2026-02-09T08:00:00Z" and east["starts_at"] == "2026-02-08T23:00:00Z"


def test_the_report_reconciles_with_the_event_log(known_mix: dict[str, Any], app: Any) -> None:
    report = known_mix["world"].weekly(WEEK)
    conn = portal_of(app).database.connection()
    for clinic in (known_mix["west"], known_mix["east"]):
        row = site(report, clinic)
        events = {
            action: conn.execute(
                "SELECT COUNT(*) FROM audit_log l JOIN clinics c ON c.id = l.clinic_id WHERE c.public_id = ?"
                " AND l.action = ? AND l.occurred_at >= ? AND l.occurred_at < ?",
                (clinic["id"], action, row["starts_at"], row["ends_at"]),
            ).fetchone()[0]
            for action in ("activation-code-issued", "account-created")
        }
        assert row["codes_generated"] == events["activation-code-issued"]
        assert row["new_accounts"] == events["account-created"]


def test_the_previous_and_next_weeks_hold_the_edge_codes(known_mix: dict[str, Any]) -> None:
    world = known_mix["world"]
    before = world.weekly("2026-02-02")
    west_before, east_before = site(before, known_mix["west"]), site(before, known_mix["east"])
    # p7's first code expired 6 February, unused; it was voided by the resend only after that.
    assert (west_before["codes_generated"], west_before["codes_expired"]) == (2, 1)
    assert east_before["codes_generated"] == 1  # Sunday 23:30 in Berlin
    after = world.weekly("2026-02-16")
    west_after = site(after, known_mix["west"])
    assert west_after["codes_generated"] == 1  # Monday 00:00
    # p3's resent code expires 16 February 08:00, p1's redeemed, p4's voided: only p3 and p7 expire.
    assert west_after["codes_expired"] == 2


def test_any_day_picks_its_monday_and_a_named_site_is_listed_even_when_empty(known_mix: dict[str, Any]) -> None:
    world = known_mix["world"]
    assert world.weekly("2026-02-15")["week_start"] == WEEK
    empty = world.weekly("2025-06-02", clinic_id=known_mix["east"]["id"])
    assert [row["codes_generated"] for row in empty["sites"]] == [0]
    assert empty["sites"][0]["conversion_rate"] is None


def test_the_page_and_the_csv_show_the_api_numbers(known_mix: dict[str, Any], portal: Any) -> None:
    admin = staff_member(portal, known_mix["west"])
    browser = staff_browser(portal, admin, scope="reports")
    page = browser.client.get(f"/staff/reports/weekly?week={WEEK}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<h1>Weekly registrations</h1>" in text and "Week starting" in text and "Show report" in text
    rows = table_rows(text)
    west_code, east_code = known_mix["west"]["code"], known_mix["east"]["code"]
    assert ["Westside Clinic " + west_code, "6", "2", "1", "33.3%", "2"] in rows
    assert ["Eastside Clinic " + east_code, "1", "1", "1", "100.0%", "1"] in rows
    assert ["All sites", "7", "3", "2", "42.9%", "3"] in rows
    assert "Download CSV" in text
    exported = browser.client.get(f"/staff/reports/weekly.csv?week={WEEK}")
    assert exported.mimetype == "text/csv"
    lines = csv_rows(exported.get_data(as_text=True))
    assert lines[0][1:] == [
        "Site",
        "Site code",
        "Codes generated",
        "Codes redeemed",
        "Codes expired",
        "Conversion rate",
        "New accounts",
    ]
    assert [WEEK, "Westside Clinic", west_code, "6", "2", "1", "33.3%", "2"] in lines
    assert [WEEK, "Eastside Clinic", east_code, "1", "1", "1", "100.0%", "1"] in lines
    assert len(lines) == 3


def test_a_bad_week_is_an_accessible_error(known_mix: dict[str, Any], portal: Any) -> None:
    browser = staff_browser(portal, staff_member(portal, known_mix["west"]), scope="reports")
    text = page_text(browser.client.get("/staff/reports/weekly?week=not-a-date"))
    assert "There is a problem" in text and 'href="#week"' in text


def test_only_supervisors_and_administrators_open_reports(known_mix: dict[str, Any], portal: Any) -> None:
    nurse = staff_member(portal, known_mix["west"], role="nurse")
    browser = staff_browser(portal, nurse, scope="reports")
    assert browser.client.get("/staff/reports/weekly").status_code == 404
    supervisor = staff_member(portal, known_mix["west"], role="supervisor")
    assert staff_browser(portal, supervisor, scope="reports").client.get("/staff/reports/weekly").status_code == 200


@pytest.mark.parametrize(
    ("fault", "west_numbers", "east_numbers"),
    [
        (None, (6, 2, 1), (1, 1, 1)),
        # p3's superseded code and p4's voided code expire... only p3's lifetime ends in the week
        ("weekly-report-miscounts-expired-codes", (6, 2, 2), (1, 1, 1)),
        # p8 is a patient of the east clinic given a code at the west clinic
        ("weekly-report-counts-codes-at-patient-clinic", (5, 1, 1), (2, 2, 1)),
    ],
)
def test_faults_change_the_weekly_numbers(
    portal_with_faults: Any, fault: str | None, west_numbers: tuple[int, ...], east_numbers: tuple[int, ...]
) -> None:
    driver = portal_with_faults(*([fault] if fault else []))
    mix = known_mix.__wrapped__(driver)  # type: ignore[attr-defined]
    report = mix["world"].weekly(WEEK)
    for clinic, numbers in ((mix["west"], west_numbers), (mix["east"], east_numbers)):
        row = site(report, clinic)
        assert (row["codes_generated"], row["codes_redeemed"], row["codes_expired"]) == numbers
