"""Clinic hours and holidays (OPS-01) and the after-hours auto-reply (MSG-03), always on the
clinic's own wall clock: a minute before and after closing time, in two time zones."""

from __future__ import annotations

import pytest
from messaging_support import WEEKDAY_HOURS, MessagingWorld, page_text

pytestmark = pytest.mark.portal

LOS_ANGELES = "America/Los_Angeles"
KOLKATA = "Asia/Kolkata"
# Monday 2 March 2026: Los Angeles is on PST (UTC-8) until 8 March; Kolkata is UTC+05:30 all year.
MONDAY = "2026-03-02"


@pytest.fixture
def world(portal):
    return MessagingWorld(portal)


def auto_replies(world, conversation_id):
    return world.conversation(conversation_id)["auto_replies"]


# --- the admin API ---------------------------------------------------------------------------
def test_hours_are_set_per_weekday_and_shown_with_the_clinic(world, portal):
    clinic = world.clinic(KOLKATA, hours=False)
    assert portal.admin("GET", f"/clinics/{clinic.id}")["hours_configured"] is False  # the default week applies
    saved = clinic.set_hours({"monday": [["09:00", "13:00"], ["14:00", "18:30"]], "saturday": [["09:00", "12:00"]]})
    assert saved["hours"]["monday"] == [["09:00", "13:00"], ["14:00", "18:30"]]
    assert saved["hours"]["tuesday"] == [] and saved["hours"]["saturday"] == [["09:00", "12:00"]]
    clinic.holiday("2026-08-15", "Independence Day")
    shown = portal.admin("GET", f"/clinics/{clinic.id}")
    assert shown["timezone"] == KOLKATA and shown["hours_configured"] is True
    assert shown["hours"] == saved["hours"]
    assert [(h["date"], h["name"]) for h in shown["holidays"]] == [("2026-08-15", "Independence Day")]


@pytest.mark.parametrize(
    "week",
    [
        {"monday": [["17:00", "08:00"]]},
        {"monday": [["8am", "5pm"]]},
        {"monday": [["08:00", "12:00"], ["11:00", "17:00"]]},
        {"funday": [["08:00", "17:00"]]},
        {"monday": "08:00-17:00"},
        {"monday": [["08:00", "24:01"]]},
    ],
)
def test_hours_that_make_no_sense_are_refused(world, portal, week):
    clinic = world.clinic(hours=False)
    problem = portal.admin("PUT", f"/clinics/{clinic.id}/hours", week, status=400)
    assert problem["problems"][0]["message"]


def test_a_clinic_has_one_holiday_a_day(world, portal):
    clinic = world.clinic()
    clinic.holiday("2026-07-03", "Independence Day (observed)")
    body = {"date": "2026-07-03", "name": "Again"}
    assert portal.admin("POST", f"/clinics/{clinic.id}/holidays", body, status=409)["problems"][0]["field"] == "date"
    bad = {"date": "2026-02-30", "name": "No such day"}
    assert portal.admin("POST", f"/clinics/{clinic.id}/holidays", bad, status=400)["problems"][0]["field"] == "date"


# --- MSG-03: closing time on the clinic's wall clock -----------------------------------------
@pytest.mark.parametrize("zone", [LOS_ANGELES, KOLKATA])
@pytest.mark.parametrize(
    ("local_time", "expected"),
    [
        ("07:59", ["after-hours"]),
        ("08:00", []),
        ("16:59", []),
        ("17:00", ["after-hours"]),
        ("17:01", ["after-hours"]),
    ],
)
def test_the_after_hours_reply_follows_the_clinics_own_clock(world, zone, local_time, expected):
    clinic = world.clinic(zone)
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} {local_time}", zone)
    assert auto_replies(world, world.send_ok()) == expected


@pytest.mark.parametrize(("local_time", "expected"), [("16:59", []), ("17:01", ["after-hours"])])
def test_closing_time_moves_with_daylight_saving_time(world, local_time, expected):
    """Monday 9 March 2026: Los Angeles is on PDT (UTC-7) since the day before."""
    clinic = world.clinic(LOS_ANGELES)
    world.signed_in_patient(clinic)
    world.at(f"2026-03-09 {local_time}", LOS_ANGELES)
    assert auto_replies(world, world.send_ok()) == expected


def test_the_patient_reads_the_auto_reply_with_emergency_instructions(world, portal):
    clinic = world.clinic(LOS_ANGELES)
    portal.admin("PUT", f"/clinics/{clinic.id}/contact", {"phone": "555-0142"})
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} 17:01", LOS_ANGELES)
    page = page_text(portal.client.get(f"/messages/{world.send_ok()}"))
    assert "Eastside Clinic (automatic reply)" in page
    assert "Eastside Clinic is closed right now" in page
    assert "If this is an emergency, call 911 or go to the nearest emergency room." in page
    assert "call the clinic at 555-0142" in page


def test_a_weekend_is_after_hours(world):
    clinic = world.clinic(KOLKATA)
    world.signed_in_patient(clinic)
    world.at("2026-03-07 11:00", KOLKATA)  # a Saturday
    assert auto_replies(world, world.send_ok()) == ["after-hours"]


def test_a_holiday_gets_the_holiday_reply_all_day_and_the_next_day_is_normal(world, portal):
    clinic = world.clinic(LOS_ANGELES)
    clinic.holiday(MONDAY, "Founders Day")
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} 10:00", LOS_ANGELES)  # within normal hours, but a holiday
    conversation_id = world.send_ok()
    assert auto_replies(world, conversation_id) == ["holiday"]
    assert "closed today for Founders Day" in page_text(portal.client.get(f"/messages/{conversation_id}"))
    world.later("2026-03-03 10:00", LOS_ANGELES)
    assert auto_replies(world, world.send_ok()) == []


def test_the_holiday_is_the_clinics_local_date(world):
    clinic = world.clinic(KOLKATA)
    clinic.holiday("2026-03-03", "Holi")
    world.signed_in_patient(clinic)
    world.at("2026-03-03 00:30", KOLKATA)  # still 2 March in UTC
    assert auto_replies(world, world.send_ok()) == ["holiday"]


def test_new_hours_apply_to_the_next_message_straight_away(world):
    """OPS-01: an administrator extends the hours; a message at 17:30 is now within them."""
    clinic = world.clinic(LOS_ANGELES)
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} 17:30", LOS_ANGELES)
    assert auto_replies(world, world.send_ok()) == ["after-hours"]
    clinic.set_hours({**WEEKDAY_HOURS, "monday": [["08:00", "19:00"]]})
    assert auto_replies(world, world.send_ok()) == []


def test_a_clinic_without_configured_hours_keeps_the_default_week(world, portal):
    clinic = world.clinic(LOS_ANGELES, hours=False)
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} 12:00", LOS_ANGELES)
    assert portal.admin("GET", f"/clinics/{clinic.id}")["open_now"] is True
    assert auto_replies(world, world.send_ok()) == []


def test_a_follow_up_after_hours_gets_the_reply_too(world, portal):
    clinic = world.clinic(LOS_ANGELES)
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} 12:00", LOS_ANGELES)
    conversation_id = world.send_ok()
    world.later(f"{MONDAY} 20:00", LOS_ANGELES)
    assert portal.submit(f"/messages/{conversation_id}", {"body": "One more thing."}).status_code == 302
    assert auto_replies(world, conversation_id) == ["after-hours"]


# --- the faults ------------------------------------------------------------------------------
def test_after_hours_auto_reply_missing_leaves_a_closed_clinic_silent(portal_with_faults):
    world = MessagingWorld(portal_with_faults("after-hours-auto-reply-missing"))
    clinic = world.clinic(LOS_ANGELES)
    clinic.holiday("2026-03-03")
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} 17:01", LOS_ANGELES)
    assert auto_replies(world, world.send_ok()) == []
    world.later("2026-03-03 10:00", LOS_ANGELES)
    assert auto_replies(world, world.send_ok()) == []


def test_after_hours_uses_utc_compares_hours_on_the_wrong_clock(portal_with_faults):
    world = MessagingWorld(portal_with_faults("after-hours-uses-utc"))
    clinic = world.clinic(LOS_ANGELES)
    world.signed_in_patient(clinic)
    world.at(f"{MONDAY} 16:59", LOS_ANGELES)  # 00:59 UTC on Tuesday: "closed"
    assert auto_replies(world, world.send_ok()) == ["after-hours"]
    world.later(f"{MONDAY} 07:30", LOS_ANGELES)  # 15:30 UTC: "open"
    assert auto_replies(world, world.send_ok()) == []
