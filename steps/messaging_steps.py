"""Secure messaging: topics, routing, auto-replies, staff replies, attachments (MSG)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from playwright.sync_api import expect
from pytest import fixture
from pytest_bdd import given, parsers, then, when

from data.expectations import Expectations
from data.message_texts import CANNED_RESPONSE_TEXT, STAFF_ANSWER_TEXT
from data.messaging import (
    MEBIBYTE,
    NEW_MESSAGE_WORDS,
    MessagingSetup,
    Outbox,
    SentMessage,
    conversation_id_from,
    new_message,
    notices_to,
    sample_file,
    send_over_http,
)
from data.people import People
from pages.base_page import BasePage
from pages.compose_page import ComposePage
from pages.conversation_page import ConversationPage
from pages.downloads import download_bytes
from pages.messages_page import MessagesPage
from pages.reply_report_page import ReplyReportPage
from pages.staff_pools_page import PoolPage, StaffConsolePage
from steps.phrases import POSSESSIVE, SUBJECT

NAME = r"(?P<name>[A-Z]\w+)"
STAFF = r"(?P<staff>[A-Z]\w+)"
CLINIC = r'"(?P<clinic>[^"]+)"'
POOL = r'"(?P<pool>[^"]+)" pool'
TOPIC = r'"(?P<topic>[^"]+)"'
# The files of MSG-07, by what the features call them: (sample kind, size in bytes or None for "small").
ATTACHMENTS = {
    "a PDF exactly at the size limit": ("pdf", 0),
    "a PDF one byte over the size limit": ("pdf", 1),
    "a JPG photo": ("jpg", None),
    "a PNG image": ("png", None),
    "a Word document": ("docx", None),
    "a program renamed to .pdf": ("renamed program", None),
}
SMALL_FILE_BYTES = 200 * 1024


@fixture
def messaging_setup(people: People) -> MessagingSetup:
    """The scenario's pools, routing rules, clinic hours and clock, built through the admin API."""
    return MessagingSetup(people)


@fixture
def outbox() -> Outbox:
    """Every message the scenario's patients sent, oldest first."""
    return Outbox()


# --- Given: pools, rules, providers --------------------------------------------------------------
@given(parsers.re(rf"{CLINIC} routes {TOPIC} messages to its {POOL}"))
def clinic_routes_topic(messaging_setup: MessagingSetup, clinic: str, topic: str, pool: str) -> None:
    """The clinic's routing rule sends the topic to that pool of the clinic (the pool is created if new)."""
    messaging_setup.route(clinic, topic, pool)


@given(parsers.re(rf'{CLINIC} (?:also )?has an? {POOL}(?: and an? "(?P<other>[^"]+)" pool)?'))
def clinic_has_pools(messaging_setup: MessagingSetup, clinic: str, pool: str, other: str | None) -> None:
    """The clinic has these staff pools; a pool's name gives its kind (Nurse, Billing, Pharmacy, Supervisor)."""
    for name in (pool, other):
        if name:
            messaging_setup.pool(clinic, name)


@given(parsers.re(rf"an administrator has since routed {TOPIC} messages of {CLINIC} to its {POOL}"))
def administrator_changed_rule(messaging_setup: MessagingSetup, topic: str, clinic: str, pool: str) -> None:
    """An administrator replaced the clinic's routing rule for the topic (through the admin API)."""
    messaging_setup.route(clinic, topic, pool)


@given(parsers.re(rf"the {POOL} of {CLINIC} has the canned response \"(?P<title>[^\"]+)\""))
def pool_has_canned_response(messaging_setup: MessagingSetup, pool: str, clinic: str, title: str) -> None:
    """The pool keeps a ready-made reply with merge fields (patient's first name, staff name, clinic name)."""
    messaging_setup.canned_response(clinic, pool, title, CANNED_RESPONSE_TEXT)


@given(parsers.re(rf"(?P<provider>[A-Z]\w+) is {NAME}'s provider, out of office this week with the {POOL} covering"))
def provider_out_of_office(
    people: People, messaging_setup: MessagingSetup, provider: str, name: str, pool: str
) -> None:
    """The patient's own provider is away from today for a week; the clinic's pool covers their messages."""
    doctor = people.staff(provider)
    assert doctor.clinic is not None
    messaging_setup.assign_provider(people[name], doctor)
    messaging_setup.out_of_office(doctor, days=7, covering=messaging_setup.pool(doctor.clinic.name, pool))


# --- Given: messages already sent ----------------------------------------------------------------
@given(parsers.re(rf"{NAME} has sent an? {TOPIC} message"), target_fixture="message")
def has_sent_message(people: People, outbox: Outbox, name: str, topic: str) -> SentMessage:
    """The patient sent a message on the topic (over HTTP with the portal's own form, signing in first)."""
    person = people[name]
    return outbox.add(send_over_http(people, person, new_message(people, person, topic)))


@given(
    parsers.re(rf"{NAME} sent an? {TOPIC} message a minute (?P<side>less|more) than the response target ago"),
    target_fixture="message",
)
def sent_message_a_while_ago(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    people: People,
    outbox: Outbox,
    messaging_setup: MessagingSetup,
    expected: Expectations,
    name: str,
    topic: str,
    side: str,
) -> SentMessage:
    """The patient sent the message, then the scenario's clock moved on: the target (expected) -/+ 1 minute."""
    person = people[name]
    sent = outbox.add(send_over_http(people, person, new_message(people, person, topic)))
    waited = int(expected.messaging.response_hours) * 3600 + (60 if side == "more" else -60)
    messaging_setup.advance_clock(waited)
    return sent


@given("nobody has answered it yet")
def nobody_answered() -> None:
    """The message is still waiting for a reply from the clinic (nothing to do: no one answered)."""


@given(parsers.re(rf"{STAFF} has answered it"))
def staff_answered(people: People, messaging_setup: MessagingSetup, message: SentMessage, staff: str) -> None:
    """The staff member answered the message just now (through the admin API, with their own access)."""
    messaging_setup.reply(message, people.staff(staff), STAFF_ANSWER_TEXT)


# --- When: the patient writes --------------------------------------------------------------------
def _compose(people: People, name: str) -> ComposePage:
    return MessagesPage(people.page_of(people[name])).open().compose()


@when(parsers.re(rf"{NAME} sends (?:an?|another) {TOPIC} message"), target_fixture="message")
def sends_message(people: People, outbox: Outbox, name: str, topic: str) -> SentMessage:
    """The patient writes a new message on the topic in the portal and sends it to the care team."""
    message = new_message(people, people[name], topic)
    conversation = _compose(people, name).send(topic=topic, subject=message.subject, body=message.body)
    message.conversation_id = conversation_id_from(conversation.page.url)
    return outbox.add(message)


@when(parsers.re(rf"{NAME} sends an? {TOPIC} message to {POSSESSIVE} provider"), target_fixture="message")
def sends_message_to_provider(people: People, outbox: Outbox, name: str, topic: str) -> SentMessage:
    """The patient addresses the message to their own provider rather than the care team."""
    message = new_message(people, people[name], topic)
    conversation = _compose(people, name).send(
        topic=topic, subject=message.subject, body=message.body, to_provider=True
    )
    message.conversation_id = conversation_id_from(conversation.page.url)
    return outbox.add(message)


@when(parsers.re(rf"{NAME} sends an? {TOPIC} message (?P<words>with|without) urgent words"), target_fixture="message")
def sends_message_with_or_without_urgent_words(
    people: People, outbox: Outbox, name: str, topic: str, words: str
) -> SentMessage:
    """The patient's text says, or does not say, something like "I have chest pain" or "I can't breathe"."""
    body = people.fake.urgent_message("en") if words == "with" else people.fake.message_body(topic, "en")
    message = new_message(people, people[name], topic, body)
    _compose(people, name).send(topic=topic, subject=message.subject, body=message.body)
    return outbox.add(message)


@when(parsers.re(rf"{NAME} sends an? {TOPIC} message with (?P<file>.+) attached"), target_fixture="message")
def sends_message_with_attachment(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    people: People, outbox: Outbox, expected: Expectations, tmp_path: Path, name: str, topic: str, file: str
) -> SentMessage:
    """The patient attaches a file made for the scenario (sizes from the expected limit) and tries to send."""
    kind, extra = ATTACHMENTS[file]
    limit = int(expected.messaging.attachment_max_mb) * MEBIBYTE
    path = sample_file(tmp_path, kind, SMALL_FILE_BYTES if extra is None else limit + extra)
    message = new_message(people, people[name], topic)
    message.attachment = path
    _compose(people, name).try_to_send(topic=topic, subject=message.subject, body=message.body, attachment=path)
    return outbox.add(message)


# --- When: staff work their pools ----------------------------------------------------------------
@when(parsers.re(rf'{STAFF} answers {NAME}\'s message in the {POOL}(?: with the canned response "(?P<title>[^"]+)")?'))
def staff_answers(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    people: People, outbox: Outbox, staff: str, name: str, pool: str, title: str | None
) -> None:
    """From the staff console: open the pool, open the patient's message, answer (from a canned response)."""
    console = StaffConsolePage(people.page_of(people.staff(staff))).open()
    conversation = console.open_pool(pool).open_conversation(outbox.latest(name).subject)
    if title:
        conversation.insert_canned_response(title).send_reply()
    else:
        conversation.answer(STAFF_ANSWER_TEXT)


@when(parsers.re(rf"{STAFF} opens the {POOL}"), target_fixture="current_page")
def staff_opens_pool(people: People, staff: str, pool: str) -> PoolPage:
    """The staff member opens the pool's queue from the console's list of pools."""
    return StaffConsolePage(people.page_of(people.staff(staff))).open().open_pool(pool)


# --- Then: where a message went --------------------------------------------------------------------
@then(parsers.re(rf"{STAFF} (?:still )?finds {NAME}'s (?P<which>new |earlier )?message in the {POOL}"))
def staff_finds_message(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    people: People, outbox: Outbox, staff: str, name: str, which: str | None, pool: str
) -> None:
    """The message is listed in that pool of the staff member's clinic (the pool's page in the console)."""
    message = outbox.earliest(name) if which == "earlier " else outbox.latest(name)
    queue = StaffConsolePage(people.page_of(people.staff(staff))).open().open_pool(pool)
    expect(queue.rows_for(message.subject)).to_have_count(1)


@then(parsers.re(rf"{STAFF} sees {NAME}'s message (?P<flag>flagged|not flagged) Urgent in the {POOL}"))
def staff_sees_urgent_flag(  # noqa: PLR0917 (pytest-bdd passes fixtures and step arguments by name)
    people: People, outbox: Outbox, staff: str, name: str, flag: str, pool: str
) -> None:
    """The pool's queue shows the message, with or without the Urgent flag."""
    subject = outbox.latest(name).subject
    queue = StaffConsolePage(people.page_of(people.staff(staff))).open().open_pool(pool)
    expect(queue.row_for(subject)).to_have_count(1)
    flags = expect(queue.flags_of(subject))
    if flag == "flagged":
        flags.to_contain_text(PoolPage.URGENT)
    else:
        flags.not_to_contain_text(PoolPage.URGENT)


@then(parsers.re(rf"{NAME}'s message is not listed there"))
def message_not_in_pool(current_page: BasePage, outbox: Outbox, name: str) -> None:
    """The pool on screen does not list the message (it is not overdue, so not escalated)."""
    assert isinstance(current_page, PoolPage)
    expect(current_page.heading).to_be_visible()
    expect(current_page.rows_for(outbox.latest(name).subject)).to_have_count(0)


@then(parsers.re(rf"{NAME}'s message is listed there as overdue, escalated from the {POOL}"))
def message_escalated(current_page: BasePage, outbox: Outbox, name: str, pool: str) -> None:
    """The supervisor pool lists the message flagged Overdue, naming the pool it came from."""
    assert isinstance(current_page, PoolPage)
    subject = outbox.latest(name).subject
    expect(current_page.row_for(subject)).to_have_count(1)
    expect(current_page.flags_of(subject)).to_contain_text(PoolPage.OVERDUE)
    expect(current_page.escalated_from(subject)).to_have_text(PoolPage.title_of(pool))


# --- Then: what the patient sees -----------------------------------------------------------------
def _conversation_of(people: People, outbox: Outbox, name: str) -> ConversationPage:
    """The patient's browser is on the conversation the When step just sent."""
    return ConversationPage(people.page_of(people[name]), outbox.latest(name).subject).ready()


@then(
    parsers.re(
        rf'{NAME} gets the (?:after-hours|"(?P<holiday>[^"]+)" holiday) automatic reply with emergency instructions'
    )
)
def gets_closed_auto_reply(people: People, outbox: Outbox, name: str, holiday: str | None) -> None:
    """One automatic reply says the clinic is closed (now, or for its holiday) and what to do in an emergency."""
    person = people[name]
    assert person.clinic is not None
    conversation = _conversation_of(people, outbox, name)
    words = (
        ConversationPage.HOLIDAY.format(clinic=person.clinic.name, holiday=holiday)
        if holiday
        else ConversationPage.AFTER_HOURS.format(clinic=person.clinic.name)
    )
    expect(conversation.automatic_replies).to_have_count(1)
    expect(conversation.automatic_replies).to_contain_text(words)
    expect(conversation.automatic_replies).to_contain_text(ConversationPage.EMERGENCY_INSTRUCTIONS)


@then(parsers.re(rf"{NAME} gets no automatic reply"))
def gets_no_auto_reply(people: People, outbox: Outbox, name: str) -> None:
    """The conversation holds the patient's message only: no automatic reply while the clinic is open."""
    conversation = _conversation_of(people, outbox, name)
    expect(conversation.thread).to_have_count(1)
    expect(conversation.automatic_replies).to_have_count(0)


@then(
    parsers.re(
        rf"{NAME} gets an automatic reply that (?P<provider>[A-Z]\w+) is away and the \"(?P<pool>[^\"]+)\" team"
        r" is covering"
    )
)
def gets_out_of_office_reply(people: People, outbox: Outbox, name: str, provider: str, pool: str) -> None:
    """The automatic reply names the provider who is away, the covering team, and the emergency instructions."""
    conversation = _conversation_of(people, outbox, name)
    away = ConversationPage.OUT_OF_OFFICE.format(provider=people.staff(provider).full_name)
    reply = conversation.automatic_replies.filter(has_text=away)  # an after-hours reply may come too
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text(ConversationPage.COVERING_TEAM.format(pool=pool))
    expect(reply).to_contain_text(ConversationPage.EMERGENCY_INSTRUCTIONS)


@then(parsers.re(rf"{NAME} sees (?P<seen>the|no) emergency advisory"))
def sees_emergency_advisory(people: People, outbox: Outbox, name: str, seen: str) -> None:
    """On the sent message: the advisory to call 911 rather than wait for a reply, or nothing of the kind."""
    conversation = _conversation_of(people, outbox, name)
    if seen == "the":
        expect(conversation.urgent_advisory).to_be_visible()
    else:
        expect(conversation.urgent_advisory).to_have_count(0)


@then(
    parsers.re(rf"{NAME} reads an answer that greets {POSSESSIVE} by first name and is signed by {STAFF} of {CLINIC}")
)
def reads_merged_answer(people: People, outbox: Outbox, name: str, staff: str, clinic: str) -> None:
    """In the patient's conversation, the staff answer has every merge field filled in."""
    person, member = people[name], people.staff(staff)
    page = MessagesPage(people.page_of(person)).open().open_conversation(outbox.latest(name).subject)
    answer = page.messages_from(member.full_name)
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text(f"Hello {person.first_name},")
    expect(answer).to_contain_text(f"{member.full_name}, {clinic}")
    expect(answer).not_to_contain_text("{")


@then(parsers.re(rf"{NAME} is told (?P<problem>the attachment is too large|which file types can be attached)"))
def told_attachment_refused(people: People, expected: Expectations, name: str, problem: str) -> None:
    """The form says what is wrong in its error summary and on the Attachment field itself (its description)."""
    if problem.startswith("the attachment"):
        words = ComposePage.ATTACHMENT_TOO_LARGE.format(size=f"{expected.messaging.attachment_max_mb} MB")
    else:
        types = [kind.upper() for kind in expected.messaging.attachment_types]
        words = ComposePage.ATTACHMENT_WRONG_TYPE.format(types=", ".join(types[:-1]) + f" or {types[-1]}")
    compose = ComposePage(people.page_of(people[name]))
    expect(compose.errors.box).to_contain_text(words)
    expect(compose.heading).to_be_visible()
    expect(compose.attachment_field).to_have_accessible_description(re.compile(re.escape(words)))


@then(parsers.re(rf"{STAFF} can open {NAME}'s attachment from the {POOL}"))
def staff_opens_attachment(people: People, outbox: Outbox, staff: str, name: str, pool: str) -> None:
    """Staff open the patient's message from the pool and download the attachment: the very same file."""
    message = outbox.latest(name)
    assert message.attachment is not None
    console = StaffConsolePage(people.page_of(people.staff(staff))).open()
    conversation = console.open_pool(pool).open_conversation(message.subject)
    expect(conversation.attachments).to_have_count(1)
    download = conversation.download_attachment(message.attachment.name)
    received = hashlib.sha256(download_bytes(download)).hexdigest()
    assert received == hashlib.sha256(message.attachment.read_bytes()).hexdigest(), "the file staff got differs"


# --- Then: reports and email ---------------------------------------------------------------------
@then(parsers.re(rf"{STAFF}'s canned-response report counts (?P<uses>\d+) uses? in the {POOL}"))
def canned_response_report(people: People, staff: str, uses: str, pool: str) -> None:
    """Reports > Canned responses and auto-replies (the last 30 days) counts the uses for the pool."""
    report = ReplyReportPage(people.page_of(people.staff(staff))).open()
    expect(report.count(pool, "Canned responses used")).to_have_text(uses)


@then(parsers.re(rf"{NAME} gets an email saying {SUBJECT} (?:has|have) a new message"))
def gets_new_message_email(people: People, name: str) -> None:
    """Exactly one notice arrived (besides sign-in codes), and it is about a new message."""
    notices = notices_to(people, people[name])
    assert len(notices) == 1, f"expected one new-message email, got {[mail['subject'] for mail in notices]}"
    assert NEW_MESSAGE_WORDS in notices[0]["subject"].lower(), notices[0]["subject"]


@then(parsers.re(rf"the email does not show the subject, the text or the topic of {NAME}'s message"))
def email_has_no_message_details(people: People, outbox: Outbox, messaging_setup: MessagingSetup, name: str) -> None:
    """Neither the email's subject nor its text carries the message's subject, words, topic or pool."""
    message = outbox.latest(name)
    secrets = {"subject": message.subject, "text": message.body, "topic": message.topic}
    secrets |= {f"pool {pool.name}": pool.name for pool in messaging_setup.pools}
    for mail in notices_to(people, people[name]):
        shown = f"{mail['subject']}\n{mail['body']}".casefold()
        leaked = [what for what, value in secrets.items() if value.casefold() in shown]
        assert not leaked, f"the new-message email shows the message's {', '.join(leaked)}: {mail['subject']!r}"
