"""Named upgrade faults: each changes exactly the behaviour its scenario catches."""

from __future__ import annotations

import re

import pytest

from reference_portal.faults import UnknownFaultError, list_faults, resolve_faults

pytestmark = pytest.mark.portal


def field_error(response, field):
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', response.get_data(as_text=True))
    return match.group(1) if match else None


def test_the_catalogue_lists_both_faults_with_their_scenarios():
    faults = {fault.name: fault for fault in list_faults()}
    assert faults["activation-code-reusable"].caught_by == ("ENR-03",)
    assert faults["activation-code-reusable"].area == "ENR"
    assert faults["sign-in-reveals-unknown-user"].caught_by == ("AUTH-08",)
    assert all(fault.description for fault in faults.values())
    assert {fault.kind for fault in faults.values()} == {"behaviour", "intermittent", "accessibility", "speed"}


def test_the_intermittent_fault_fails_the_first_sign_in_only(portal_with_faults):
    portal = portal_with_faults("first-sign-in-after-start-fails")
    person = portal.enroll()
    assert portal.sign_in(person["username"], person["password"]).status_code == 500
    assert portal.sign_in(person["username"], person["password"]).location in (
        "/sign-in/verify",
        "/sign-in/set-up-codes",
    )


def test_an_unknown_fault_is_refused_with_the_known_names():
    known = ", ".join(sorted(fault.name for fault in list_faults()))  # every area adds its own
    assert "activation-code-reusable, " in known
    with pytest.raises(UnknownFaultError) as refused:
        resolve_faults(["no-such-fault"])
    assert str(refused.value) == f"Unknown fault 'no-such-fault': the known faults are {known}."


def test_version_reports_the_active_faults(portal_with_faults):
    portal = portal_with_faults("sign-in-reveals-unknown-user")
    assert portal.client.get("/version").get_json()["faults"] == ["sign-in-reveals-unknown-user"]


def test_activation_code_reusable_lets_a_used_code_through(portal_with_faults):
    portal = portal_with_faults("activation-code-reusable")
    patient = portal.patient()
    code = portal.activation_code(patient)
    portal.activate(code["code"], patient["date_of_birth"])
    assert portal.create_account("first.account").location == "/sign-in"

    again = portal.new_browser()
    assert again.activate(code["code"], patient["date_of_birth"]).location == "/activate/account"
    assert again.create_account("second.account").location == "/sign-in"


def test_sign_in_reveals_unknown_user_answers_differently(portal_with_faults):
    portal = portal_with_faults("sign-in-reveals-unknown-user")
    portal.enroll(username="maria.lopez")
    assert field_error(portal.sign_in("maria.lopez", "wrong password"), "username") == (
        "Your username or password is incorrect."
    )
    assert field_error(portal.sign_in("nobody.here", "wrong password"), "username") == (
        "We could not find an account with that username."
    )


def test_faults_stay_with_their_own_app(portal_with_faults, portal):
    portal_with_faults("activation-code-reusable", "sign-in-reveals-unknown-user")
    patient = portal.patient()
    code = portal.activation_code(patient)
    portal.activate(code["code"], patient["date_of_birth"])
    portal.create_account("only.once")
    again = portal.new_browser()
    assert field_error(again.activate(code["code"], patient["date_of_birth"]), "activation_code") == (
        "This activation code has already been used."
    )
    assert field_error(portal.sign_in("nobody.here", "x" * 8), "username") == "Your username or password is incorrect."
