"""Accesses to a patient's information by each kind of actor, built over HTTP and the admin API.

AUD-01 needs someone of each kind (the patient, a proxy, staff, a partner-facility user) to have
looked at the patient's information before a supervisor reads the audit log. These helpers reach
that state without clicking: form posts and page requests in the actor's own browser.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from playwright.sync_api import Page

from data.people import People, Person
from data.web_forms import FormPostError, landed_on, post_form
from portal_harness.masking import SECRETS


def _get(page: Page, path: str) -> None:
    response = page.request.get(path)
    if response.status >= 400:
        raise FormPostError(f"GET {path} answered {response.status}.")


def account_id_of(people: People, person: Person) -> str:
    shape = people.scenario.api.request("GET", f"/api/admin/patients/{person.patient_id}/account")
    if not shape.get("account"):
        raise ValueError(f"{person.name} has no portal account yet: enroll them first.")
    return str(shape["account"]["id"])


def patient_views_health_summary(people: People, patient: Person) -> None:
    _get(people.sign_in(patient), "/health-summary")


def adult_proxy_views_health_summary(people: People, proxy_name: str, patient: Person) -> None:
    """The proxy has their own account; the patient granted adult-proxy access; the proxy switches and looks."""
    if patient.clinic is None:
        raise ValueError(f"{patient.name} is not a registered patient yet.")
    proxy = people.enrolled_patient(proxy_name, patient.clinic.name)
    body = {
        "patient_id": patient.patient_id,
        "proxy_account_id": account_id_of(people, proxy),
        "relationship": "adult-proxy",
    }
    people.scenario.api.request("POST", "/api/admin/proxies", body)
    page = people.sign_in(proxy)
    post_form(page, "/proxy/switch", {"subject": str(patient.patient_id)}, form_page="/home")
    _get(page, "/health-summary")


def staff_reads_message(people: People, staff_name: str, role: str, patient: Person) -> None:
    """The patient writes to the clinic's pool, where the staff member works; they open the message."""
    if patient.clinic is None:
        raise ValueError(f"{patient.name} is not a registered patient yet.")
    api = people.scenario.api
    member = people.staff_member(staff_name, role, patient.clinic.name)
    pool = api.request(
        "POST",
        "/api/admin/pools",
        {"clinic_id": patient.clinic.id, "name": "Care team", "kind": "nurse", "member_ids": [member.staff_id]},
    )
    api.request(
        "POST", "/api/admin/routing-rules", {"clinic_id": patient.clinic.id, "topic": None, "pool_id": pool["id"]}
    )
    fields = {"topic": "medical", "subject": "A question", "body": people.fake.message_body("Medical question")}
    sent = post_form(people.sign_in(patient), "/messages/new", fields)
    conversation_path = landed_on(sent)
    if not conversation_path.startswith("/messages/"):
        raise FormPostError(f"{patient.name}'s message was not sent: the portal stayed on {conversation_path}.")
    _get(people.sign_in_staff(member), "/staff" + conversation_path)


def partner_user_views_record(people: People, partner_name: str, patient: Person, today: Any) -> None:
    """A partner facility under an active MOU, the patient attributed to it; its user opens the record."""
    if patient.clinic is None:
        raise ValueError(f"{patient.name} is not a registered patient yet.")
    api = people.scenario.api
    fake = people.fake
    organization = api.request(
        "POST",
        "/api/admin/partner-organizations",
        {"name": f"{fake.last_name()} Home Health", "clinic_id": patient.clinic.id, "kind": "home-health"},
    )
    mou = api.request(
        "POST",
        "/api/admin/mous",
        {
            "organization_id": organization["id"],
            "starts_on": (today - timedelta(days=30)).isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "functions": ["results", "medications", "scheduling"],
        },
    )
    api.request("POST", f"/api/admin/mous/{mou['id']}/attributions", {"patient_id": patient.patient_id})
    partner = people[partner_name]
    api.request(
        "POST",
        "/api/admin/partner-users",
        {
            "organization_id": organization["id"],
            "first_name": partner.first_name,
            "last_name": partner.last_name,
            "username": partner.username,
            "password": str(SECRETS.register(partner.password)),
            "email": partner.email,
        },
    )
    page = people.page_of(partner)
    signed_in = post_form(page, "/partner/sign-in", {"username": partner.username, "password": partner.password})
    if landed_on(signed_in) != "/partner":
        raise FormPostError(f"{partner.name} could not sign in as a partner user ({landed_on(signed_in)}).")
    _get(page, f"/partner/patients/{patient.patient_id}")
