"""Results release rules (RES-01, RES-02, RES-03): immediate, "wait for my clinician" with both
sides of the delay, clinician release, Preventing-Harm holds, preliminary results; all audited."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from results_support import DAY, file_result, page_text, portal_of, table_rows

from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso

pytestmark = pytest.mark.portal

T0 = "2026-03-02T15:00:00Z"  # 9:00 AM in a Chicago clinic


@pytest.fixture
def maria(portal):
    """An enrolled, signed-in patient whose browser and staff calls share a frozen scenario clock."""
    portal.use_clock("release")
    portal.move_clock("release", at=T0, frozen=True)
    person = portal.enroll_at_desk()
    portal.sign_in_fully(person)
    return person


def visible_tests(portal) -> list[str]:
    return [row["Test"] for row in table_rows(portal.client.get("/results").get_data(as_text=True))]


def audit_actions(app, action: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(portal_of(app).database.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM audit_log WHERE action = ? ORDER BY id", (action,)).fetchall()
    finally:
        conn.close()


def later(portal, person, seconds: float) -> None:
    """Move the scenario clock; if the patient's session timed out meanwhile, sign in again."""
    portal.move_clock("release", advance_seconds=seconds)
    if portal.client.get("/home").status_code != 200:
        portal.sign_in_fully(person)


def notices(portal, person) -> list[dict]:
    return [mail for mail in portal.mail_to(person["email"]) if mail["subject"] == "You have new test results"]


def choose_to_wait(portal) -> None:
    response = portal.submit("/results/preferences", {"release_preference": "after-review"})
    assert response.location == "/results/preferences"


def test_a_final_result_is_visible_at_once(portal, maria):
    result = file_result(portal, maria)
    assert result["release"]["state"] == "visible"
    assert visible_tests(portal) == ["Glucose"]


def test_a_preliminary_result_is_not_shown_until_final(portal, maria):
    file_result(portal, maria, status="preliminary", order_id="ORD-1", value="98")
    assert visible_tests(portal) == []
    final = file_result(portal, maria, status="final", order_id="ORD-1", value="101")
    assert visible_tests(portal) == ["Glucose"]
    assert final["value"] == "101" and len(portal.admin("GET", f"/patients/{maria['id']}/results")["results"]) == 1


def test_the_preferences_page_offers_both_choices_and_remembers(portal, maria):
    page = portal.client.get("/results/preferences").get_data(as_text=True)
    assert "<h1>Results preferences</h1>" in page
    assert 'role="radiogroup"' in page and "When should new results appear?" in page
    assert "As soon as they are ready" in page
    assert "After my clinician has reviewed them, or after 7 days" in page
    assert 'value="immediately" checked' in page
    choose_to_wait(portal)
    saved = portal.client.get("/results/preferences").get_data(as_text=True)
    assert 'value="after-review" checked' in saved and "Your results preference is saved." in saved
    assert [row["detail"] for row in audit_actions(portal.app, "results-preference-changed")] == ["wait-for-clinician"]


def test_saving_without_a_choice_is_an_accessible_error(portal, maria):
    page = portal.submit("/results/preferences", {}).get_data(as_text=True)
    assert 'role="alert"' in page and '<a href="#release_preference">Choose when new results should appear</a>' in page
    assert 'id="release_preference-error"' in page


def test_a_waiting_result_appears_after_the_delay_and_not_a_minute_before(portal, maria):
    choose_to_wait(portal)
    result = file_result(portal, maria)
    assert result["release"]["state"] == "awaiting-review"
    assert result["release"]["wait_ends_at"] == "2026-03-09T15:00:00Z"
    page = page_text(portal.client.get("/results").get_data(as_text=True))
    assert "1 new result is waiting for your clinician to review" in page and "by Mar 9, 2026" in page
    assert notices(portal, maria) == []

    later(portal, maria, 7 * DAY - 60)
    assert visible_tests(portal) == []
    assert portal.client.get(f"/results/{result['id']}").status_code == 404

    later(portal, maria, 120)
    assert visible_tests(portal) == ["Glucose"]
    released = audit_actions(portal.app, "result-released-after-delay")
    assert len(released) == 1 and released[0]["actor"] == "system"
    assert len(notices(portal, maria)) == 1
    state = portal.admin("GET", f"/results/{result['id']}")["release"]
    assert (state["state"], state["release_kind"], state["released_at"]) == ("visible", "delay", "2026-03-09T15:00:00Z")


def test_the_delay_is_configuration(make_app, driver_for):
    portal = driver_for(make_app(settings=Settings(password_hash_method="pbkdf2:sha256:1000", patient_wait_days=3)))
    portal.use_clock("three-days")
    portal.move_clock("three-days", at=T0, frozen=True)
    person = portal.enroll_at_desk()
    portal.sign_in_fully(person)
    assert "or after 3 days" in portal.client.get("/results/preferences").get_data(as_text=True)
    choose_to_wait(portal)
    file_result(portal, person)
    portal.move_clock("three-days", advance_seconds=3 * DAY - 60)
    portal.sign_in_fully(person)
    assert visible_tests(portal) == []
    portal.move_clock("three-days", advance_seconds=120)
    assert visible_tests(portal) == ["Glucose"]


def test_a_clinician_release_shows_a_waiting_result_at_once_and_is_audited(portal, maria):
    choose_to_wait(portal)
    result = file_result(portal, maria)
    later(portal, maria, 3600)
    released = portal.admin("POST", f"/results/{result['id']}/release", {"staff_name": "Dr Ana Reyes"})
    assert released["release"] | {"wait_ends_at": None} == {
        "state": "visible",
        "wait_for_clinician": True,
        "wait_ends_at": None,
        "released_at": "2026-03-02T16:00:00Z",
        "released_by": "Dr Ana Reyes",
        "release_kind": "clinician",
    }
    assert visible_tests(portal) == ["Glucose"]
    audit = audit_actions(portal.app, "result-released")
    assert audit[0]["actor"] == "staff:Dr Ana Reyes" and result["id"] in audit[0]["detail"]
    assert len(notices(portal, maria)) == 1


def test_a_release_needs_the_clinician_name(portal, maria):
    result = file_result(portal, maria)
    portal.admin("POST", f"/results/{result['id']}/release", {}, status=400)


def test_the_choice_applies_to_results_from_then_on(portal, maria):
    file_result(portal, maria, test_name="Before")
    choose_to_wait(portal)
    file_result(portal, maria, test_name="After")
    assert visible_tests(portal) == ["Before"]


def test_choosing_as_soon_as_ready_again_shows_waiting_results(portal, maria):
    choose_to_wait(portal)
    file_result(portal, maria)
    assert visible_tests(portal) == []
    portal.submit("/results/preferences", {"release_preference": "immediately"})
    assert visible_tests(portal) == ["Glucose"]


def test_a_hold_hides_a_result_with_reason_and_reviewer_until_lifted(portal, maria):
    result = file_result(portal, maria)
    held = portal.admin(
        "POST", f"/results/{result['id']}/hold", {"reason": "Discuss in person first", "reviewer": "Dr Ana Reyes"}
    )
    assert held["hold"] == {"reason": "Discuss in person first", "reviewer": "Dr Ana Reyes", "placed_at": T0}
    assert held["release"]["state"] == "held"
    assert visible_tests(portal) == []
    assert portal.client.get(f"/results/{result['id']}").status_code == 404
    home = page_text(portal.client.get("/home").get_data(as_text=True))
    assert "No new test results" in home

    later(portal, maria, 30 * DAY)  # a hold does not run out by itself
    assert visible_tests(portal) == []

    lifted = portal.admin("POST", f"/results/{result['id']}/lift-hold", {"staff_name": "Dr Ana Reyes"})
    assert lifted["hold"] is None and lifted["release"]["state"] == "visible"
    assert visible_tests(portal) == ["Glucose"]
    held_audit = audit_actions(portal.app, "result-held")
    assert "reviewer=Dr Ana Reyes" in held_audit[0]["detail"] and "Discuss in person first" in held_audit[0]["detail"]
    assert len(audit_actions(portal.app, "result-hold-lifted")) == 1


def test_the_job_run_for_one_patient_releases_only_that_patients_results(portal, maria):
    """A test on a shared portal moves only its own clock: its job run must not release others' results."""
    ivan = portal.enroll_at_desk()
    for person in (maria, ivan):
        portal.admin("PUT", f"/patients/{person['id']}/results-preference", {"wait_for_clinician": True})
        file_result(portal, person)
    portal.move_clock("release", advance_seconds=7 * DAY + 60)
    assert portal.admin("POST", "/results/release-due", {"patient_id": ivan["id"]})["released"] == 1
    assert notices(portal, maria) == []
    assert portal.admin("POST", "/results/release-due", {"patient_id": maria["id"]})["released"] == 1


def test_a_hold_needs_a_reason_and_a_reviewer_and_only_one_at_a_time(portal, maria):
    result = file_result(portal, maria)
    missing = portal.admin("POST", f"/results/{result['id']}/hold", {"reason": "x"}, status=400)
    assert missing["problems"][0]["field"] == "reviewer"
    portal.admin("POST", f"/results/{result['id']}/hold", {"reason": "x", "reviewer": "Dr B"})
    portal.admin("POST", f"/results/{result['id']}/hold", {"reason": "y", "reviewer": "Dr C"}, status=409)
    portal.admin("POST", f"/results/{result['id']}/lift-hold", {"staff_name": "Dr B"})
    portal.admin("POST", f"/results/{result['id']}/lift-hold", {"staff_name": "Dr B"}, status=409)


def test_a_held_result_that_was_waiting_still_waits_after_the_hold_is_lifted(portal, maria):
    choose_to_wait(portal)
    result = file_result(portal, maria)
    portal.admin("POST", f"/results/{result['id']}/hold", {"reason": "Call first", "reviewer": "Dr B"})
    portal.admin("POST", f"/results/{result['id']}/lift-hold", {"staff_name": "Dr B"})
    assert portal.admin("GET", f"/results/{result['id']}")["release"]["state"] == "awaiting-review"


def test_the_scheduled_job_records_ended_waits_and_sends_the_notice(portal, maria):
    choose_to_wait(portal)
    file_result(portal, maria)
    portal.move_clock("release", advance_seconds=7 * DAY + 60)
    assert notices(portal, maria) == []
    assert portal.admin("POST", "/results/release-due")["released"] == 1
    assert portal.admin("POST", "/results/release-due")["released"] == 0
    assert [mail["body"].splitlines()[0] for mail in notices(portal, maria)] == [
        "You have new test results. Please sign in to see them."
    ]


def test_visibility_follows_the_scenario_clock_not_real_time(portal, maria):
    choose_to_wait(portal)
    result = file_result(portal, maria)
    ends = from_iso(result["release"]["wait_ends_at"])
    assert ends - from_iso(T0) == timedelta(days=7)
    other = portal.new_browser()  # no scenario clock: real time, never inside this frozen scope
    assert (
        other.admin("GET", f"/results/{result['id']}")["release"]["wait_ends_at"] == result["release"]["wait_ends_at"]
    )
