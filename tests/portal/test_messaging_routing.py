"""Routing new messages to pools (MSG-01, MSG-02), the 2026.2 prescription-renewal topic (MSG-10),
and a provider's out-of-office cover (MSG-04)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from messaging_support import MessagingWorld, field_error, page_text

from reference_portal.faults import list_faults
from reference_portal.portal import EXTENSION_KEY

pytestmark = pytest.mark.portal

ZONE = "America/Chicago"
MONDAY_NOON = "2026-03-02 12:00"


@pytest.fixture
def world(portal):
    world = MessagingWorld(portal)
    world.at(MONDAY_NOON, ZONE)
    return world


def test_a_topic_goes_to_the_pool_its_rule_names(world):
    """MSG-01: Billing to the billing pool, a medical question to the nurse pool of the patient's clinic."""
    clinic = world.clinic(ZONE)
    billing, nurses = clinic.pool("Billing", "billing"), clinic.pool("Nurse", "nurse")
    clinic.route("Billing question", billing)
    clinic.route("Medical question", nurses)
    world.signed_in_patient(clinic)
    bill = world.send_ok(topic="billing", subject="My invoice")
    medical = world.send_ok(topic="medical", subject="A rash")
    assert [m["id"] for m in world.pool_messages(billing)] == [bill]
    assert [m["id"] for m in world.pool_messages(nurses)] == [medical]
    assert world.conversation(bill)["routed_by"] == "rule"


def test_rules_belong_to_the_patients_clinic(world):
    east, west = world.clinic(ZONE, name="Eastside"), world.clinic(ZONE, name="Westside")
    east_billing, west_billing = east.pool("Billing", "billing"), west.pool("Billing", "billing")
    east.route("Billing question", east_billing)
    west.route("Billing question", west_billing)
    world.signed_in_patient(west)
    sent = world.send_ok(topic="billing")
    assert world.pool_messages(east_billing) == []
    assert [m["id"] for m in world.pool_messages(west_billing)] == [sent]


def test_without_a_rule_a_topic_goes_to_its_team_then_the_clinic_default(world, portal):
    clinic = world.clinic(ZONE)
    nurses = clinic.pool("Nurse", "nurse")
    general = clinic.pool("General questions", "other")
    clinic.route(None, general)  # the clinic's default rule
    world.signed_in_patient(clinic)
    medical = world.send_ok(topic="medical")
    billing = world.send_ok(topic="billing")  # no billing pool, no billing rule
    assert world.conversation(medical)["pool_id"] == nurses["id"]
    assert world.conversation(medical)["routed_by"] == "topic-team"
    assert world.conversation(billing)["pool_id"] == general["id"]
    rules = portal.admin("GET", f"/routing-rules?clinic_id={clinic.id}")["rules"]
    assert [(rule["topic"], rule["pool_id"]) for rule in rules] == [(None, general["id"])]


def test_a_clinic_with_no_pool_at_all_still_keeps_the_message(world, portal):
    clinic = world.clinic(ZONE)
    world.signed_in_patient(clinic)
    sent = world.conversation(world.send_ok(topic="appointment"))
    pools = portal.admin("GET", f"/pools?clinic_id={clinic.id}")["pools"]
    assert [(pool["name"], pool["kind"]) for pool in pools] == [("Front desk", "front-desk")]
    assert sent["pool_id"] == pools[0]["id"]


def test_a_changed_rule_routes_new_messages_and_leaves_routed_ones(world, portal):
    """MSG-02."""
    clinic = world.clinic(ZONE)
    billing, front_desk = clinic.pool("Billing", "billing"), clinic.pool("Front desk", "front-desk")
    first_rule = clinic.route("Billing question", billing)
    world.signed_in_patient(clinic)
    before = world.send_ok(topic="billing", subject="Before the change")
    second_rule = clinic.route("Billing question", front_desk)
    after = world.send_ok(topic="billing", subject="After the change")
    assert [m["id"] for m in world.pool_messages(billing)] == [before]
    assert [m["id"] for m in world.pool_messages(front_desk)] == [after]
    assert world.conversation(before)["routing_rule_id"] == first_rule["id"]
    assert world.conversation(after)["routing_rule_id"] == second_rule["id"]
    rules = portal.admin("GET", f"/routing-rules?clinic_id={clinic.id}")["rules"]
    assert [rule["id"] for rule in rules] == [second_rule["id"]]


def test_a_rule_needs_a_pool_of_the_same_clinic_and_a_known_topic(world, portal):
    east, west = world.clinic(ZONE), world.clinic(ZONE)
    west_pool = west.pool("Billing", "billing")
    body = {"clinic_id": east.id, "topic": "Billing question", "pool_id": west_pool["id"]}
    assert portal.admin("POST", "/routing-rules", body, status=400)["problems"][0]["field"] == "pool_id"
    body = {"clinic_id": west.id, "topic": "Parking question", "pool_id": west_pool["id"]}
    assert portal.admin("POST", "/routing-rules", body, status=400)["problems"][0]["field"] == "topic"


def test_the_compose_page_offers_the_releases_topics(world, portal):
    clinic = world.clinic(ZONE)
    world.signed_in_patient(clinic)
    page = page_text(portal.client.get("/messages/new"))
    for topic in ("Medical question", "Billing question", "Appointment question", "Test results question"):
        assert f">{topic}</option>" in page
    assert ">Prescription renewal</option>" in page  # the latest release is 2026.2


# --- MSG-10: only in 2026.2 --------------------------------------------------------------------
def world_on(make_app, driver_for, release):
    """A portal of the given release, with the tests' fast settings otherwise."""
    fast = make_app().extensions[EXTENSION_KEY].settings
    app = make_app(settings=replace(fast, release=release))
    world = MessagingWorld(driver_for(app))
    world.at(MONDAY_NOON, ZONE)
    return world


def test_a_prescription_renewal_goes_to_the_pharmacy_pool_in_2026_2(make_app, driver_for):
    world = world_on(make_app, driver_for, "2026.2")
    clinic = world.clinic(ZONE)
    pharmacy, nurses = clinic.pool("Pharmacy", "pharmacy"), clinic.pool("Nurse", "nurse")
    clinic.route(None, nurses)
    world.signed_in_patient(clinic)
    sent = world.send_ok(topic="Prescription renewal", subject="Lisinopril refill")
    assert [m["id"] for m in world.pool_messages(pharmacy)] == [sent]
    topics = [topic["name"] for topic in world.portal.admin("GET", "/topics")["topics"]]
    assert "Prescription renewal" in topics


def test_there_is_no_prescription_renewal_topic_in_2026_1(make_app, driver_for):
    world = world_on(make_app, driver_for, "2026.1")
    clinic = world.clinic(ZONE)
    pharmacy = clinic.pool("Pharmacy", "pharmacy")
    world.signed_in_patient(clinic)
    assert "Prescription renewal" not in page_text(world.portal.client.get("/messages/new"))
    refused = world.send(topic="prescription-renewal")
    assert refused.status_code == 200
    assert field_error(refused, "topic").startswith("Choose one of the topics: Medical question")
    assert world.pool_messages(pharmacy) == []
    body = {"clinic_id": clinic.id, "topic": "Prescription renewal", "pool_id": pharmacy["id"]}
    assert world.portal.admin("POST", "/routing-rules", body, status=400)["problems"][0]["field"] == "topic"
    assert "Prescription renewal" not in [t["name"] for t in world.portal.admin("GET", "/topics")["topics"]]


# --- MSG-04: writing to one's provider, who may be out of office ------------------------------
@pytest.fixture
def provider_world(world, portal):
    clinic = world.clinic(ZONE)
    covering = clinic.pool("Nurse", "nurse")
    provider = clinic.staff("provider", "Ana", "Reyes")
    patient = world.signed_in_patient(clinic)
    portal.admin("PUT", f"/patients/{patient['id']}/provider", {"staff_id": provider["id"]})
    return world, clinic, covering, provider


def test_a_patient_can_write_to_their_provider(provider_world, portal):
    world, _, covering, provider = provider_world
    page = page_text(portal.client.get("/messages/new"))
    assert '<label class="label" for="recipient">To</label>' in page and "Dr. Ana Reyes" in page
    sent = world.conversation(world.send_ok(recipient="provider"))
    assert sent["provider_id"] == provider["id"] and sent["pool_id"] is None
    assert sent["routed_by"] == "provider" and sent["auto_replies"] == []
    assert world.pool_messages(covering) == []


def test_a_provider_out_of_office_sends_an_auto_reply_and_the_covering_pool_answers(provider_world, portal):
    world, _, covering, provider = provider_world
    away = {"from": "2026-03-02", "until": "2026-03-06", "covering_pool_id": covering["id"]}
    staff = portal.admin("PUT", f"/staff/{provider['id']}/out-of-office", away)
    assert staff["out_of_office"]["away_now"] is True
    conversation_id = world.send_ok(recipient="provider")
    sent = world.conversation(conversation_id)
    assert sent["pool_id"] == covering["id"] and sent["routed_by"] == "covering-pool"
    assert sent["auto_replies"] == ["out-of-office"]
    assert [m["id"] for m in world.pool_messages(covering)] == [conversation_id]
    page = page_text(portal.client.get(f"/messages/{conversation_id}"))
    assert "Dr. Ana Reyes is out of the office until March 7, 2026" in page
    assert "sent to the Nurse team" in page


def test_out_of_office_ends_after_the_until_date(provider_world, portal):
    world, _, covering, provider = provider_world
    away = {"from": "2026-02-23", "until": "2026-03-01", "covering_pool_id": covering["id"]}
    portal.admin("PUT", f"/staff/{provider['id']}/out-of-office", away)
    world.at("2026-03-01 23:59", ZONE)
    assert world.conversation(world.send_ok(recipient="provider"))["routed_by"] == "covering-pool"
    world.later("2026-03-02 00:00", ZONE)
    assert world.conversation(world.send_ok(recipient="provider"))["routed_by"] == "provider"


def test_a_patient_without_a_provider_is_not_offered_one(world, portal):
    clinic = world.clinic(ZONE)
    world.signed_in_patient(clinic)
    assert 'for="recipient"' not in page_text(portal.client.get("/messages/new"))
    refused = world.send(recipient="provider")  # a crafted form: nobody to write to
    assert refused.status_code == 200 and "You do not have a provider to write to" in page_text(refused)


# --- the fault ---------------------------------------------------------------------------------
def test_routing_rule_ignored_sends_everything_to_the_default_pool(portal_with_faults):
    world = MessagingWorld(portal_with_faults("routing-rule-ignored"))
    world.at(MONDAY_NOON, ZONE)
    clinic = world.clinic(ZONE)
    billing, front_desk = clinic.pool("Billing", "billing"), clinic.pool("Front desk", "front-desk")
    clinic.route("Billing question", billing)
    world.signed_in_patient(clinic)
    sent = world.send_ok(topic="billing")
    assert world.pool_messages(billing) == []
    assert [m["id"] for m in world.pool_messages(front_desk)] == [sent]


def test_the_messaging_faults_are_listed_with_the_scenarios_they_break():
    faults = {fault.name: fault for fault in list_faults() if fault.area == "MSG"}
    assert {name: fault.caught_by for name, fault in faults.items()} == {
        "routing-rule-ignored": ("MSG-01", "MSG-02", "MSG-10"),
        "after-hours-auto-reply-missing": ("MSG-03",),
        "after-hours-uses-utc": ("MSG-03",),
        "overdue-escalation-missing": ("MSG-06",),
        "attachment-size-limit-off": ("MSG-07",),
        "urgent-advisory-missing": ("MSG-08",),
        "new-message-email-leaks-subject": ("MSG-09",),
    }
    assert all(fault.kind == "behaviour" and fault.description for fault in faults.values())
