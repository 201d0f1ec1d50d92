"""ENR-06: a parent enrolls as proxy for a child with the child's proxy code (same rules as
activation codes: 10 unambiguous characters, 7 days, single use, void after 5 wrong answers)."""

from __future__ import annotations

import re

import pytest
from proxy_support import PASSWORD, at, banner, clinic, enrolled_adult, field_error, h1, page_text, switcher_options

from reference_portal.settings import UNAMBIGUOUS_ALPHABET

pytestmark = pytest.mark.portal

ISSUED_AT = "2026-03-10T18:00:00Z"
CHILD_BIRTH = "2020-05-01"


@pytest.fixture
def child(portal):
    at(portal, "enr06", ISSUED_AT)
    where = clinic(portal, "America/Chicago")
    return portal.patient(where, first_name="Leo", date_of_birth=CHILD_BIRTH, email=None)


def proxy_code(portal, patient, relationship="parent"):
    return portal.admin("POST", "/proxy-codes", {"patient_id": patient["id"], "relationship": relationship}, status=201)


def enter_code(portal, code, birth=CHILD_BIRTH):
    return portal.submit("/activate/proxy", {"proxy_code": code, "patient_date_of_birth": birth})


def create_proxy_account(portal, username="ana.lopez", email="ana@example.test", **overrides):
    fields = {
        "first_name": "Ana",
        "last_name": "Lopez",
        "username": username,
        "email": email,
        "password": PASSWORD,
        "confirm_password": PASSWORD,
        **overrides,
    }
    return portal.submit("/activate/proxy/account", fields)


def test_staff_issue_a_proxy_code_like_an_activation_code(portal, child):
    issued = proxy_code(portal, child)
    assert set(issued) == {"id", "code", "relationship", "issued_at", "expires_at", "patient_id"}
    assert re.fullmatch(rf"[{UNAMBIGUOUS_ALPHABET}]{{5}}-[{UNAMBIGUOUS_ALPHABET}]{{5}}", issued["code"])
    assert (issued["relationship"], issued["issued_at"], issued["expires_at"]) == (
        "parent",
        ISSUED_AT,
        "2026-03-17T18:00:00Z",
    )
    assert issued["patient_id"] == child["id"]


def test_the_activation_pages_link_to_proxy_activation(portal):
    for path in ("/", "/activate"):
        assert 'href="/activate/proxy">Activate proxy access</a>' in page_text(portal.client.get(path)), path
    page = portal.client.get("/activate/proxy")
    assert h1(page) == "Activate proxy access"
    text = page_text(page)
    assert 'for="proxy_code">Proxy code<' in text and 'for="patient_date_of_birth">Patient&#39;s date of birth<' in text
    assert ">Continue</button>" in text


def test_a_parent_enrolls_with_the_childs_code_and_date_of_birth(portal, child):
    issued = proxy_code(portal, child)
    checked = enter_code(portal, issued["code"].lower().replace("-", " "))  # typed loosely
    assert checked.status_code == 302 and checked.location == "/activate/proxy/account"
    page = portal.client.get("/activate/proxy/account")
    assert h1(page) == "Create your proxy account" and "see Leo&#39;s record" in page_text(page)  # escaped by _()
    assert issued["code"] not in page_text(page) and issued["code"] not in checked.location

    created = create_proxy_account(portal)
    assert created.status_code == 302 and created.location == "/sign-in"
    proxies = portal.admin("GET", f"/patients/{child['id']}/proxies")["proxies"]
    assert [(p["relationship"], p["status"], p["proxy_name"]) for p in proxies] == [("parent", "active", "Ana Lopez")]
    assert proxies[0]["granted_by"] == f"proxy-code:{issued['id']}"


def test_account_problems_are_shown_by_field_and_the_code_stays_unused(portal, child):
    issued = proxy_code(portal, child)
    enter_code(portal, issued["code"])
    refused = create_proxy_account(portal, first_name="", password="short", confirm_password="short")
    assert refused.status_code == 200
    assert field_error(refused, "first_name") == "Enter your first name"
    assert field_error(refused, "password") == "Your password must be at least 8 characters."
    assert create_proxy_account(portal).location == "/sign-in"  # the same code, fixed form


def test_a_wrong_date_of_birth_is_refused_and_the_fifth_voids_the_code(portal, child):
    issued = proxy_code(portal, child)
    for _ in range(4):
        wrong = enter_code(portal, issued["code"], "1985-04-12")  # the parent's own date of birth
        assert field_error(wrong, "proxy_code") == "The proxy code or date of birth is not right"
    fifth = enter_code(portal, issued["code"], "1985-04-12")
    assert field_error(fifth, "proxy_code") == "This proxy code can no longer be used. Ask your clinic for a new one."
    right = enter_code(portal, issued["code"])
    assert field_error(right, "proxy_code") == "This proxy code can no longer be used. Ask your clinic for a new one."


@pytest.mark.parametrize(
    ("instant", "accepted"),
    [("2026-03-17T18:00:00Z", True), ("2026-03-17T18:00:01Z", False)],  # the last instant; a second later
)
def test_a_proxy_code_lasts_seven_days(portal, child, instant, accepted):
    issued = proxy_code(portal, child)
    at(portal, "enr06", instant)
    checked = enter_code(portal, issued["code"])
    if accepted:
        assert checked.location == "/activate/proxy/account"
    else:
        assert field_error(checked, "proxy_code") == "This proxy code has expired. Ask your clinic for a new one."


def test_a_proxy_code_works_once(portal, child, other_browser):
    issued = proxy_code(portal, child)
    enter_code(portal, issued["code"])
    create_proxy_account(portal)
    other_browser.use_clock("enr06")
    again = enter_code(other_browser, issued["code"])
    assert field_error(again, "proxy_code") == "This proxy code has already been used."


def test_a_signed_in_parent_adds_the_child_to_their_own_account(portal, child):
    parent = enrolled_adult(portal, clinic(portal, "America/Chicago"))
    portal.sign_in_fully(parent)
    assert "The record will be added to your account" in page_text(portal.client.get("/activate/proxy"))
    issued = proxy_code(portal, child)
    added = enter_code(portal, issued["code"])
    assert added.location == "/home"
    home = portal.client.get("/home")
    assert "You can now view Leo&#39;s record." in page_text(home)
    assert switcher_options(home) == ["Your own record", "Leo Lopez"]
    again = enter_code(portal, proxy_code(portal, child)["code"])
    assert field_error(again, "proxy_code") == "You already have access to this record."


def test_the_child_cannot_use_a_proxy_code_for_their_own_record(portal):
    at(portal, "enr06-own", ISSUED_AT)
    where = clinic(portal, "America/Chicago")
    teen = enrolled_adult(portal, where, first_name="Mia", date_of_birth="2011-01-20")
    portal.sign_in_fully(teen)
    refused = enter_code(portal, proxy_code(portal, teen)["code"], "2011-01-20")
    assert field_error(refused, "proxy_code") == (
        "This proxy code is for your own record. Use an activation code to open your own record."
    )


def test_staff_register_a_proxy_person_who_enrolls_later_with_the_code(portal, child):
    registered = portal.admin(
        "POST",
        "/proxies",
        {
            "patient_id": child["id"],
            "relationship": "parent",
            "proxy": {"first_name": "Ana", "last_name": "Lopez", "email": "ana@example.test"},
        },
        status=201,
    )
    assert registered["status"] == "pending" and registered["proxy_account_id"] is None
    assert registered["proxy_name"] == "Ana Lopez" and registered["access_level"] is None
    enter_code(portal, registered["proxy_code"]["code"])
    create_proxy_account(portal)
    completed = portal.admin("GET", f"/proxies/{registered['id']}")
    assert completed["status"] == "active" and completed["proxy_account_id"] is not None
    assert len(portal.admin("GET", f"/patients/{child['id']}/proxies")["proxies"]) == 1


def test_a_parental_proxy_code_is_refused_for_an_adult(portal):
    at(portal, "enr06-adult", ISSUED_AT)
    adult = portal.patient(clinic(portal, "America/Chicago"), date_of_birth="2008-03-10")  # 18 today
    portal.admin("POST", "/proxy-codes", {"patient_id": adult["id"], "relationship": "parent"}, status=400)
    portal.admin("POST", "/proxy-codes", {"patient_id": adult["id"], "relationship": "guardian"}, status=201)


def test_a_desk_enrollment_signs_in_straight_to_the_childs_record(portal, child):
    issued = proxy_code(portal, child)
    enrolled = portal.admin(
        "POST",
        "/proxy-enrollments",
        {
            "code": issued["code"],
            "date_of_birth": CHILD_BIRTH,
            "first_name": "Ana",
            "last_name": "Lopez",
            "username": "ana.desk",
            "email": "ana.desk@example.test",
            "password": PASSWORD,
        },
        status=201,
    )
    assert set(enrolled) == {"account_id", "username", "patient_id", "proxy"}
    portal.sign_in_fully({"username": "ana.desk", "password": PASSWORD, "email": "ana.desk@example.test"})
    assert banner(portal.client.get("/home")) == "You are viewing Leo's record full access"
    wrong = {**{"code": proxy_code(portal, child)["code"], "date_of_birth": "2020-05-02", "account_id": "x"}}
    portal.admin("POST", "/proxy-enrollments", wrong, status=400)
