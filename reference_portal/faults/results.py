"""Results faults (RES, VDT): release rules, sensitive results, notices and how results read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from reference_portal.faults import Fault, replace_method
from reference_portal.portal import Portal
from reference_portal.services.accounts import Account
from reference_portal.services.notes import NoteType
from reference_portal.services.patients import Patient
from reference_portal.services.permissions import Permissions, SensitiveCategory
from reference_portal.services.results import FlagDisplay, Result, StatusDisplay


def _result_email_names_test(portal: Portal) -> None:
    """The upgrade's "friendlier" notice template says which test is ready."""
    notifier = portal.notifier

    def detailed_notice(recipients: Sequence[Account], results: Sequence[Result]) -> None:
        names = ", ".join(result.test_name for result in results)
        for account in recipients:
            body = f"Your {names} result is ready. Please sign in to see it.\n"
            notifier._send(account.email, f"Your {names} result is ready", body, kind="new-results")

    replace_method(portal.results, "notify", detailed_notice)


def _hold_ignored(portal: Portal) -> None:
    """The upgraded release check no longer looks at Preventing-Harm holds."""
    replace_method(portal.release_rules, "held", lambda result: False)


def _wait_for_clinician_ignored(portal: Portal) -> None:
    """The upgraded release check forgets the patient's "wait for my clinician" choice."""

    def never_waits(result: Result, *, patient_waits: bool, now: datetime) -> bool:
        return False

    replace_method(portal.release_rules, "waiting_for_review", never_waits)


def _psychotherapy_notes_shown(portal: Portal) -> None:
    """A note-type mapping rewritten in the upgrade lets psychotherapy notes through."""
    replace_method(portal.notes, "releasable_types", lambda: tuple(NoteType))


def _abnormal_flag_colour_only(portal: Portal) -> None:
    """A restyled results table shows the flag as a coloured pill without its word."""
    original = portal.results.describe_flag

    def colour_only(code: str | None) -> FlagDisplay:
        return replace(original(code), text="")

    replace_method(portal.results, "describe_flag", colour_only)


def _corrected_result_not_marked(portal: Portal) -> None:
    """The upgraded status mapping files a corrected report under "Final"."""
    original = portal.results.describe_status

    def plain_status(result: Result) -> StatusDisplay:
        status = original(result)
        return StatusDisplay("Final", None) if status.corrected_at else status

    replace_method(portal.results, "describe_status", plain_status)


def _sensitive_results_counted_for_proxy(portal: Portal) -> None:
    """The new badge query counts every released result, sensitive ones included."""
    original = portal.results.new_result_count

    def counting_everything(account: Account, subject: Patient, permissions: Permissions) -> int:
        return original(account, subject, replace(permissions, sensitive_categories=frozenset(SensitiveCategory)))

    replace_method(portal.results, "new_result_count", counting_everything)


FAULTS: tuple[Fault, ...] = (
    Fault(
        name="result-email-names-test",
        area="RES",
        description="The new-result email names the test that is ready.",
        caught_by=("RES-07",),
        apply=_result_email_names_test,
    ),
    Fault(
        name="hold-ignored",
        area="RES",
        description="A result under a Preventing-Harm hold is shown to the patient.",
        caught_by=("RES-03",),
        apply=_hold_ignored,
    ),
    Fault(
        name="wait-for-clinician-ignored",
        area="RES",
        description='A patient who chose "wait for my clinician" sees new results at once.',
        caught_by=("RES-02",),
        apply=_wait_for_clinician_ignored,
    ),
    Fault(
        name="psychotherapy-notes-shown",
        area="RES",
        description="Psychotherapy notes appear among the patient's clinical notes.",
        caught_by=("RES-06",),
        apply=_psychotherapy_notes_shown,
    ),
    Fault(
        name="sensitive-results-counted-for-proxy",
        area="RES",
        description="The home page's new-results count includes results the viewer may not see.",
        caught_by=("RES-04",),
        apply=_sensitive_results_counted_for_proxy,
    ),
    Fault(
        name="abnormal-flag-colour-only",
        area="VDT",
        description='An abnormal result is marked by colour only: the words "High", "Low" are gone.',
        caught_by=("VDT-02",),
        apply=_abnormal_flag_colour_only,
    ),
    Fault(
        name="corrected-result-not-marked",
        area="VDT",
        description='A corrected result reads "Final", with no correction date.',
        caught_by=("VDT-02",),
        apply=_corrected_result_not_marked,
    ),
)
