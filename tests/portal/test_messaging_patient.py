"""The patient's side of secure messaging: the inbox, writing, urgent words (MSG-08), attachments
(MSG-07), the PHI-free new-message email (MSG-09) and "sent by <proxy> for <patient>" (PRX-08)."""

from __future__ import annotations

import re

import pytest
from messaging_support import MessagingWorld, field_error, page_text

from reference_portal.portal import EXTENSION_KEY
from reference_portal.services.messaging import NewMessage

pytestmark = pytest.mark.portal

ZONE = "America/New_York"
MEGABYTE = 1024 * 1024
LIMIT = 10 * MEGABYTE
PDF, PNG, JPG = b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0"


@pytest.fixture
def world(portal):
    world = MessagingWorld(portal)
    world.at("2026-03-04 10:00", ZONE)  # a Wednesday morning: the clinic is open
    return world


@pytest.fixture
def clinic(world):
    return world.clinic(ZONE)


@pytest.fixture
def maria(world, clinic):
    return world.signed_in_patient(clinic, first_name="Maria", last_name="Lopez")


def a_file(signature: bytes, size: int) -> bytes:
    return signature + b"0" * (size - len(signature))


# --- pages -------------------------------------------------------------------------------------
def test_the_inbox_lists_conversations_with_topic_date_and_status(world, portal, maria):
    page = page_text(portal.client.get("/messages"))
    assert "<h1>Messages</h1>" in page and "You have no messages yet." in page
    assert '<section class="card inbox" aria-labelledby="inbox-title">' in page
    assert '<h2 id="inbox-title">Inbox</h2>' in page
    assert re.search(r'<a class="button" href="/messages/new">New message</a>', page)
    world.send_ok(topic="billing", subject="Question about my bill")
    page = page_text(portal.client.get("/messages"))
    item = re.search(r'<li class="conversation-item">(.*?)</li>', page, re.S).group(1)
    assert "Question about my bill" in item and "Billing question" in item
    assert "Mar 4, 2026, 10:00 AM EST" in item and "Waiting for reply" in item


def test_the_compose_form_has_labelled_fields(portal, maria):
    page = page_text(portal.client.get("/messages/new"))
    assert page.count("<h1>") == 1 and "<h1>New message</h1>" in page
    for field, label in (("topic", "Topic"), ("subject", "Subject"), ("body", "Message"), ("attachment", "Attachment")):
        assert re.search(rf'<label class="[^"]+" for="{field}">{label}</label>', page)  # classes differ by release
    assert re.search(r'<select class="[^"]+" id="topic" name="topic"', page)
    assert 'enctype="multipart/form-data"' in page
    assert '<button type="submit" class="button">Send message</button>' in page
    assert "PDF, JPG or PNG, up to 10 MB" in page


def test_a_message_needs_a_topic_a_subject_and_words(world, maria):
    refused = world.send(topic="", subject=" ", body="")
    assert refused.status_code == 200
    assert field_error(refused, "topic") == "Choose a topic"
    assert field_error(refused, "subject") == "Enter a subject"
    assert field_error(refused, "body") == "Enter your message"
    page = page_text(refused)
    assert 'role="alert"' in page and '<a href="#subject">Enter a subject</a>' in page
    assert 'aria-describedby="body-error" aria-invalid="true"' in page


def test_sending_shows_the_conversation(world, portal, maria):
    response = world.send(subject="Knee pain", body="My knee hurts when I climb stairs.")
    assert response.status_code == 302 and re.fullmatch(r"/messages/cnv_[A-Za-z0-9_-]{16}", response.location)
    page = page_text(portal.client.get(response.location))
    assert "<h1>Knee pain</h1>" in page and "My knee hurts when I climb stairs." in page
    assert 'role="status"' in page and "Your message has been sent." in page
    assert "Maria Lopez" in page
    assert portal.client.get(response.location).headers["Cache-Control"] == "no-store"


def test_another_patients_conversation_is_not_found(world, portal, clinic, maria):
    conversation_id = world.send_ok()
    other = portal.new_browser()
    other.use_clock(world.scope)
    other.sign_in_fully(other.enroll_at_desk(clinic=clinic.data, first_name="Olga"))
    assert other.client.get(f"/messages/{conversation_id}").status_code == 404
    assert other.submit(f"/messages/{conversation_id}", {"body": "hi"}, form_page="/messages/new").status_code == 404
    assert "Olga" not in page_text(portal.client.get(f"/messages/{conversation_id}"))


def test_viewing_a_conversation_is_audited(world, portal, maria):
    conversation_id = world.send_ok()
    portal.client.get(f"/messages/{conversation_id}")
    actions = audit_actions(portal, maria["id"])
    assert "message-sent" in actions and "message-viewed" in actions


# --- MSG-08: urgent words ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    ["I have chest pain since this morning", "I CAN\u2019T BREATHE well", "feeling suicidal", "Maybe a stroke?"],
)
def test_urgent_words_show_the_emergency_advisory_and_flag_the_message(world, portal, maria, body):
    conversation_id = world.send_ok(body=body)
    page = page_text(portal.client.get(f"/messages/{conversation_id}"))
    advisory = re.search(r'<div class="notice notice-urgent" role="alert">\s*<p>(.*?)</p>', page, re.S)
    assert advisory and advisory.group(1).startswith("If this is an emergency, call 911")
    assert world.conversation(conversation_id)["flags"] == ["Urgent"]


@pytest.mark.parametrize("body", ["My chest is fine, no pain at all", "Two strokes of luck", "Breathe in, breathe out"])
def test_ordinary_words_do_not(world, portal, maria, body):
    conversation_id = world.send_ok(body=body)
    assert 'role="alert"' not in page_text(portal.client.get(f"/messages/{conversation_id}"))
    assert world.conversation(conversation_id)["flags"] == []


def test_urgent_advisory_missing_drops_the_advisory_and_the_flag(portal_with_faults):
    world = MessagingWorld(portal_with_faults("urgent-advisory-missing"))
    world.at("2026-03-04 10:00", ZONE)
    world.signed_in_patient(world.clinic(ZONE))
    conversation_id = world.send_ok(body="I have chest pain")
    assert "If this is an emergency, call 911 or go to the nearest emergency room now" not in page_text(
        world.portal.client.get(f"/messages/{conversation_id}")
    )
    assert world.conversation(conversation_id)["flags"] == []


# --- MSG-07: attachments -----------------------------------------------------------------------
def test_an_attachment_of_exactly_the_limit_is_accepted_and_kept_intact(world, portal, maria):
    content = a_file(PDF, LIMIT)
    conversation_id = world.send_ok(attachment=(content, "scan.pdf"))
    attachment = world.conversation(conversation_id)["messages"][0]["attachments"][0]
    assert attachment["size_bytes"] == LIMIT and attachment["content_type"] == "application/pdf"
    download = portal.client.get(f"/messages/attachments/{attachment['id']}")
    assert download.status_code == 200 and download.data == content
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="scan.pdf"'


def test_one_byte_over_the_limit_is_refused_on_the_attachment_field(world, maria):
    refused = world.send(attachment=(a_file(PDF, LIMIT + 1), "scan.pdf"))
    assert refused.status_code == 200
    assert field_error(refused, "attachment") == "The attachment must be 10 MB or smaller"
    page = page_text(refused)
    assert '<a href="#attachment">The attachment must be 10 MB or smaller</a>' in page
    assert 'id="attachment" name="attachment" type="file"' in page
    assert 'aria-describedby="attachment-hint attachment-error" aria-invalid="true"' in page
    assert 'value="A question"' in page  # what the patient typed is kept


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"MZ\x90\x00 not a pdf", "invoice.pdf"),  # a program renamed
        (PNG + b"png data", "photo.pdf"),  # a picture called a PDF
        (PDF + b"data", "notes.docx"),
        (PDF + b"data", "no-extension"),
        (b"", "empty.pdf"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(world, maria, content, filename):
    refused = world.send(attachment=(content, filename))
    assert refused.status_code == 200 and field_error(refused, "attachment")


@pytest.mark.parametrize(
    ("content", "filename", "kind"), [(PNG, "rash.png", "image/png"), (JPG, "rash.JPEG", "image/jpeg")]
)
def test_pictures_are_accepted(world, maria, content, filename, kind):
    conversation_id = world.send_ok(attachment=(content + b"pixels", filename))
    assert world.conversation(conversation_id)["messages"][0]["attachments"][0]["content_type"] == kind


def test_a_request_too_large_to_read_comes_back_with_the_attachment_error(world, portal, maria):
    refused = world.send(attachment=(a_file(PDF, 17 * MEGABYTE), "huge.pdf"))
    assert refused.status_code == 302 and refused.location == "/messages/new"
    assert field_error(portal.client.get("/messages/new"), "attachment") == "The attachment must be 10 MB or smaller"


def test_another_patients_attachment_is_not_found(world, portal, clinic, maria):
    conversation_id = world.send_ok(attachment=(PDF + b"x", "a.pdf"))
    attachment_id = world.conversation(conversation_id)["messages"][0]["attachments"][0]["id"]
    other = portal.new_browser()
    other.sign_in_fully(other.enroll_at_desk(clinic=clinic.data))
    assert other.client.get(f"/messages/attachments/{attachment_id}").status_code == 404


def test_attachment_size_limit_off_lets_big_files_through(portal_with_faults):
    world = MessagingWorld(portal_with_faults("attachment-size-limit-off"))
    world.at("2026-03-04 10:00", ZONE)
    world.signed_in_patient(world.clinic(ZONE))
    assert world.send(attachment=(a_file(PDF, LIMIT + 1), "scan.pdf")).status_code == 302


# --- MSG-09: the new-message email -----------------------------------------------------------
def staff_reply(world, conversation_id, body="Please come in on Friday."):
    clinic_id = world.conversation(conversation_id)["clinic_id"]
    pool_id = world.conversation(conversation_id)["pool_id"]
    nurse = world.portal.admin(
        "POST",
        "/staff",
        {
            "clinic_id": clinic_id,
            "first_name": "Nora",
            "last_name": "Hale",
            "role": "supervisor",
            "username": f"nurse-{conversation_id[-6:]}",
            "password": "quiet harbour lights",
        },
        status=201,
    )
    assert pool_id
    world.portal.admin(
        "POST", f"/messages/{conversation_id}/replies", {"staff_id": nurse["id"], "body": body}, status=201
    )


def test_a_reply_is_announced_by_an_email_without_phi(world, portal, maria):
    conversation_id = world.send_ok(topic="test-results", subject="My HIV test", body="Is my HIV result back?")
    assert new_message_emails(portal, maria["email"]) == []
    staff_reply(world, conversation_id, body="Your HIV test was negative.")
    [email] = new_message_emails(portal, maria["email"])
    assert email["subject"] == "You have a new message from your care team"
    assert "You have a new message from your care team. Please sign in to read it." in email["body"]
    for secret in ("HIV", "negative", "Test results", "test result", "Maria", "Lopez"):
        assert secret.lower() not in (email["subject"] + email["body"]).lower()
    page = page_text(portal.client.get(f"/messages/{conversation_id}"))
    assert "Your HIV test was negative." in page and "Replied" in page


def test_new_message_email_leaks_subject_puts_the_subject_in_the_email(portal_with_faults):
    world = MessagingWorld(portal_with_faults("new-message-email-leaks-subject"))
    world.at("2026-03-04 10:00", ZONE)
    patient = world.signed_in_patient(world.clinic(ZONE))
    conversation_id = world.send_ok(subject="My HIV test")
    staff_reply(world, conversation_id)
    [email] = [m for m in world.portal.mail_to(patient["email"]) if "sign-in code" not in m["subject"].lower()]
    assert "My HIV test" in email["subject"]


# --- PRX-08: a proxy writes for the patient --------------------------------------------------
def test_a_message_written_by_a_proxy_names_both(world, portal, clinic, maria):
    """The acting account (the parent's own) and the patient (the child) are kept apart."""
    leo = portal.patient(clinic.data, first_name="Leo", last_name="Lopez", date_of_birth="2016-05-01")
    app = portal.app
    with app.app_context(), app.test_request_context():
        services = app.extensions[EXTENSION_KEY]
        child = services.patients.get(leo["id"])
        parent_account = services.accounts.for_patient(services.patients.get(maria["id"]))
        new = NewMessage(topic="medical", subject="Leo's cough", body="Leo has coughed for a week.")
        sent = services.messaging.send(child, parent_account, new, sender_name="Maria Lopez")
        conversation_id = sent.conversation.public_id
    shown = world.conversation(conversation_id)
    assert shown["patient_id"] == leo["id"]
    assert shown["messages"][0]["sender_account_id"] == maria["account_id"]
    assert shown["messages"][0]["sent_for"] == "Sent by Maria Lopez for Leo Lopez"
    assert conversation_id not in page_text(portal.client.get("/messages"))  # not in Maria's own inbox
    assert portal.client.get(f"/messages/{conversation_id}").status_code == 404


# --- helpers -----------------------------------------------------------------------------------
def new_message_emails(portal, address):
    return [mail for mail in portal.mail_to(address) if "new message" in mail["subject"].lower()]


def audit_actions(portal, patient_public_id):
    database = portal.app.extensions[EXTENSION_KEY].database
    with database.unit_of_work():
        rows = (
            database.connection()
            .execute(
                "SELECT action FROM audit_log JOIN patients ON patients.id = audit_log.patient_id"
                " WHERE patients.public_id = ?",
                (patient_public_id,),
            )
            .fetchall()
        )
    return [row["action"] for row in rows]


def test_a_parent_writes_for_their_child_from_the_childs_record(world, portal, clinic, maria):
    """PRX-08 end to end: the proxy area puts the child on screen; the message is the child's."""
    leo = portal.patient(clinic.data, first_name="Leo", last_name="Lopez", date_of_birth="2018-05-01")
    body = {"patient_id": leo["id"], "relationship": "parent", "proxy_account_id": maria["account_id"]}
    portal.admin("POST", "/proxies", body, status=201)
    assert portal.submit("/proxy/switch", {"subject": leo["id"]}, form_page="/home").status_code == 302
    conversation_id = world.send_ok(subject="Leo's cough")
    shown = world.conversation(conversation_id)
    assert shown["patient_id"] == leo["id"]
    assert shown["messages"][0]["sender_account_id"] == maria["account_id"]
    assert shown["messages"][0]["sent_for"] == "Sent by Maria Lopez for Leo Lopez"
    assert "Sent by Maria Lopez for Leo Lopez" in page_text(portal.client.get(f"/messages/{conversation_id}"))
