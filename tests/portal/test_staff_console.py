"""The staff console: staff sign-in and sessions, pools with counts, a pool's messages, reading a
conversation with its attachments, and answering with canned responses (MSG-05)."""

from __future__ import annotations

import re

import pytest
from messaging_support import STAFF_PASSWORD, MessagingWorld, field_error, page_text, staff_browser

from reference_portal.portal import EXTENSION_KEY
from reference_portal.services.messaging import NewMessage

pytestmark = pytest.mark.portal

ZONE = "America/Denver"
PDF = b"%PDF-1.4\nreport"


@pytest.fixture
def world(portal):
    world = MessagingWorld(portal)
    world.at("2026-03-04 10:00", ZONE)
    return world


@pytest.fixture
def clinic(world):
    return world.clinic(ZONE, name="Eastside Clinic")


@pytest.fixture
def nurse(clinic):
    return clinic.staff("nurse", "Nora", "Hale")


@pytest.fixture
def nurse_pool(clinic, nurse):
    pool = clinic.pool("Nurse", "nurse", members=(nurse,))
    clinic.route("Medical question", pool)
    return pool


# --- signing in ----------------------------------------------------------------------------------
def test_the_staff_sign_in_page(portal):
    page = page_text(portal.client.get("/staff/sign-in"))
    assert "<h1>Staff sign-in</h1>" in page
    assert '<label class="label" for="username">Username</label>' in page
    assert '<label class="label" for="password">Password</label>' in page
    assert '<button type="submit" class="button">Sign in</button>' in page
    assert 'aria-label="Main"' not in page  # no patient chrome


def test_staff_sign_in_opens_the_console_with_its_own_cookie(portal, world, nurse, nurse_pool):
    response = portal.submit("/staff/sign-in", {"username": nurse["username"], "password": STAFF_PASSWORD})
    assert response.status_code == 302 and response.location == "/staff"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("staff_session=") and "HttpOnly" in cookie and "Path=/" in cookie
    page = page_text(portal.client.get("/staff"))
    assert '<nav class="main-nav staff-nav" aria-label="Staff">' in page and 'aria-label="Main"' not in page
    assert "<h1>Message pools</h1>" in page and "Nora Hale" in page
    assert "Nurse pool" in page
    assert portal.client.get("/home").status_code == 302  # a staff session is not a patient session


@pytest.mark.parametrize("username", ["known", "nobody.here"])
def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(portal, nurse, username):
    name = nurse["username"] if username == "known" else username
    refused = portal.submit("/staff/sign-in", {"username": name, "password": "not the password"})
    assert refused.status_code == 200
    assert field_error(refused, "username") == "Your username or password is incorrect."


def test_five_failures_lock_a_staff_account(portal, nurse):
    for _ in range(4):
        portal.submit("/staff/sign-in", {"username": nurse["username"], "password": "wrong password"})
    locked = portal.submit("/staff/sign-in", {"username": nurse["username"], "password": "wrong password"})
    assert "locked" in field_error(locked, "username")
    right = portal.submit("/staff/sign-in", {"username": nurse["username"], "password": STAFF_PASSWORD})
    assert "locked" in field_error(right, "username")
    assert portal.admin("POST", f"/staff/{nurse['id']}/unlock")["locked"] is False
    assert (
        portal.submit("/staff/sign-in", {"username": nurse["username"], "password": STAFF_PASSWORD}).status_code == 302
    )


def test_a_patient_session_does_not_open_the_console(world, portal, clinic):
    world.signed_in_patient(clinic)
    assert portal.client.get("/staff").location == "/staff/sign-in"


@pytest.mark.parametrize(("minutes", "signed_in"), [(29, True), (31, False)])
def test_the_staff_session_times_out_when_idle(world, portal, nurse, minutes, signed_in):
    browser = staff_browser(portal, nurse, world.scope)
    world.advance(minutes * 60)
    assert (browser.client.get("/staff").status_code == 200) is signed_in


def test_the_staff_session_ends_after_12_hours_even_when_busy(world, portal, nurse):
    browser = staff_browser(portal, nurse, world.scope)
    for _ in range(24):
        world.advance(29 * 60)
        assert browser.client.get("/staff").status_code == 200
    world.advance(29 * 60)  # 12 h 05 min after signing in
    assert browser.client.get("/staff").location == "/staff/sign-in"


def test_signing_out_ends_the_session_on_the_server(portal, nurse):
    browser = staff_browser(portal, nurse)
    token = browser.client.get_cookie("staff_session").value
    response = browser.submit("/staff/sign-out", {}, form_page="/staff")
    assert response.location == "/staff/sign-in"
    replay = portal.new_browser()
    replay.client.set_cookie("staff_session", token)
    assert replay.client.get("/staff").location == "/staff/sign-in"


# --- pools -----------------------------------------------------------------------------------------
def test_the_console_counts_each_pools_messages(world, portal, clinic, nurse, nurse_pool):
    billing = clinic.pool("Billing", "billing", members=(nurse,))
    world.signed_in_patient(clinic)
    world.send_ok(topic="medical", body="I have chest pain")
    world.send_ok(topic="medical")
    page = page_text(staff_browser(portal, nurse, world.scope).client.get("/staff"))
    rows = dict(re.findall(r'<th scope="row"><a href="/staff/pools/[^"]+">([^<]+)</a></th>\s*<td>(\d+)</td>', page))
    assert rows == {"Nurse pool": "2", "Billing pool": "0"}
    assert '<span class="msg-flag msg-flag-urgent">1 urgent</span>' in page
    assert billing["id"] in page


def test_a_pool_page_lists_its_messages_with_flags_as_text(world, portal, clinic, nurse, nurse_pool):
    world.signed_in_patient(clinic, first_name="Maria", last_name="Lopez")
    conversation_id = world.send_ok(topic="medical", subject="Breathing", body="I can't breathe at night")
    page = page_text(staff_browser(portal, nurse, world.scope).client.get(f"/staff/pools/{nurse_pool['id']}"))
    assert "<h1>Nurse pool</h1>" in page
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == ["Patient", "Topic", "Received", "Status", "Flags"]
    assert f'href="/staff/messages/{conversation_id}">Maria Lopez</a>' in page
    assert "<td>Medical question</td>" in page and ">Mar 4, 2026, 10:00 AM MST</td>" in page
    assert "<td>Waiting for reply</td>" in page and '<span class="msg-flag msg-flag-urgent">Urgent</span>' in page


def test_staff_only_open_their_own_clinics_and_pools(world, portal, clinic, nurse, nurse_pool):
    other_clinic = world.clinic(ZONE, name="Westside")
    other_pool = other_clinic.pool("Nurse", "nurse")
    billing = clinic.pool("Billing", "billing")  # the nurse is not a member
    browser = staff_browser(portal, nurse, world.scope)
    assert browser.client.get(f"/staff/pools/{other_pool['id']}").status_code == 404
    assert browser.client.get(f"/staff/pools/{billing['id']}").status_code == 404
    assert "Billing pool" not in page_text(browser.client.get("/staff"))
    administrator = clinic.staff("administrator")
    assert staff_browser(portal, administrator).client.get(f"/staff/pools/{billing['id']}").status_code == 200


# --- a conversation ------------------------------------------------------------------------------
def test_staff_read_the_thread_and_open_the_attachment(world, portal, clinic, nurse, nurse_pool):
    world.signed_in_patient(clinic, first_name="Maria", last_name="Lopez")
    conversation_id = world.send_ok(topic="medical", subject="My results", attachment=(PDF, "lab report.pdf"))
    browser = staff_browser(portal, nurse, world.scope)
    page = page_text(browser.client.get(f"/staff/messages/{conversation_id}"))
    assert "<h1>My results</h1>" in page and "Maria Lopez" in page
    link = re.search(r'<a href="(/staff/attachments/att_[^"]+)">lab report.pdf</a>', page)
    assert link
    download = browser.client.get(link.group(1))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Cache-Control"] == "no-store"
    assert portal.client.get(link.group(1)).status_code == 302  # the patient browser has no staff session
    actions = staff_actions(portal, nurse["id"])
    assert "message-viewed" in actions and "attachment-downloaded" in actions


def test_staff_see_who_wrote_for_whom(world, portal, clinic, nurse, nurse_pool):
    """PRX-08: "Sent by <proxy> for <patient>"."""
    maria = world.signed_in_patient(clinic, first_name="Maria", last_name="Lopez")
    leo = portal.patient(clinic.data, first_name="Leo", last_name="Lopez", date_of_birth="2016-05-01")
    app = portal.app
    with app.app_context(), app.test_request_context():
        services = app.extensions[EXTENSION_KEY]
        parent = services.accounts.for_patient(services.patients.get(maria["id"]))
        new = NewMessage(topic="medical", subject="Leo's cough", body="He has coughed for a week.")
        conversation_id = services.messaging.send(services.patients.get(leo["id"]), parent, new).conversation.public_id
    page = page_text(staff_browser(portal, nurse, world.scope).client.get(f"/staff/messages/{conversation_id}"))
    assert '<p class="thread-sent-for">Sent by Maria Lopez for Leo Lopez</p>' in page
    assert "Leo Lopez (born 2016-05-01)" in page


def test_a_reply_needs_words(world, portal, clinic, nurse, nurse_pool):
    world.signed_in_patient(clinic)
    conversation_id = world.send_ok(topic="medical")
    browser = staff_browser(portal, nurse, world.scope)
    refused = browser.submit(f"/staff/messages/{conversation_id}", {"reply": "  ", "action": "send"})
    assert refused.status_code == 200 and field_error(refused, "reply") == "Enter your reply"


# --- MSG-05: canned responses ----------------------------------------------------------------------
def test_a_canned_response_is_merged_when_inserted_and_counted_when_sent(world, portal, clinic, nurse, nurse_pool):
    portal.admin("PUT", f"/clinics/{clinic.id}/contact", {"phone": "555-0199"})
    canned = portal.admin(
        "POST",
        "/canned-responses",
        {
            "pool_id": nurse_pool["id"],
            "title": "Call us",
            "body": "Hello {patient_first_name}, please call {clinic_name} at {clinic_phone}. {staff_name}",
        },
        status=201,
    )
    world.signed_in_patient(clinic, first_name="Maria")
    conversation_id = world.send_ok(topic="medical")
    browser = staff_browser(portal, nurse, world.scope)
    page = page_text(browser.client.get(f"/staff/messages/{conversation_id}"))
    assert '<label class="label" for="canned_response">Canned response</label>' in page
    assert '<label class="label" for="reply">Reply</label>' in page
    assert ">Send reply</button>" in page and f'<option value="{canned["id"]}">Call us</option>' in page

    fields = {"canned_response": canned["id"], "reply": "", "action": "insert"}
    inserted = browser.submit(f"/staff/messages/{conversation_id}", fields)
    merged = "Hello Maria, please call Eastside Clinic at 555-0199. Nora Hale"
    assert inserted.status_code == 200 and f">{merged}</textarea>" in page_text(inserted)
    assert usage(portal, nurse_pool) == 0  # inserting is not yet a use

    hidden = re.search(r'name="canned_response_id" value="([^"]+)"', page_text(inserted)).group(1)
    sent = browser.submit(
        f"/staff/messages/{conversation_id}", {"reply": merged, "canned_response_id": hidden, "action": "send"}
    )
    assert sent.status_code == 302
    assert usage(portal, nurse_pool) == 1
    assert usage(portal, nurse_pool, start="2026-03-05", end="2026-03-31") == 0
    assert usage(portal, nurse_pool, start="2026-03-04", end="2026-03-04") == 1
    assert merged in page_text(portal.client.get(f"/messages/{conversation_id}"))


def test_a_canned_response_of_another_pool_is_refused(world, portal, clinic, nurse, nurse_pool):
    other = clinic.pool("Billing", "billing")
    canned = portal.admin("POST", "/canned-responses", {"pool_id": other["id"], "title": "Bill", "body": "Paid."}, 201)
    portal.admin("POST", "/canned-responses", {"pool_id": nurse_pool["id"], "title": "Rest", "body": "Rest."}, 201)
    world.signed_in_patient(clinic)
    conversation_id = world.send_ok(topic="medical")
    browser = staff_browser(portal, nurse, world.scope)
    refused = browser.submit(
        f"/staff/messages/{conversation_id}", {"canned_response": canned["id"], "reply": "", "action": "insert"}
    )
    assert field_error(refused, "canned_response") == "Choose one of this pool&#39;s canned responses"


def test_an_unknown_merge_field_is_refused(portal, clinic, nurse_pool):
    body = {"pool_id": nurse_pool["id"], "title": "Oops", "body": "Dear {patient_last_name}"}
    assert portal.admin("POST", "/canned-responses", body, status=400)["problems"][0]["field"] == "body"


# --- providers -----------------------------------------------------------------------------------
def test_a_provider_reads_messages_addressed_to_them(world, portal, clinic):
    provider = clinic.staff("provider", "Ana", "Reyes")
    patient = world.signed_in_patient(clinic, first_name="Maria", last_name="Lopez")
    portal.admin("PUT", f"/patients/{patient['id']}/provider", {"staff_id": provider["id"]})
    conversation_id = world.send_ok(recipient="provider", subject="For Dr. Reyes")
    browser = staff_browser(portal, provider, world.scope)
    assert 'href="/staff/my-messages"' in page_text(browser.client.get("/staff"))
    page = page_text(browser.client.get("/staff/my-messages"))
    assert "<h1>My messages</h1>" in page and f'href="/staff/messages/{conversation_id}">Maria Lopez</a>' in page
    assert staff_browser(portal, clinic.staff("nurse")).client.get("/staff/my-messages").status_code == 404


# --- admin API -----------------------------------------------------------------------------------
def test_staff_records_are_checked(portal, clinic):
    base = {
        "clinic_id": clinic.id,
        "first_name": "A",
        "last_name": "B",
        "username": "ab.staff",
        "password": STAFF_PASSWORD,
    }
    assert portal.admin("POST", "/staff", {**base, "role": "janitor"}, status=400)["problems"][0]["field"] == "role"
    weak = portal.admin("POST", "/staff", {**base, "role": "nurse", "password": "password"}, status=400)
    assert weak["problems"][0]["field"] == "password"
    created = portal.admin("POST", "/staff", {**base, "role": "Front desk"}, status=201)
    assert created["role"] == "front-desk" and created["out_of_office"] is None
    assert re.fullmatch(r"stf_[A-Za-z0-9_-]{16}", created["id"])
    assert portal.admin("POST", "/staff", {**base, "role": "nurse"}, status=409)["problems"][0]["field"] == "username"


def test_a_pool_only_takes_staff_of_its_clinic(world, portal, clinic, nurse):
    other = world.clinic(ZONE, name="Westside")
    body = {"clinic_id": other.id, "name": "Nurse", "kind": "nurse", "member_ids": [nurse["id"]]}
    assert portal.admin("POST", "/pools", body, status=400)["problems"][0]["field"] == "staff_id"
    body = {"clinic_id": clinic.id, "name": "Nurse", "kind": "plumbing"}
    assert portal.admin("POST", "/pools", body, status=400)["problems"][0]["field"] == "kind"


# --- helpers -------------------------------------------------------------------------------------
def usage(portal, pool, start=None, end=None):
    query = f"/canned-responses?pool_id={pool['id']}"
    if start:
        query += f"&from={start}&to={end}"
    return portal.admin("GET", query)["pools"][0]["uses"]


def staff_actions(portal, staff_public_id):
    database = portal.app.extensions[EXTENSION_KEY].database
    with database.unit_of_work():
        rows = database.connection().execute(
            "SELECT action FROM audit_log WHERE actor = ?", (f"staff:{staff_public_id}",)
        )
        return [row["action"] for row in rows.fetchall()]
