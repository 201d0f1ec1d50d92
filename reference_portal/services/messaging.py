"""Secure messaging between patients (or their proxies) and the clinic's care team.

What happens when a patient sends a message:
- it is routed once, to a pool or to the patient's own provider (see routing.py; MSG-01/02/04/10);
- outside the clinic's hours, or on a holiday, in the clinic's time zone, it gets the after-hours
  auto-reply with emergency instructions (MSG-03); to a provider who is away, the out-of-office
  auto-reply (MSG-04);
- urgent words flag it for staff and show the patient an emergency advisory (MSG-08);
- an attachment must pass the type and size rules (MSG-07).

Staff answer from their pools (staff_inbox.py). A message not answered within the response
target is overdue (MSG-06), worked out from the scenario clock whenever it is read. The patient
is told of a reply by an email that carries no PHI (MSG-09). Every message records both whose
conversation it is (`patient_id`) and the account that acted (`sender_account_id`, with the
acting person's name): a proxy's message is "Sent by <proxy> for <patient>" (PRX-08).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account, AccountService
from reference_portal.services.attachments import Attachment, AttachmentService, FileType, Upload
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinic_hours import ClinicHoursService, ClosureReason
from reference_portal.services.clinics import Clinic, ClinicService
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.notifications import Notifier
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.routing import Route, RouteKind, RoutingService, Topic, topic_by_key
from reference_portal.services.staff import StaffService
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

SUBJECT_FIELD = "subject"
BODY_FIELD = "body"
SUBJECT_MAX_LENGTH = 150


class Author(StrEnum):
    PATIENT = "patient"
    STAFF = "staff"
    SYSTEM = "system"


class AutoReply(StrEnum):
    AFTER_HOURS = "after-hours"
    HOLIDAY = "holiday"
    OUT_OF_OFFICE = "out-of-office"


class Status(StrEnum):
    WAITING = "Waiting for reply"
    REPLIED = "Replied"


@dataclass(frozen=True)
class Conversation:
    id: int
    public_id: str
    patient_id: int
    clinic_id: int
    topic: Topic
    subject: str
    pool_id: int | None
    provider_id: int | None
    routed_at: datetime
    routed_by: RouteKind
    routing_rule_id: int | None
    urgent: bool
    awaiting_since: datetime | None  # the first patient message not yet answered
    last_activity_at: datetime
    created_at: datetime

    @property
    def status(self) -> Status:
        return Status.WAITING if self.awaiting_since is not None else Status.REPLIED

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Conversation:
        return cls(
            row["id"],
            row["public_id"],
            row["patient_id"],
            row["clinic_id"],
            topic_by_key(row["topic"]),
            row["subject"],
            row["pool_id"],
            row["provider_id"],
            from_iso(row["routed_at"]),
            RouteKind(row["routed_by"]),
            row["routing_rule_id"],
            bool(row["urgent"]),
            from_iso(row["awaiting_since"]) if row["awaiting_since"] else None,
            from_iso(row["last_activity_at"]),
            from_iso(row["created_at"]),
        )


@dataclass(frozen=True)
class Message:
    id: int
    public_id: str
    conversation_id: int
    patient_id: int
    author: Author
    sender_account_id: int | None
    sender_name: str | None
    sender_staff_id: int | None
    auto_reply: AutoReply | None
    body: str
    urgent: bool
    sent_at: datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Message:
        return cls(
            row["id"],
            row["public_id"],
            row["conversation_id"],
            row["patient_id"],
            Author(row["author"]),
            row["sender_account_id"],
            row["sender_name"],
            row["sender_staff_id"],
            AutoReply(row["auto_reply"]) if row["auto_reply"] else None,
            row["body"],
            bool(row["urgent"]),
            from_iso(row["sent_at"]),
        )


@dataclass(frozen=True)
class ThreadEntry:
    """A message as a page shows it."""

    message: Message
    author_name: str
    sent_for: str | None  # "Sent by Ana Lopez for Leo Lopez" when a proxy wrote it
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class NewMessage:
    topic: str
    subject: str
    body: str
    attachment: Upload | None = None
    to_provider: bool = False


@dataclass(frozen=True)
class Sent:
    conversation: Conversation
    urgent: bool
    auto_replies: tuple[AutoReply, ...]


@dataclass(frozen=True)
class Download:
    attachment: Attachment
    content: bytes


@dataclass
class _Draft:
    """A patient message being checked."""

    problems: list[Problem] = field(default_factory=list)
    kind: FileType | None = None


class MessagingService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: Settings,
        audit: AuditLog,
        notifier: Notifier,
        clinics: ClinicService,
        clinic_hours: ClinicHoursService,
        patients: PatientService,
        accounts: AccountService,
        staff: StaffService,
        routing: RoutingService,
        attachments: AttachmentService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._notifier = notifier
        self._clinics = clinics
        self._hours = clinic_hours
        self._patients = patients
        self._accounts = accounts
        self._staff = staff
        self._routing = routing
        self._attachments = attachments

    # =========================================================================================
    # Patients
    # =========================================================================================
    def send(self, patient: Patient, sender: Account, new: NewMessage, *, sender_name: str | None = None) -> Sent:
        """A patient (or a proxy acting for them) starts a conversation; `sender_name` is the acting
        person's name as shown to them (kept with the message, like a letter's signature)."""
        draft = _Draft()
        topic: Topic | None = None
        try:
            topic = self._routing.topic(new.topic)
        except RefusedError as refused:
            draft.problems += refused.problems
        subject = " ".join(new.subject.split())
        if not subject:
            draft.problems.append(Problem(messages.MESSAGE_SUBJECT_MISSING, SUBJECT_FIELD))
        elif len(subject) > SUBJECT_MAX_LENGTH:
            draft.problems.append(
                Problem(messages.MESSAGE_SUBJECT_TOO_LONG.format(maximum=SUBJECT_MAX_LENGTH), SUBJECT_FIELD)
            )
        body, problems = self.checked_text(new.body)
        draft.problems += problems
        self._check_attachment(new.attachment, draft)
        provider = self._staff.provider_for(patient) if new.to_provider else None
        if new.to_provider and provider is None:
            draft.problems.append(Problem(messages.MESSAGE_NO_PROVIDER, "recipient"))
        if draft.problems or topic is None:
            raise RefusedError(*draft.problems)

        clinic = self._clinics.by_id(patient.clinic_id)
        now = self._clock.now()
        route = self._routing.route(clinic, topic, provider, now)
        urgent = bool(self.urgent_phrases_in(f"{subject}\n{body}"))
        public_id = new_public_id("cnv")
        with self._database.transaction() as conn:
            conversation_id = conn.execute(
                "INSERT INTO conversations (public_id, patient_id, clinic_id, topic, subject, pool_id, provider_id,"
                " routed_at, routed_by, routing_rule_id, urgent, awaiting_since, last_activity_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    public_id,
                    patient.id,
                    clinic.id,
                    topic.key,
                    subject,
                    route.pool.id if route.pool else None,
                    route.provider.id if route.provider else None,
                    to_iso(now),
                    route.kind.value,
                    route.rule.id if route.rule else None,
                    int(urgent),
                    to_iso(now),
                    to_iso(now),
                    to_iso(now),
                ),
            ).lastrowid
            assert conversation_id is not None
            self._insert_patient_message(
                conn,
                conversation_id,
                patient=patient,
                sender=sender,
                sender_name=sender_name,
                body=body,
                urgent=urgent,
                upload=new.attachment,
                kind=draft.kind,
            )
            replies = self._auto_replies(conn, conversation_id, patient=patient, clinic=clinic, now=now, route=route)
            self._audit.record(
                sender.actor,
                "message-sent",
                patient_id=patient.id,
                clinic_id=clinic.id,
                detail=f"conversation={public_id} routed={route.kind.value}"
                + (f" pool={route.pool.public_id}" if route.pool else "")
                + ("" if sender.patient_id == patient.id else f" on-behalf-of={patient.public_id}"),
            )
        return Sent(self._conversation(public_id), urgent, replies)

    def reply_as_patient(
        self,
        patient: Patient,
        sender: Account,
        conversation: Conversation,
        body: str,
        attachment: Upload | None,
        *,
        sender_name: str | None = None,
    ) -> Sent:
        """A follow-up from the patient's side, in a conversation of theirs."""
        self._require_patients(patient, conversation)
        draft = _Draft()
        text, problems = self.checked_text(body)
        draft.problems += problems
        self._check_attachment(attachment, draft)
        if draft.problems:
            raise RefusedError(*draft.problems)
        clinic = self._clinics.by_id(conversation.clinic_id)
        now = self._clock.now()
        urgent = bool(self.urgent_phrases_in(text))
        with self._database.transaction() as conn:
            self._insert_patient_message(
                conn,
                conversation.id,
                patient=patient,
                sender=sender,
                sender_name=sender_name,
                body=text,
                urgent=urgent,
                upload=attachment,
                kind=draft.kind,
            )
            conn.execute(
                "UPDATE conversations SET awaiting_since = COALESCE(awaiting_since, ?), last_activity_at = ?,"
                " urgent = MAX(urgent, ?) WHERE id = ?",
                (to_iso(now), to_iso(now), int(urgent), conversation.id),
            )
            replies = self._auto_replies(conn, conversation.id, patient=patient, clinic=clinic, now=now, route=None)
            self._audit.record(
                sender.actor,
                "message-sent",
                patient_id=patient.id,
                clinic_id=clinic.id,
                detail=f"conversation={conversation.public_id} follow-up",
            )
        return Sent(self._conversation(conversation.public_id), urgent, replies)

    def conversations_for(self, patient: Patient) -> list[Conversation]:
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM conversations WHERE patient_id = ? ORDER BY last_activity_at DESC, id DESC",
                (patient.id,),
            )
            .fetchall()
        )
        return [Conversation.from_row(row) for row in rows]

    def conversation_for_patient(self, patient: Patient, public_id: str) -> Conversation:
        """Only the patient's own conversations exist for them: any other id is not found."""
        conversation = self.find(public_id)
        if conversation is None or conversation.patient_id != patient.id:
            raise NotFoundError("No such conversation.")
        return conversation

    def read_as_patient(self, patient: Patient, reader: Account, conversation: Conversation) -> list[ThreadEntry]:
        self._require_patients(patient, conversation)
        self._audit.record(
            reader.actor,
            "message-viewed",
            patient_id=patient.id,
            clinic_id=conversation.clinic_id,
            detail=f"conversation={conversation.public_id}",
        )
        return self.thread(conversation)

    def download_for_patient(self, patient: Patient, reader: Account, attachment_public_id: str) -> Download:
        conversation, attachment = self.attachment_with_conversation(attachment_public_id)
        if conversation.patient_id != patient.id:
            raise NotFoundError("No such attachment.")
        return self.deliver(reader.actor, conversation, attachment)

    # =========================================================================================
    # The rules (each one method, so it can be read, tested and reasoned about on its own)
    # =========================================================================================
    def closed_auto_reply(self, clinic: Clinic, instant: datetime) -> tuple[AutoReply, str] | None:
        """The after-hours (or holiday) auto-reply for a message arriving at this instant, if closed."""
        closure = self._hours.closure_at(clinic, instant)
        if closure is None:
            return None
        phone = self._hours.phone(clinic)
        call = messages.AUTO_REPLY_CALL_CLINIC.format(phone=phone) if phone else ""
        if closure.reason is ClosureReason.HOLIDAY and closure.holiday is not None:
            text = messages.HOLIDAY_AUTO_REPLY.format(clinic=clinic.name, holiday=closure.holiday.name, call=call)
            return AutoReply.HOLIDAY, text.strip()
        return AutoReply.AFTER_HOURS, messages.AFTER_HOURS_AUTO_REPLY.format(clinic=clinic.name, call=call).strip()

    def urgent_phrases_in(self, text: str) -> tuple[str, ...]:
        """The configured urgent phrases the text contains (whole words, any case or apostrophe)."""
        normalised = " ".join(text.casefold().replace("\u2019", "'").replace("\u2018", "'").split())
        return tuple(
            phrase
            for phrase in self._settings.urgent_phrases
            if re.search(rf"(?<!\w){re.escape(phrase.casefold())}(?!\w)", normalised)
        )

    def is_overdue(self, conversation: Conversation, now: datetime) -> bool:
        """Waiting for a reply for longer than the response target (exactly the target is still on time)."""
        if conversation.awaiting_since is None:
            return False
        return now - conversation.awaiting_since > self._settings.message_response_target

    def notify_patient_of_reply(self, conversation: Conversation) -> None:
        """A PHI-free email to the patient (and to a proxy who wrote in the conversation)."""
        for address in self.notice_addresses(conversation):
            self._notifier.send_new_message_notice(address)

    # =========================================================================================
    # Shared with the staff inbox, and internals
    # =========================================================================================
    def checked_text(
        self, body: str, *, field_name: str = BODY_FIELD, missing: str = messages.MESSAGE_BODY_MISSING
    ) -> tuple[str, list[Problem]]:
        """A message's text, trimmed, and what is wrong with it (nothing written, or too long)."""
        text = body.strip().replace("\r\n", "\n")
        limit = self._settings.message_max_characters
        if not text:
            return text, [Problem(missing, field_name)]
        if len(text) > limit:
            return text, [Problem(messages.MESSAGE_BODY_TOO_LONG.format(maximum=limit), field_name)]
        return text, []

    def _check_attachment(self, upload: Upload | None, draft: _Draft) -> None:
        if upload is None:
            return
        try:
            draft.kind = self._attachments.check(upload)
        except RefusedError as refused:
            draft.problems += refused.problems

    def _insert_patient_message(
        self,
        conn: sqlite3.Connection,
        conversation_id: int,
        *,
        patient: Patient,
        sender: Account,
        sender_name: str | None,
        body: str,
        urgent: bool,
        upload: Upload | None,
        kind: FileType | None,
    ) -> None:
        message_id = conn.execute(
            "INSERT INTO messages (public_id, conversation_id, patient_id, author, sender_account_id, sender_name,"
            " body, urgent, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_public_id("msg"),
                conversation_id,
                patient.id,
                Author.PATIENT.value,
                sender.id,
                sender_name or self.account_name(sender),
                body,
                int(urgent),
                to_iso(self._clock.now()),
            ),
        ).lastrowid
        assert message_id is not None
        if upload is not None and kind is not None:
            self._attachments.store(conn, message_id, upload, kind)

    def _auto_replies(
        self,
        conn: sqlite3.Connection,
        conversation_id: int,
        *,
        patient: Patient,
        clinic: Clinic,
        now: datetime,
        route: Route | None,
    ) -> tuple[AutoReply, ...]:
        replies: list[tuple[AutoReply, str]] = []
        if route is not None and route.provider_away and route.provider and route.pool:
            back = self._hours.local_moment(clinic, route.provider.away_until or now)
            text = messages.OUT_OF_OFFICE_AUTO_REPLY.format(
                provider=route.provider.display_name, until=f"{back:%B} {back.day}, {back.year}", pool=route.pool.name
            )
            replies.append((AutoReply.OUT_OF_OFFICE, text))
        closed = self.closed_auto_reply(clinic, now)
        if closed is not None:
            replies.append(closed)
        for kind, text in replies:
            conn.execute(
                "INSERT INTO messages (public_id, conversation_id, patient_id, author, auto_reply, body, sent_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (new_public_id("msg"), conversation_id, patient.id, Author.SYSTEM.value, kind.value, text, to_iso(now)),
            )
        return tuple(kind for kind, _ in replies)

    def thread(self, conversation: Conversation) -> list[ThreadEntry]:
        rows = (
            self._database.connection()
            .execute("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation.id,))
            .fetchall()
        )
        thread = [Message.from_row(row) for row in rows]
        attachments = self._attachments.for_messages([message.id for message in thread])
        patient = self._patients.by_id(conversation.patient_id)
        clinic = self._clinics.by_id(conversation.clinic_id)
        entries = []
        for message in thread:
            author, sent_for = self._author_of(message, patient, clinic)
            entries.append(ThreadEntry(message, author, sent_for, tuple(attachments.get(message.id, ()))))
        return entries

    def auto_replies_of(self, conversation: Conversation) -> list[AutoReply]:
        rows = (
            self._database.connection()
            .execute(
                "SELECT auto_reply FROM messages WHERE conversation_id = ? AND auto_reply IS NOT NULL ORDER BY id",
                (conversation.id,),
            )
            .fetchall()
        )
        return [AutoReply(row["auto_reply"]) for row in rows]

    def get(self, public_id: str) -> Conversation:
        return self._conversation(public_id)

    def _author_of(self, message: Message, patient: Patient, clinic: Clinic) -> tuple[str, str | None]:
        patient_name = f"{patient.first_name} {patient.demographics.last_name}"
        if message.author is Author.SYSTEM:
            return messages.AUTO_REPLY_AUTHOR.format(clinic=clinic.name), None
        if message.author is Author.STAFF and message.sender_staff_id is not None:
            return self._staff.by_id(message.sender_staff_id).display_name, None
        if message.sender_account_id is None:
            return patient_name, None
        sender = self._accounts.by_id(message.sender_account_id)
        if sender.patient_id == patient.id:
            return patient_name, None
        proxy_name = message.sender_name or self.account_name(sender)
        return proxy_name, messages.SENT_BY_FOR.format(proxy=proxy_name, patient=patient_name)

    def account_name(self, account: Account) -> str:
        """A person's name for an account: its own patient record's name, else its username."""
        if account.patient_id is not None:
            own = self._patients.by_id(account.patient_id)
            return f"{own.first_name} {own.demographics.last_name}"
        return account.username

    def deliver(self, actor: str, conversation: Conversation, attachment: Attachment) -> Download:
        self._audit.record(
            actor,
            "attachment-downloaded",
            patient_id=conversation.patient_id,
            clinic_id=conversation.clinic_id,
            detail=f"attachment={attachment.public_id}",
        )
        return Download(attachment, self._attachments.content(attachment))

    def notice_addresses(self, conversation: Conversation) -> list[str]:
        patient = self._patients.by_id(conversation.patient_id)
        addresses: list[str] = []
        own = self._accounts.for_patient(patient)
        if own is not None:
            addresses.append(self._accounts.notice_address(own))  # demographics area: current email (DEM-02)
        rows = (
            self._database.connection()
            .execute(
                "SELECT DISTINCT sender_account_id FROM messages WHERE conversation_id = ?"
                " AND sender_account_id IS NOT NULL",
                (conversation.id,),
            )
            .fetchall()
        )
        for row in rows:
            email = self._accounts.notice_address(self._accounts.by_id(row["sender_account_id"]))
            if email not in addresses:
                addresses.append(email)
        if not addresses and patient.demographics.email:
            addresses.append(patient.demographics.email)
        return addresses

    def _require_patients(self, patient: Patient, conversation: Conversation) -> None:
        if conversation.patient_id != patient.id:
            raise NotFoundError("No such conversation.")

    def find(self, public_id: str) -> Conversation | None:
        row = (
            self._database.connection()
            .execute("SELECT * FROM conversations WHERE public_id = ?", (public_id,))
            .fetchone()
        )
        return Conversation.from_row(row) if row else None

    def _conversation(self, public_id: str) -> Conversation:
        conversation = self.find(public_id)
        if conversation is None:
            raise NotFoundError(f"No conversation with id {public_id}.")
        return conversation

    def attachment_with_conversation(self, attachment_public_id: str) -> tuple[Conversation, Attachment]:
        """An attachment and the conversation it belongs to (for the caller's access check)."""
        try:
            attachment = self._attachments.get(attachment_public_id)
        except NotFoundError:
            raise NotFoundError("No such attachment.") from None
        row = (
            self._database.connection()
            .execute(
                "SELECT conversations.* FROM conversations JOIN messages ON messages.conversation_id = conversations.id"
                " WHERE messages.id = ?",
                (attachment.message_id,),
            )
            .fetchone()
        )
        if row is None:
            raise NotFoundError("No such attachment.")
        return Conversation.from_row(row), attachment
