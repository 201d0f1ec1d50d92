"""Possible duplicate accounts (DEM-04): enrolling with the name and date of birth, or the email,
of an existing account is stopped with a message that reveals nothing, and routed to support."""

from __future__ import annotations

import pytest
from messaging_support import STAFF_PASSWORD, page_text, staff_browser

pytestmark = pytest.mark.portal

ON_HOLD = "We could not finish setting up your account. Our support team will contact you."


@pytest.fixture
def maria(portal):
    return portal.enroll_at_desk(first_name="Maria", last_name="Lopez", date_of_birth="1985-04-12")


def sign_up(portal, **fields: str):
    form = {
        "first_name": "Rosa",
        "last_name": "Diaz",
        "date_of_birth": "1990-06-01",
        "email": "rosa@example.test",
        "username": "rosa.diaz",
        "password": "river stones in spring",
        "confirm_password": "river stones in spring",
        **fields,
    }
    return portal.submit("/sign-up", form)


def candidates(portal) -> list[dict]:
    return list(portal.admin("GET", "/duplicate-candidates")["candidates"])


def test_signing_up_with_the_name_and_birth_date_of_an_account_is_stopped(portal, maria, other_browser):
    response = sign_up(other_browser, first_name=" maria ", last_name="LOPEZ", date_of_birth="1985-04-12")
    assert response.status_code == 302 and response.location == "/sign-up/on-hold"
    page = page_text(other_browser.client.get("/sign-up/on-hold"))
    assert ON_HOLD in page and maria["username"] not in page and maria["email"] not in page
    [found] = candidates(portal)
    assert found["source"] == "sign-up" and found["reasons"] == ["name-and-date-of-birth"]
    assert found["matched_username"] == maria["username"] and found["email"] == "rosa@example.test"
    assert other_browser.sign_in("rosa.diaz", "river stones in spring").location != "/sign-in/verify"


def test_signing_up_with_the_email_of_an_account_is_stopped(portal, maria, other_browser):
    response = sign_up(other_browser, email=maria["email"].upper())
    assert response.location == "/sign-up/on-hold"
    [found] = candidates(portal)
    assert found["reasons"] == ["email"] and found["first_name"] == "Rosa"


def test_a_different_birth_date_and_email_signs_up_normally(portal, maria, other_browser):
    response = sign_up(other_browser, first_name="Maria", last_name="Lopez", date_of_birth="1985-04-13")
    assert response.location == "/sign-in"
    assert candidates(portal) == []


def test_a_second_online_sign_up_of_the_same_person_is_stopped(portal, other_browser):
    assert sign_up(portal).location == "/sign-in"
    again = sign_up(other_browser, username="rosa2", email="rosa.other@example.test")
    assert again.location == "/sign-up/on-hold"
    assert candidates(portal)[0]["reasons"] == ["name-and-date-of-birth"]


def test_a_form_with_problems_is_reported_first_and_not_routed(portal, maria, other_browser):
    response = sign_up(other_browser, email=maria["email"], password="short")
    assert response.status_code == 200 and "There is a problem" in page_text(response)
    assert candidates(portal) == []


def test_activating_a_second_record_of_the_same_person_is_stopped(portal, maria, other_browser):
    twin = other_browser.patient(first_name="Maria", last_name="Lopez", date_of_birth="1985-04-12")
    code = other_browser.activation_code(twin)
    assert other_browser.activate(code["code"], twin["date_of_birth"]).status_code == 302
    response = other_browser.create_account("maria.two")
    assert response.status_code == 302 and response.location == "/sign-up/on-hold"
    [found] = candidates(portal)
    assert found["source"] == "activation" and found["patient_id"] == twin["id"]
    assert found["reasons"] == ["name-and-date-of-birth"]


def test_activating_with_the_email_of_another_account_is_stopped(portal, maria, other_browser):
    rosa = other_browser.patient(first_name="Rosa", last_name="Diaz", date_of_birth="1990-06-01")
    code = other_browser.activation_code(rosa)
    other_browser.activate(code["code"], rosa["date_of_birth"])
    response = other_browser.create_account("rosa.d", email=maria["email"])
    assert response.location == "/sign-up/on-hold"
    assert candidates(portal)[0]["reasons"] == ["email"]


def test_support_see_the_queue_and_resolve_a_case(portal, maria, other_browser):
    sign_up(other_browser, email=maria["email"])
    body = {
        "clinic_id": maria["clinic_id"],
        "first_name": "Sam",
        "last_name": "Reed",
        "role": "support",
        "username": "support1",
        "password": STAFF_PASSWORD,
    }
    member = {**portal.admin("POST", "/staff", body, status=201), "password": STAFF_PASSWORD}
    support = staff_browser(portal, member)
    page = page_text(support.client.get("/staff/duplicates"))
    assert "<h1>Possible duplicate accounts</h1>" in page and "Rosa Diaz" in page and maria["username"] in page
    candidate_id = candidates(portal)[0]["id"]
    done = support.submit(f"/staff/duplicates/{candidate_id}/resolve", {}, form_page="/staff/duplicates")
    assert done.status_code == 302
    assert candidates(portal) == []
