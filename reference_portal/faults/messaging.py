"""Secure-messaging faults (MSG): routing, auto-replies, urgent words, overdue escalation,
attachments and the new-message email, each a regression an upgrade has been known to ship."""

from __future__ import annotations

from datetime import UTC, datetime

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.clinics import Clinic
from reference_portal.services.errors import Problem
from reference_portal.services.messaging import AutoReply, Conversation
from reference_portal.services.routing import Route, Topic


def _after_hours_auto_reply_missing(portal: Portal) -> None:
    """The upgraded auto-reply job no longer answers messages that arrive while the clinic is closed."""

    def no_auto_reply(clinic: Clinic, instant: datetime) -> tuple[AutoReply, str] | None:
        return None

    replace_method(portal.messaging, "closed_auto_reply", no_auto_reply)


def _after_hours_uses_utc(portal: Portal) -> None:
    """Opening hours are compared with the server's UTC clock instead of the clinic's wall clock."""

    def utc_moment(clinic: Clinic, instant: datetime) -> datetime:
        return instant.astimezone(UTC)

    replace_method(portal.clinic_hours, "local_moment", utc_moment)


def _routing_rule_ignored(portal: Portal) -> None:
    """The upgraded router skips the topic rules: every new message lands in the clinic's default pool."""
    routing = portal.routing

    def default_only(clinic: Clinic, topic: Topic) -> Route:
        return routing.default_route(clinic)

    replace_method(routing, "pool_for", default_only)


def _new_message_email_leaks_subject(portal: Portal) -> None:
    """A "friendlier" notification template puts the conversation's subject in the email."""
    messaging, notifier = portal.messaging, portal.notifier
    addresses = messaging.notice_addresses

    def leaky_notice(conversation: Conversation) -> None:
        for address in addresses(conversation):
            notifier._send(
                address,
                f"New message: {conversation.subject}",
                f"Your care team replied about \u201c{conversation.subject}\u201d. Please sign in to read it.\n",
                kind="new-message",
            )

    replace_method(messaging, "notify_patient_of_reply", leaky_notice)


def _overdue_escalation_missing(portal: Portal) -> None:
    """The response-time check was dropped: nothing is ever overdue, nothing reaches the supervisor pool."""

    def never_overdue(conversation: Conversation, now: datetime) -> bool:
        return False

    replace_method(portal.messaging, "is_overdue", never_overdue)


def _urgent_advisory_missing(portal: Portal) -> None:
    """The urgent-word list failed to migrate: no advisory for the patient, no Urgent flag for staff."""

    def no_urgent_words(text: str) -> tuple[str, ...]:
        return ()

    replace_method(portal.messaging, "urgent_phrases_in", no_urgent_words)


def _attachment_size_limit_off(portal: Portal) -> None:
    """The upload limit setting was lost: attachments of any size are accepted."""

    def no_size_limit(size: int) -> Problem | None:
        return None

    replace_method(portal.attachments, "size_problem", no_size_limit)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="routing-rule-ignored",
        area="MSG",
        description="Topic routing rules are ignored: every new message goes to the clinic's default pool.",
        caught_by=("MSG-01", "MSG-02", "MSG-10"),
        apply=_routing_rule_ignored,
    ),
    Fault(
        name="after-hours-auto-reply-missing",
        area="MSG",
        description="A message sent outside the clinic's hours or on a holiday gets no auto-reply.",
        caught_by=("MSG-03",),
        apply=_after_hours_auto_reply_missing,
    ),
    Fault(
        name="after-hours-uses-utc",
        area="MSG",
        description="Clinic hours are compared in UTC instead of the clinic's time zone.",
        caught_by=("MSG-03",),
        apply=_after_hours_uses_utc,
    ),
    Fault(
        name="overdue-escalation-missing",
        area="MSG",
        description="Unanswered messages are never flagged overdue nor escalated to the supervisor pool.",
        caught_by=("MSG-06",),
        apply=_overdue_escalation_missing,
    ),
    Fault(
        name="attachment-size-limit-off",
        area="MSG",
        description="The attachment size limit is not enforced: files over 10 MB are accepted.",
        caught_by=("MSG-07",),
        apply=_attachment_size_limit_off,
    ),
    Fault(
        name="urgent-advisory-missing",
        area="MSG",
        description="Urgent words no longer show the emergency advisory nor flag the message Urgent.",
        caught_by=("MSG-08",),
        apply=_urgent_advisory_missing,
    ),
    Fault(
        name="new-message-email-leaks-subject",
        area="MSG",
        description="The new-message email carries the conversation's subject.",
        caught_by=("MSG-09",),
        apply=_new_message_email_leaks_subject,
    ),
)
