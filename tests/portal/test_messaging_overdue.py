"""MSG-06: a message not answered within 24 hours is overdue and shows in the supervisor pool,
naming the pool it came from; answering clears both. Worked out from the scenario clock."""

from __future__ import annotations

import pytest
from messaging_support import MessagingWorld, page_text, staff_browser

pytestmark = pytest.mark.portal

ZONE = "America/Los_Angeles"
HOUR = 3600


@pytest.fixture
def setting(portal):
    world = MessagingWorld(portal)
    world.at("2026-03-04 10:00", ZONE)
    clinic = world.clinic(ZONE)
    billing = clinic.pool("Billing", "billing")
    supervisor = clinic.pool("Supervisors", "supervisor")
    clinic.route("Billing question", billing)
    world.signed_in_patient(clinic, first_name="Maria")
    conversation_id = world.send_ok(topic="billing", subject="Double charge")
    return world, clinic, billing, supervisor, conversation_id


def ids(messages):
    return [message["id"] for message in messages]


@pytest.mark.parametrize(
    ("elapsed", "overdue"),
    [(24 * HOUR - 60, False), (24 * HOUR, False), (24 * HOUR + 60, True)],
    ids=["23:59", "24:00", "24:01"],
)
def test_overdue_after_the_response_target(setting, elapsed, overdue):
    world, _, billing, supervisor, conversation_id = setting
    world.advance(elapsed)
    assert world.conversation(conversation_id)["overdue"] is overdue
    assert ("Overdue" in world.conversation(conversation_id)["flags"]) is overdue
    assert ids(world.pool_messages(billing)) == [conversation_id]  # it stays in its own pool
    escalated = world.pool_messages(supervisor)
    assert ids(escalated) == ([conversation_id] if overdue else [])
    if overdue:
        assert escalated[0]["escalated_from"] == "Billing pool"


def test_answering_clears_the_flag_and_the_escalation(setting, portal):
    world, clinic, billing, supervisor, conversation_id = setting
    world.advance(25 * HOUR)
    clerk = clinic.staff("billing", "Bea", "Ford")
    portal.admin("POST", f"/pools/{billing['id']}/members", {"staff_id": clerk["id"]})
    body = {"staff_id": clerk["id"], "body": "We refunded the second charge."}
    answered = portal.admin("POST", f"/messages/{conversation_id}/replies", body, status=201)
    assert answered["overdue"] is False and answered["status"] == "Replied" and answered["flags"] == []
    assert world.pool_messages(supervisor) == []


def test_a_follow_up_starts_a_new_24_hours(setting, portal):
    world, clinic, billing, _, conversation_id = setting
    clerk = clinic.staff("billing")
    portal.admin("POST", f"/pools/{billing['id']}/members", {"staff_id": clerk["id"]})
    portal.admin("POST", f"/messages/{conversation_id}/replies", {"staff_id": clerk["id"], "body": "Checking."}, 201)
    world.later("2026-03-05 09:00", ZONE)
    assert portal.submit(f"/messages/{conversation_id}", {"body": "Any news?"}).status_code == 302
    world.advance(23 * HOUR)
    assert world.conversation(conversation_id)["overdue"] is False
    world.advance(2 * HOUR)
    assert world.conversation(conversation_id)["overdue"] is True


def test_the_supervisor_sees_and_answers_an_escalated_message(setting, portal):
    world, clinic, _, supervisor, conversation_id = setting
    boss = clinic.staff("supervisor", "Sam", "Ortiz")
    portal.admin("POST", f"/pools/{supervisor['id']}/members", {"staff_id": boss["id"]})
    world.advance(24 * HOUR + 60)
    browser = staff_browser(portal, boss, world.scope)
    page = page_text(browser.client.get(f"/staff/pools/{supervisor['id']}"))
    assert "<h1>Supervisors pool</h1>" in page
    assert '<th scope="col">Escalated from</th>' in page and "<td>Billing pool</td>" in page
    assert '<span class="msg-flag msg-flag-overdue">Overdue</span>' in page
    response = browser.submit(f"/staff/messages/{conversation_id}", {"reply": "Sorry for the wait.", "action": "send"})
    assert response.status_code == 302
    assert world.pool_messages(supervisor) == []


def test_a_nurse_outside_the_supervisor_pool_cannot_open_another_pools_message(setting, portal):
    world, clinic, _, _, conversation_id = setting
    nurse = clinic.staff("nurse")
    world.advance(30 * HOUR)
    browser = staff_browser(portal, nurse, world.scope)
    assert browser.client.get(f"/staff/messages/{conversation_id}").status_code == 404


def test_overdue_escalation_missing_never_flags_nor_escalates(portal_with_faults):
    world = MessagingWorld(portal_with_faults("overdue-escalation-missing"))
    world.at("2026-03-04 10:00", ZONE)
    clinic = world.clinic(ZONE)
    billing, supervisor = clinic.pool("Billing", "billing"), clinic.pool("Supervisors", "supervisor")
    clinic.route("Billing question", billing)
    world.signed_in_patient(clinic)
    conversation_id = world.send_ok(topic="billing")
    world.advance(48 * HOUR)
    assert world.conversation(conversation_id)["overdue"] is False
    assert world.pool_messages(supervisor) == []
