"""OPS-01, MSG-02, MSG-05 from the staff console: an administrator changes routing, canned
responses, hours and holidays; the change applies at once (routing, auto-replies, contact page)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from messaging_support import MessagingWorld, page_text, staff_browser
from reports_support import table_rows

pytestmark = pytest.mark.portal

ZONE = "America/Denver"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def office(portal: Any) -> dict[str, Any]:
    world = MessagingWorld(portal, scope="admin")
    world.at("2026-03-04 10:00", ZONE)  # a Wednesday
    clinic = world.clinic(ZONE, name="Foothills Clinic")
    nurses = clinic.pool("Nurses", "nurse")
    billing = clinic.pool("Billing", "billing")
    admin = clinic.staff("administrator", "Ada", "Reyes")
    browser = staff_browser(portal, admin, scope="admin")
    return {"world": world, "clinic": clinic, "nurses": nurses, "billing": billing, "admin": admin, "browser": browser}


def post(browser: Any, page: str, action: str, fields: dict[str, str]) -> Any:
    token = _CSRF.search(browser.client.get(page).get_data(as_text=True))
    assert token, page
    return browser.client.post(action, data={**fields, "csrf_token": token.group(1)})


def week_fields(**overrides: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday"):
        fields[f"{day}_opens"], fields[f"{day}_closes"] = "08:00", "17:00"
    fields["saturday_closed"] = fields["sunday_closed"] = "yes"
    return {**fields, **overrides}


def test_routing_change_applies_to_the_next_message(office: dict[str, Any], portal: Any) -> None:
    world, browser = office["world"], office["browser"]
    text = page_text(browser.client.get("/staff/admin/routing"))
    assert "<h1>Message routing</h1>" in text and "Pool for Medical question" in text and "Save routing" in text
    world.signed_in_patient(office["clinic"])
    before = world.send_ok(topic="medical")
    fields = {f"pool_{key}": office["nurses"]["id"] for key in ("medical", "appointment", "test-results")}
    fields["pool_billing"] = office["billing"]["id"]
    fields["pool_medical"] = office["billing"]["id"]
    fields.update({"pool_prescription-renewal": office["nurses"]["id"]})
    response = post(browser, "/staff/admin/routing", "/staff/admin/routing", fields)
    assert response.status_code == 302
    after = world.send_ok(topic="medical")
    assert [m["id"] for m in world.pool_messages(office["billing"])] == [after]
    assert [m["id"] for m in world.pool_messages(office["nurses"])] == [before]  # already routed: stays
    rules = portal.admin("GET", f"/routing-rules?clinic_id={office['clinic'].id}")
    assert any(rule["topic_key"] == "medical" and rule["pool_id"] == office["billing"]["id"] for rule in rules["rules"])


def test_canned_response_added_and_listed(office: dict[str, Any], portal: Any) -> None:
    browser = office["browser"]
    text = page_text(browser.client.get("/staff/admin/canned-responses"))
    assert 'for="pool">Pool<' in text and 'for="title">Title<' in text and 'for="text">Text<' in text
    fields = {
        "pool": office["nurses"]["id"],
        "title": "Lab hours",
        "text": "Hi {patient_first_name}, the lab opens at 7.",
    }
    assert post(browser, "/staff/admin/canned-responses", "/staff/admin/canned-responses", fields).status_code == 302
    listed = page_text(browser.client.get("/staff/admin/canned-responses"))
    assert "Lab hours" in listed and "added" in listed
    refused = post(browser, "/staff/admin/canned-responses", "/staff/admin/canned-responses", {**fields, "title": ""})
    assert refused.status_code == 400 and 'href="#title"' in page_text(refused)


def test_saved_hours_drive_auto_replies_and_the_contact_page_at_once(office: dict[str, Any]) -> None:
    world, clinic = office["world"], office["clinic"]
    world.at("2026-03-04 17:30", ZONE)
    world.signed_in_patient(clinic)
    browser = staff_browser(world.portal, office["admin"], scope="admin")  # signed in again: hours went by
    contact = f"/clinics/{clinic.data['code']}/contact"
    assert ["Wednesday", "08:00 to 17:00"] in table_rows(page_text(world.portal.client.get(contact)))
    text = page_text(browser.client.get("/staff/admin/hours"))
    assert "Wednesday opens" in text and "Wednesday closes" in text and "Closed on Saturday" in text
    response = post(browser, "/staff/admin/hours", "/staff/admin/hours", week_fields(wednesday_closes="18:00"))
    assert response.status_code == 302
    assert ["Wednesday", "08:00 to 18:00"] in table_rows(page_text(world.portal.client.get(contact)))
    world.later("2026-03-04 17:59", ZONE)
    in_hours = world.send_ok()
    assert world.conversation(in_hours)["auto_replies"] == []
    world.later("2026-03-04 18:00", ZONE)
    closed = world.send_ok()
    assert world.conversation(closed)["auto_replies"] == ["after-hours"]


def test_holiday_added_shows_on_the_contact_page_and_closes_the_clinic(office: dict[str, Any]) -> None:
    world, browser, clinic = office["world"], office["browser"], office["clinic"]
    bad = post(browser, "/staff/admin/hours", "/staff/admin/holidays", {"date": "", "name": ""})
    assert bad.status_code == 400 and 'href="#date"' in page_text(bad) and 'href="#name"' in page_text(bad)
    response = post(
        browser, "/staff/admin/hours", "/staff/admin/holidays", {"date": "2026-03-05", "name": "Founders Day"}
    )
    assert response.status_code == 302
    text = page_text(world.portal.client.get(f"/clinics/{clinic.data['code']}/contact"))
    assert "Founders Day" in text and "<h1>Foothills Clinic</h1>" in text
    world.signed_in_patient(clinic)
    world.later("2026-03-05 10:00", ZONE)
    assert world.conversation(world.send_ok())["auto_replies"] == ["holiday"]


def test_bad_hours_are_refused_with_errors_tied_to_the_fields(office: dict[str, Any]) -> None:
    response = post(office["browser"], "/staff/admin/hours", "/staff/admin/hours", week_fields(monday_closes="07:00"))
    text = page_text(response)
    assert response.status_code == 400 and 'href="#monday_opens"' in text and 'aria-invalid="true"' in text


def test_every_admin_change_is_audited(office: dict[str, Any], app: Any) -> None:
    browser = office["browser"]
    post(browser, "/staff/admin/hours", "/staff/admin/hours", week_fields())
    post(browser, "/staff/admin/hours", "/staff/admin/holidays", {"date": "2026-07-03", "name": "Independence Day"})
    post(browser, "/staff/admin/hours", "/staff/admin/phone", {"phone": "+1 303 555 0100"})
    from reports_support import portal_of

    actions = [
        row[0]
        for row in portal_of(app)
        .database.connection()
        .execute("SELECT action FROM audit_log WHERE actor = ? ORDER BY id", (f"staff:{office['admin']['id']}",))
    ]
    assert {"clinic-hours-changed", "clinic-holiday-added", "clinic-contact-changed"} <= set(actions)


def test_only_administrators_open_clinic_settings(office: dict[str, Any], portal: Any) -> None:
    nurse = office["clinic"].staff("nurse", "Nora", "Hale")
    browser = staff_browser(portal, nurse, scope="admin")
    for path in ("/staff/admin/routing", "/staff/admin/hours", "/staff/admin/canned-responses"):
        assert browser.client.get(path).status_code == 404


def test_the_landing_page_leads_to_the_clinic_contact_page(office: dict[str, Any], portal: Any) -> None:
    visitor = portal.new_browser()
    landing = page_text(visitor.client.get("/"))
    assert 'href="/clinics"' in landing and "Find your clinic" in landing
    assert "Sign up" in landing and "Activate your account" in landing
    found = page_text(visitor.client.get("/clinics?q=Foothills"))
    assert f'href="/clinics/{office["clinic"].data["code"]}/contact"' in found
    assert visitor.client.get("/clinics/NO-SUCH/contact").status_code == 404


@pytest.mark.parametrize("fault", ["contact-page-shows-stale-hours", None])
def test_fault_stale_contact_page(portal_with_faults: Any, fault: str | None) -> None:
    driver = portal_with_faults(*([fault] if fault else []))
    data = office.__wrapped__(driver)  # type: ignore[attr-defined]
    contact = f"/clinics/{data['clinic'].data['code']}/contact"
    driver.client.get(contact)
    post(data["browser"], "/staff/admin/hours", "/staff/admin/hours", week_fields(friday_closes="12:00"))
    shown = table_rows(page_text(driver.client.get(contact)))
    assert (["Friday", "08:00 to 12:00"] in shown) is (fault is None)


def test_saving_the_routing_page_unchanged_changes_no_route(office: dict[str, Any], portal: Any) -> None:
    browser = office["browser"]
    text = page_text(browser.client.get("/staff/admin/routing"))
    fields = dict(re.findall(r'<select[^>]*name="(pool_[^"]+)"[^>]*>.*?<option value="([^"]+)" selected', text, re.S))
    assert set(fields) == {
        "pool_medical",
        "pool_appointment",
        "pool_billing",
        "pool_prescription-renewal",
        "pool_test-results",
    }
    response = post(browser, "/staff/admin/routing", "/staff/admin/routing", fields)
    assert response.status_code == 302
    assert portal.admin("GET", f"/routing-rules?clinic_id={office['clinic'].id}")["rules"] == []
