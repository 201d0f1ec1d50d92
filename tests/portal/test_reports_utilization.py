"""RPT-02 and RPT-03: the utilization dashboard and the reply counts; page, CSV and JSON agree."""

from __future__ import annotations

from typing import Any

import pytest
from messaging_support import MessagingWorld, staff_browser
from reports_support import csv_rows, table_rows

pytestmark = pytest.mark.portal

ZONE = "America/Los_Angeles"
RANGE = "from=2026-03-02&to=2026-03-06"


@pytest.fixture
def dashboard(portal: Any) -> dict[str, Any]:
    """Four first responses of 60, 780, 30 and 1560 minutes; one after-hours message gets an auto-reply."""
    world = MessagingWorld(portal, scope="reports")
    world.at("2026-03-02 08:30", ZONE)
    clinic = world.clinic(ZONE)
    nurses = clinic.pool("Nurses", "nurse")
    billing = clinic.pool("Billing", "billing")
    clinic.route("Billing question", billing)
    nurse = clinic.staff("nurse", "Nora", "Hale")
    admin = clinic.staff("administrator", "Ada", "Reyes")
    for pool in (nurses, billing):
        portal.admin("POST", f"/pools/{pool['id']}/members", {"staff_id": nurse["id"]})
    world.signed_in_patient(clinic, first_name="Maria")

    def reply(conversation_id: str, local: str, canned: str | None = None) -> None:
        world.at(local, ZONE)
        body: dict[str, Any] = {"staff_id": nurse["id"]}
        body.update({"canned_response_id": canned} if canned else {"body": "Thank you, here is the answer."})
        portal.admin("POST", f"/messages/{conversation_id}/replies", body, status=201)

    canned = portal.admin(
        "POST",
        "/canned-responses",
        {"pool_id": nurses["id"], "title": "Thanks", "body": "Thanks {patient_first_name}."},
        status=201,
    )
    world.at("2026-03-02 09:00", ZONE)
    first = world.send_ok(topic="medical")
    reply(first, "2026-03-02 10:00", canned=canned["id"])  # 60 minutes
    world.later("2026-03-02 20:00", ZONE)
    after_hours = world.send_ok(topic="medical")  # gets the after-hours auto-reply at once
    reply(after_hours, "2026-03-03 09:00")  # 780 minutes
    world.later("2026-03-03 10:00", ZONE)
    slow = world.send_ok(topic="billing")
    world.later("2026-03-03 11:00", ZONE)
    quick = world.send_ok(topic="medical")
    reply(quick, "2026-03-03 11:30")  # 30 minutes
    reply(slow, "2026-03-04 12:00")  # 1560 minutes: over 24 hours
    world.at("2026-03-06 12:00", ZONE)
    return {"world": world, "clinic": clinic, "admin": admin, "portal": portal, "nurses": nurses}


def api(dashboard: dict[str, Any], path: str) -> dict[str, Any]:
    return dict(dashboard["portal"].admin("GET", f"/reports/{path}"))


def test_median_p90_and_share_over_24_hours(dashboard: dict[str, Any]) -> None:
    report = api(dashboard, f"utilization?{RANGE}&clinic_id={dashboard['clinic'].id}")
    assert report["first_responses"] == 4
    assert report["median_response_minutes"] == 420.0  # (60 + 780) / 2
    assert report["p90_response_minutes"] == 1560.0  # nearest rank: the 4th of 4
    assert (report["answered_after_target"], report["share_answered_after_target"]) == (1, 25.0)
    assert report["active_users"] == 1
    assert {row["pool"]: row["messages"] for row in report["messages_by_pool"]} == {"Nurses": 3, "Billing": 1}


def test_a_range_that_ends_before_the_replies_counts_only_its_own_messages(dashboard: dict[str, Any]) -> None:
    report = api(dashboard, f"utilization?from=2026-03-02&to=2026-03-02&clinic_id={dashboard['clinic'].id}")
    assert report["first_responses"] == 2 and report["median_response_minutes"] == 420.0
    assert report["patient_messages"] == 2


def test_page_csv_and_json_show_the_same_numbers(dashboard: dict[str, Any]) -> None:
    browser = staff_browser(dashboard["portal"], dashboard["admin"], scope="reports")
    page = browser.client.get(f"/staff/reports/utilization?{RANGE}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Portal use</h1>" in text
    assert 'role="img"' in text and "<title" in text and "Patient messages by pool" in text
    assert "420.0 min" in text and "1560.0 min" in text and "25.0%" in text
    assert ["Nurses", "3"] in table_rows(text) and ["Billing", "1"] in table_rows(text)
    lines = csv_rows(browser.client.get(f"/staff/reports/utilization.csv?{RANGE}").get_data(as_text=True))
    assert ["Median first response (minutes)", "", "420.0"] in lines
    assert ["90th percentile first response (minutes)", "", "1560.0"] in lines
    assert ["Share answered after target", "", "25.0%"] in lines
    assert lines[-1] == ["Patient messages", "Billing", "1"]


def test_canned_responses_and_auto_replies_per_pool(dashboard: dict[str, Any]) -> None:
    report = api(dashboard, f"replies?{RANGE}&clinic_id={dashboard['clinic'].id}")
    pools = {row["pool"]: row for row in report["pools"]}
    assert pools["Nurses"]["canned_responses_used"] == 1
    assert pools["Nurses"]["auto_replies"] == {"after-hours": 1, "holiday": 0, "out-of-office": 0}
    assert pools["Billing"]["canned_responses_used"] == 0 and pools["Billing"]["auto_replies_total"] == 0
    browser = staff_browser(dashboard["portal"], dashboard["admin"], scope="reports")
    text = browser.client.get(f"/staff/reports/replies?{RANGE}").get_data(as_text=True)
    assert ["Nurses", "1", "1", "0", "0", "1"] in table_rows(text)
    lines = csv_rows(browser.client.get(f"/staff/reports/replies.csv?{RANGE}").get_data(as_text=True))
    assert ["Nurses", "1", "1", "0", "0", "1"] in lines and ["Billing", "0", "0", "0", "0", "0"] in lines


@pytest.mark.parametrize("fault", ["response-time-ignores-auto-replies-wrongly", None])
def test_fault_auto_replies_as_responses(portal_with_faults: Any, fault: str | None) -> None:
    driver = portal_with_faults(*([fault] if fault else []))
    data = dashboard.__wrapped__(driver)  # type: ignore[attr-defined]
    report = api(data, f"utilization?{RANGE}&clinic_id={data['clinic'].id}")
    expected = [0.0, 30.0, 60.0, 1560.0] if fault else [30.0, 60.0, 780.0, 1560.0]
    assert report["median_response_minutes"] == (expected[1] + expected[2]) / 2


@pytest.mark.parametrize("fault", ["csv-export-drops-last-row", None])
def test_fault_csv_drops_last_row(portal_with_faults: Any, fault: str | None) -> None:
    driver = portal_with_faults(*([fault] if fault else []))
    data = dashboard.__wrapped__(driver)  # type: ignore[attr-defined]
    browser = staff_browser(driver, data["admin"], scope="reports")
    lines = csv_rows(browser.client.get(f"/staff/reports/replies.csv?{RANGE}").get_data(as_text=True))
    assert (["Nurses", "1", "1", "0", "0", "1"] in lines) is (fault is None)


def test_proxies_by_type_counts_those_in_force_at_the_end_of_the_range(portal: Any) -> None:
    world = MessagingWorld(portal, scope="reports")
    world.at("2026-03-02 09:00", ZONE)
    clinic = world.clinic(ZONE)
    parent = portal.enroll_at_desk(clinic=clinic.data)
    for child_name in ("Leo", "Ana"):
        child = portal.patient(clinic.data, first_name=child_name, date_of_birth="2018-05-01", email=None)
        body = {"patient_id": child["id"], "proxy_account_id": parent["account_id"], "relationship": "parent"}
        portal.admin("POST", "/proxies", body, status=201)
    elder = portal.patient(clinic.data, first_name="Rosa", date_of_birth="1940-02-01")
    body = {"patient_id": elder["id"], "proxy_account_id": parent["account_id"], "relationship": "adult-proxy"}
    adult = portal.admin("POST", "/proxies", body, status=201)
    world.at("2026-03-04 09:00", ZONE)
    portal.admin("POST", f"/proxies/{adult['id']}/revoke", {})
    query = f"/reports/utilization?clinic_id={clinic.id}&from=2026-03-02"
    assert portal.admin("GET", f"{query}&to=2026-03-03")["proxies_by_type"] == {"adult-proxy": 1, "parent": 2}
    assert portal.admin("GET", f"{query}&to=2026-03-04")["proxies_by_type"] == {"parent": 2}
