"""The staff side of secure messaging: pools and their queues, opening a conversation, answering.

A staff member opens what their pools hold (supervisors and administrators: all of their
clinic's), what is addressed to them as a provider, and, from the clinic's supervisor pool,
every overdue conversation of the clinic (MSG-06). Anything else is "not found". Answering
clears the waiting (and overdue) state and tells the patient by a PHI-free email (MSG-09);
a canned response inserted into the answer has its merge fields resolved and its use counted
when the answer is sent (MSG-05).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.audit import AuditLog
from reference_portal.services.canned_responses import CannedResponse, CannedResponseService, MergeValues
from reference_portal.services.clinic_hours import ClinicHoursService
from reference_portal.services.clinics import ClinicService
from reference_portal.services.errors import NotFoundError, RefusedError
from reference_portal.services.messaging import Author, Conversation, Download, MessagingService, ThreadEntry
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.pools import Pool, PoolKind, PoolService
from reference_portal.services.staff import StaffMember, StaffService
from reference_portal.timestamps import to_iso

REPLY_FIELD = "reply"
CANNED_FIELD = "canned_response"


@dataclass(frozen=True)
class QueueItem:
    """A conversation in a staff pool's list."""

    conversation: Conversation
    patient: Patient
    overdue: bool
    escalated_from: str | None = None  # for the supervisor pool: the pool (or provider) it came from

    @property
    def flags(self) -> tuple[str, ...]:
        """What staff see in the Flags column, as words."""
        return tuple(flag for flag, on in (("Urgent", self.conversation.urgent), ("Overdue", self.overdue)) if on)


@dataclass(frozen=True)
class PoolSummary:
    pool: Pool
    waiting: int
    overdue: int
    urgent: int


class StaffInbox:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        messaging: MessagingService,
        clinics: ClinicService,
        clinic_hours: ClinicHoursService,
        patients: PatientService,
        staff: StaffService,
        pools: PoolService,
        canned_responses: CannedResponseService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._messaging = messaging
        self._clinics = clinics
        self._hours = clinic_hours
        self._patients = patients
        self._staff = staff
        self._pools = pools
        self._canned = canned_responses

    # --- lists -----------------------------------------------------------------------------
    def pool_summaries(self, member: StaffMember) -> list[PoolSummary]:
        """The member's pools, each with how many conversations wait, are overdue, are urgent."""
        summaries = []
        for pool in self._pools.visible_to(member):
            waiting = [item for item in self.queue(pool) if item.conversation.awaiting_since is not None]
            overdue = sum(1 for item in waiting if item.overdue)
            urgent = sum(1 for item in waiting if item.conversation.urgent)
            summaries.append(PoolSummary(pool, len(waiting), overdue, urgent))
        return summaries

    def queue(self, pool: Pool) -> list[QueueItem]:
        """The pool's conversations, waiting ones first (oldest first); the clinic's supervisor
        pool also lists every overdue conversation of its clinic, naming where it came from."""
        now = self._clock.now()
        rows = (
            self._database.connection().execute("SELECT * FROM conversations WHERE pool_id = ?", (pool.id,)).fetchall()
        )
        items = [self._item(Conversation.from_row(row), now) for row in rows]
        if pool.kind is PoolKind.SUPERVISOR and self._supervisor_pool(pool.clinic_id) == pool:
            items += self._escalated(pool, now)
        return _in_queue_order(items)

    def provider_queue(self, member: StaffMember) -> list[QueueItem]:
        """Conversations addressed to this provider (not those their covering pool took)."""
        now = self._clock.now()
        rows = (
            self._database.connection()
            .execute("SELECT * FROM conversations WHERE provider_id = ? AND pool_id IS NULL", (member.id,))
            .fetchall()
        )
        return _in_queue_order([self._item(Conversation.from_row(row), now) for row in rows])

    def holder_name(self, conversation: Conversation) -> str:
        """ "Billing pool" or "Dr. Ana Reyes": who holds the conversation."""
        if conversation.pool_id is not None:
            return self._pools.by_id(conversation.pool_id).title
        assert conversation.provider_id is not None
        return self._staff.by_id(conversation.provider_id).display_name

    # --- access ----------------------------------------------------------------------------
    def open(self, member: StaffMember, public_id: str) -> Conversation:
        """A conversation this staff member may open; any other id is not found."""
        conversation = self._messaging.find(public_id)
        if conversation is None or not self.can_open(member, conversation):
            raise NotFoundError("No such conversation.")
        return conversation

    def can_open(self, member: StaffMember, conversation: Conversation) -> bool:
        if conversation.clinic_id != member.clinic_id:
            return False
        if member.oversees_clinic or conversation.provider_id == member.id:
            return True
        visible = {pool.id for pool in self._pools.visible_to(member)}
        if conversation.pool_id in visible:
            return True
        supervisor = self._supervisor_pool(conversation.clinic_id)
        return (
            supervisor is not None
            and supervisor.id in visible
            and conversation.pool_id != supervisor.id
            and self._messaging.is_overdue(conversation, self._clock.now())
        )

    def read(self, member: StaffMember, conversation: Conversation) -> list[ThreadEntry]:
        """The thread, audited as a staff access to the patient's messages."""
        self._audit.record(
            member.actor,
            "message-viewed",
            patient_id=conversation.patient_id,
            clinic_id=conversation.clinic_id,
            detail=f"conversation={conversation.public_id}",
        )
        return self._messaging.thread(conversation)

    def download(self, member: StaffMember, attachment_public_id: str) -> Download:
        conversation, attachment = self._messaging.attachment_with_conversation(attachment_public_id)
        if not self.can_open(member, conversation):
            raise NotFoundError("No such attachment.")
        return self._messaging.deliver(member.actor, conversation, attachment)

    # --- answering -------------------------------------------------------------------------
    def canned_responses_for(self, conversation: Conversation) -> list[CannedResponse]:
        """The ready-made replies of the pool that holds the conversation."""
        if conversation.pool_id is None:
            return []
        return self._canned.for_pool(self._pools.by_id(conversation.pool_id))

    def insert_canned_response(
        self, member: StaffMember, conversation: Conversation, canned_public_id: str
    ) -> tuple[CannedResponse, str]:
        """The response's text with its merge fields resolved for this patient, clinic and staff member."""
        response = self._usable_canned_response(conversation, canned_public_id)
        patient = self._patients.by_id(conversation.patient_id)
        clinic = self._clinics.by_id(conversation.clinic_id)
        values = MergeValues(patient, clinic, self._hours.phone(clinic), member)
        return response, self._canned.merge(response, values)

    def reply(
        self, member: StaffMember, conversation: Conversation, body: str, canned_public_id: str | None = None
    ) -> Conversation:
        """Staff answer: the conversation no longer waits (nor is overdue), and the patient is told."""
        if not self.can_open(member, conversation):
            raise NotFoundError("No such conversation.")
        text, problems = self._messaging.checked_text(
            body, field_name=REPLY_FIELD, missing=messages.STAFF_REPLY_MISSING
        )
        canned = self._usable_canned_response(conversation, canned_public_id) if canned_public_id else None
        if problems:
            raise RefusedError(*problems)
        now = to_iso(self._clock.now())
        with self._database.transaction() as conn:
            message_id = conn.execute(
                "INSERT INTO messages (public_id, conversation_id, patient_id, author, sender_staff_id, body,"
                " canned_response_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_public_id("msg"),
                    conversation.id,
                    conversation.patient_id,
                    Author.STAFF.value,
                    member.id,
                    text,
                    canned.id if canned else None,
                    now,
                ),
            ).lastrowid
            assert message_id is not None
            conn.execute(
                "UPDATE conversations SET awaiting_since = NULL, last_activity_at = ? WHERE id = ?",
                (now, conversation.id),
            )
            if canned is not None:
                self._canned.record_use(conn, canned, member, message_id)
            self._audit.record(
                member.actor,
                "message-replied",
                patient_id=conversation.patient_id,
                clinic_id=conversation.clinic_id,
                detail=f"conversation={conversation.public_id}" + (f" canned={canned.public_id}" if canned else ""),
            )
        answered = self._messaging.get(conversation.public_id)
        self._messaging.notify_patient_of_reply(answered)
        return answered

    # --- internals -------------------------------------------------------------------------
    def _supervisor_pool(self, clinic_id: int) -> Pool | None:
        return self._pools.first_of_kind(clinic_id, PoolKind.SUPERVISOR)

    def _item(self, conversation: Conversation, now: datetime, escalated_from: str | None = None) -> QueueItem:
        patient = self._patients.by_id(conversation.patient_id)
        return QueueItem(conversation, patient, self._messaging.is_overdue(conversation, now), escalated_from)

    def _escalated(self, supervisor: Pool, now: datetime) -> list[QueueItem]:
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM conversations WHERE clinic_id = ? AND awaiting_since IS NOT NULL"
                " AND (pool_id IS NULL OR pool_id != ?)",
                (supervisor.clinic_id, supervisor.id),
            )
            .fetchall()
        )
        waiting = [Conversation.from_row(row) for row in rows]
        return [
            self._item(conversation, now, escalated_from=self.holder_name(conversation))
            for conversation in waiting
            if self._messaging.is_overdue(conversation, now)
        ]

    def _usable_canned_response(self, conversation: Conversation, canned_public_id: str) -> CannedResponse:
        """Only the responses of the pool holding the conversation."""
        try:
            response = self._canned.get(canned_public_id)
        except NotFoundError:
            raise RefusedError.because(messages.CANNED_RESPONSE_UNKNOWN, CANNED_FIELD) from None
        if response.pool_id != conversation.pool_id:
            raise RefusedError.because(messages.CANNED_RESPONSE_UNKNOWN, CANNED_FIELD)
        return response


def _in_queue_order(items: list[QueueItem]) -> list[QueueItem]:
    """Waiting first, the longest waiting at the top; then answered ones, the latest first."""
    waiting = [item for item in items if item.conversation.awaiting_since is not None]
    answered = [item for item in items if item.conversation.awaiting_since is None]
    waiting.sort(key=lambda item: item.conversation.awaiting_since or item.conversation.created_at)
    answered.sort(key=lambda item: item.conversation.last_activity_at, reverse=True)
    return waiting + answered
