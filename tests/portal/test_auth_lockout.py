"""Lockout after the configured consecutive failures: audited, visible to support, unlockable (AUTH-02)."""

from __future__ import annotations

import pytest
from auth_helpers import field_error

from reference_portal.settings import Settings

pytestmark = pytest.mark.portal

INCORRECT = "Your username or password is incorrect."
LOCKED = "Your account is locked. Contact support to unlock it."


@pytest.fixture
def maria(portal):
    return portal.enroll_at_desk(username="maria.lopez")


def fail(portal, times: int) -> str | None:
    message = None
    for _ in range(times):
        message = field_error(portal.sign_in("maria.lopez", "not her password"), "username")
    return message


def test_four_failures_leave_the_account_open_and_support_sees_the_count(portal, maria):
    assert fail(portal, 4) == INCORRECT
    status = portal.admin("GET", f"/patients/{maria['id']}/account")
    assert status["status"] == "active"
    assert status["account"]["failed_sign_ins"] == 4 and status["account"]["locked_at"] is None


def test_the_fifth_failure_locks_the_account_audited_and_visible_to_support(portal, maria):
    portal.use_clock("lock")
    portal.move_clock("lock", at="2026-03-02T15:04:05Z", frozen=True)
    assert fail(portal, 5) == LOCKED
    assert field_error(portal.sign_in("maria.lopez", maria["password"]), "username") == LOCKED
    assert portal.mail_to(maria["email"]) == []  # no code is sent to a locked account

    status = portal.admin("GET", f"/patients/{maria['id']}/account")
    assert status["status"] == "locked" and status["account"]["locked_at"] == "2026-03-02T15:04:05Z"
    account = portal.admin("GET", f"/accounts/{maria['account_id']}")
    assert account["status"] == "locked" and account["failed_sign_ins"] == 5
    actions = [event["action"] for event in account["security_events"]]
    assert actions.count("sign-in-failed") >= 5 and "account-locked" in actions
    [lock] = [event for event in account["security_events"] if event["action"] == "account-locked"]
    assert lock["occurred_at"] == "2026-03-02T15:04:05Z" and "failures=5" in lock["detail"]


def test_a_lock_ends_a_session_already_open_elsewhere(portal, other_browser, maria):
    other_browser.sign_in_fully(maria)
    assert other_browser.client.get("/home").status_code == 200
    fail(portal, 5)
    assert other_browser.client.get("/home").location == "/sign-in"


def test_support_unlocks_the_account_audited_and_the_count_starts_again(portal, maria):
    fail(portal, 5)
    unlocked = portal.admin("POST", f"/accounts/{maria['account_id']}/unlock")
    assert unlocked["status"] == "active" and unlocked["locked_at"] is None and unlocked["failed_sign_ins"] == 0
    [event] = [event for event in unlocked["security_events"] if event["action"] == "account-unlocked"]
    assert event["actor"] == "admin-api" and "was-locked=yes" in event["detail"]

    assert portal.sign_in_fully(maria).location == "/home"
    assert fail(portal.new_browser(), 4) == INCORRECT  # a fresh count: four more are allowed


def test_unlocking_an_unknown_account_is_404(portal):
    portal.admin("POST", "/accounts/acc_doesnotexist00/unlock", status=404)


def test_the_threshold_comes_from_the_settings(make_app, driver_for):
    settings = Settings(password_hash_method="pbkdf2:sha256:1000", lockout_threshold=3)
    portal = driver_for(make_app(settings=settings))
    portal.enroll_at_desk(username="maria.lopez")
    assert fail(portal, 2) == INCORRECT
    assert fail(portal, 1) == LOCKED
