"""Lab results: filing them (HL7 ORU, staff), releasing them, and showing each viewer only what
they may see.

Two questions decide whether a viewer sees a result:
1. Is the result released? (`ReleaseRules`: preliminary, Preventing-Harm hold, "wait for my
   clinician"), computed at read time from the scenario clock.
2. May this viewer see it? (`Permissions` from the proxy area: the RESULTS function and the
   result's sensitive category.) Every list, count, badge and notice here asks both.

The new-result notice is PHI-free and goes to the patient and to every proxy who may see that
result. Sending is best effort: a notice that cannot be sent is logged and never undoes a filing
or changes an HL7 acknowledgement.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.accounts import Account, AccountService
from reference_portal.services.audit import AuditLog
from reference_portal.services.errors import ConflictError, NotFoundError, RefusedError
from reference_portal.services.notifications import Notifier
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.permissions import Function, Permissions, SensitiveCategory
from reference_portal.services.release_rules import ReleaseRules, ReleaseState
from reference_portal.services.result_categories import category_for_codes
from reference_portal.timestamps import from_iso, to_iso

log = logging.getLogger(__name__)

SYSTEM = "system"

# Who else, besides the patient's own account, may see the patient's record: the proxy area's
# `viewers_of(patient)`. Until the composition root wires it, nobody else is told.
ViewersOf = Callable[[Patient], Sequence[tuple[Account, Permissions]]]


class ResultStatus(StrEnum):
    FINAL = "final"
    PRELIMINARY = "preliminary"
    CORRECTED = "corrected"


# HL7 table 0078 (abnormal flags) in words: a flag is never colour alone (VDT-02, WCAG 1.4.1).
FLAG_WORDS: dict[str, tuple[str, str]] = {
    "H": ("High", "high"),
    "HH": ("Critical high", "high"),
    "HU": ("Very high", "high"),
    ">": ("Above high normal", "high"),
    "L": ("Low", "low"),
    "LL": ("Critical low", "low"),
    "LU": ("Very low", "low"),
    "<": ("Below low normal", "low"),
    "A": ("Abnormal", "abnormal"),
    "AA": ("Critical abnormal", "abnormal"),
    "POS": ("Abnormal", "abnormal"),
    "R": ("Resistant", "abnormal"),
    "I": ("Intermediate", "abnormal"),
    "S": ("Susceptible", "normal"),
    "N": ("Normal", "normal"),
    "NEG": ("Normal", "normal"),
}


@dataclass(frozen=True)
class Hold:
    reason: str
    reviewer: str
    placed_at: datetime


@dataclass(frozen=True)
class Result:
    id: int
    public_id: str
    patient_id: int
    order_key: str | None
    order_code: str | None
    order_name: str | None
    test_name: str
    loinc_code: str | None
    code: str
    value: str
    units: str | None
    reference_range: str | None
    abnormal_flag: str | None
    performing_lab: str | None
    ordering_provider: str | None
    status: ResultStatus
    category: SensitiveCategory | None  # as named by staff, or from the LOINC table
    collected_at: datetime | None
    reported_at: datetime
    corrected_at: datetime | None
    finalised_at: datetime | None
    wait_for_review: bool
    released_at: datetime | None
    released_by: str | None
    release_kind: str | None
    notified_at: datetime | None
    source: str
    hold: Hold | None

    @property
    def is_preliminary(self) -> bool:
        return self.status is ResultStatus.PRELIMINARY

    @property
    def is_corrected(self) -> bool:
        return self.status is ResultStatus.CORRECTED

    @property
    def released_by_clinician(self) -> bool:
        return self.release_kind == "clinician"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Result:
        hold = None
        if row["hold_reason"] is not None:
            hold = Hold(row["hold_reason"], row["hold_reviewer"], from_iso(row["hold_placed_at"]))
        named = SensitiveCategory(row["category"]) if row["category"] else None
        return cls(
            id=row["id"],
            public_id=row["public_id"],
            patient_id=row["patient_id"],
            order_key=row["order_key"],
            order_code=row["order_code"],
            order_name=row["order_name"],
            test_name=row["test_name"],
            loinc_code=row["loinc_code"],
            code=row["code"],
            value=row["value"],
            units=row["units"],
            reference_range=row["reference_range"],
            abnormal_flag=row["abnormal_flag"],
            performing_lab=row["performing_lab"],
            ordering_provider=row["ordering_provider"],
            status=ResultStatus(row["status"]),
            # Read time, not filing time: a code added to the table protects older results too.
            category=named or category_for_codes(row["loinc_code"], row["code"], row["order_code"]),
            collected_at=_instant(row["collected_at"]),
            reported_at=from_iso(row["reported_at"]),
            corrected_at=_instant(row["corrected_at"]),
            finalised_at=_instant(row["finalised_at"]),
            wait_for_review=bool(row["wait_for_review"]),
            released_at=_instant(row["released_at"]),
            released_by=row["released_by"],
            release_kind=row["release_kind"],
            notified_at=_instant(row["notified_at"]),
            source=row["source"],
            hold=hold,
        )


@dataclass(frozen=True)
class NewResult:
    """One observation as it arrives (an OBX with its OBR, or a staff entry)."""

    test_name: str
    code: str
    value: str
    loinc_code: str | None = None
    units: str | None = None
    reference_range: str | None = None
    abnormal_flag: str | None = None
    performing_lab: str | None = None
    ordering_provider: str | None = None
    status: ResultStatus = ResultStatus.FINAL
    collected_at: datetime | None = None
    reported_at: datetime | None = None
    order_key: str | None = None
    order_code: str | None = None
    order_name: str | None = None
    category: SensitiveCategory | None = None


@dataclass(frozen=True)
class FlagDisplay:
    text: str  # "High", "Low", "Abnormal"...; "" when there is no flag
    tone: str  # high | low | abnormal | normal | "" : a CSS hint on top of the words
    abnormal: bool


@dataclass(frozen=True)
class StatusDisplay:
    text: str  # "Final", "Corrected", "Preliminary"
    corrected_at: datetime | None


@dataclass(frozen=True)
class ResultsOverview:
    """What one viewer sees of one record's results."""

    results: list[Result]  # released and permitted, newest first
    new: frozenset[int]  # result ids this account has not opened yet
    waiting: int  # released later: waiting for the clinician (only categories the viewer may see)
    next_release: datetime | None = None


class ResultService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        rules: ReleaseRules,
        notifier: Notifier,
        accounts: AccountService,
        patients: PatientService,
        viewers_of: ViewersOf | None = None,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._rules = rules
        self._notifier = notifier
        self._accounts = accounts
        self._patients = patients
        self.viewers_of: ViewersOf = viewers_of or _nobody_else

    # --- filing ------------------------------------------------------------------------------
    def file(self, patient: Patient, item: NewResult, *, source: str) -> Result:
        """Store one observation; a later message for the same order and test updates it (P -> F -> C)."""
        now = self._clock.now()
        arrives_final = item.status is not ResultStatus.PRELIMINARY
        with self._database.transaction() as conn:
            existing = self._same_observation(conn, patient, item)
            if existing is not None and not existing.is_preliminary and not arrives_final:
                raise RefusedError.because(
                    f"A preliminary {item.test_name} result cannot replace the final one already filed."
                )
            if existing is None:
                public_id = new_public_id("res")
                finalised = now if arrives_final else None
                conn.execute(
                    "INSERT INTO results (public_id, patient_id, order_key, order_code, order_name, test_name,"
                    " loinc_code, code, value, units, reference_range, abnormal_flag, performing_lab,"
                    " ordering_provider, status, category, collected_at, reported_at, corrected_at, finalised_at,"
                    " wait_for_review, source, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        public_id,
                        patient.id,
                        item.order_key,
                        item.order_code,
                        item.order_name,
                        *_observation_columns(item, now),
                        to_iso(finalised) if finalised else None,
                        int(arrives_final and self.waits_for_review(patient)),
                        source,
                        to_iso(now),
                        to_iso(now),
                    ),
                )
                action = "result-received"
            else:
                public_id = existing.public_id
                first_final = arrives_final and existing.finalised_at is None
                conn.execute(
                    "UPDATE results SET test_name = ?, loinc_code = ?, code = ?, value = ?, units = ?,"
                    " reference_range = ?, abnormal_flag = ?, performing_lab = ?, ordering_provider = ?,"
                    " status = ?, category = ?, collected_at = ?, reported_at = ?, corrected_at = ?,"
                    " finalised_at = ?, wait_for_review = ?, notified_at = ?, updated_at = ? WHERE id = ?",
                    (
                        *_observation_columns(item, now),
                        to_iso(now) if first_final else _iso_or_none(existing.finalised_at),
                        int(self.waits_for_review(patient)) if first_final else int(existing.wait_for_review),
                        # a correction is news again; an unchanged resend is not
                        None if item.status is ResultStatus.CORRECTED else _iso_or_none(existing.notified_at),
                        to_iso(now),
                        existing.id,
                    ),
                )
                action = "result-corrected" if item.status is ResultStatus.CORRECTED else "result-updated"
            result = self._by_public_id(public_id)
            self._audit.record(source, action, patient_id=patient.id, detail=f"result={public_id} status={item.status}")
        return result

    def _same_observation(self, conn: sqlite3.Connection, patient: Patient, item: NewResult) -> Result | None:
        if not item.order_key:
            return None
        row = conn.execute(
            _SELECT + " WHERE r.patient_id = ? AND r.order_key = ? AND r.code = ? ORDER BY r.id DESC LIMIT 1",
            (patient.id, item.order_key, item.code),
        ).fetchone()
        return Result.from_row(row) if row else None

    # --- staff actions -----------------------------------------------------------------------
    def release(self, result: Result, staff_name: str) -> Result:
        """A clinician has reviewed the result: it appears for a patient who chose to wait."""
        staff_name = _required(staff_name, "staff_name", "Name the clinician who releases the result.")
        with self._database.transaction() as conn:
            conn.execute(
                "UPDATE results SET released_at = ?, released_by = ?, release_kind = 'clinician' WHERE id = ?",
                (to_iso(self._clock.now()), staff_name, result.id),
            )
            self._audit.record(
                f"staff:{staff_name}",
                "result-released",
                patient_id=result.patient_id,
                detail=f"result={result.public_id} released by {staff_name}",
            )
        released = self._by_public_id(result.public_id)
        self.announce([released])
        return released

    def hold(self, result: Result, reason: str, reviewer: str) -> Result:
        """A Preventing-Harm hold (45 CFR 171.201): hidden until lifted, with a reason and a reviewer."""
        reason = _required(reason, "reason", "Give the reason for the hold.")
        reviewer = _required(reviewer, "reviewer", "Name the clinician who reviewed the hold.")
        with self._database.transaction() as conn:
            if result.hold is not None:
                raise ConflictError.because("This result is already on hold.", "result")
            conn.execute(
                "INSERT INTO result_holds (result_id, reason, reviewer, placed_at) VALUES (?, ?, ?, ?)",
                (result.id, reason, reviewer, to_iso(self._clock.now())),
            )
            self._audit.record(
                f"staff:{reviewer}",
                "result-held",
                patient_id=result.patient_id,
                detail=f"result={result.public_id} reviewer={reviewer} reason={reason}",
            )
        return self._by_public_id(result.public_id)

    def lift_hold(self, result: Result, staff_name: str) -> Result:
        staff_name = _required(staff_name, "staff_name", "Name the clinician who lifts the hold.")
        with self._database.transaction() as conn:
            if result.hold is None:
                raise ConflictError.because("This result is not on hold.", "result")
            conn.execute(
                "UPDATE result_holds SET lifted_at = ?, lifted_by = ? WHERE result_id = ? AND lifted_at IS NULL",
                (to_iso(self._clock.now()), staff_name, result.id),
            )
            self._audit.record(
                f"staff:{staff_name}",
                "result-hold-lifted",
                patient_id=result.patient_id,
                detail=f"result={result.public_id} lifted by {staff_name}",
            )
        lifted = self._by_public_id(result.public_id)
        self.announce([lifted])
        return lifted

    # --- the patient's choice ----------------------------------------------------------------
    def waits_for_review(self, patient: Patient) -> bool:
        row = (
            self._database.connection()
            .execute("SELECT wait_for_review FROM result_preferences WHERE patient_id = ?", (patient.id,))
            .fetchone()
        )
        return bool(row and row["wait_for_review"])

    def set_wait_for_review(self, patient: Patient, wait: bool, *, actor: str) -> None:
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO result_preferences (patient_id, wait_for_review, changed_at, changed_by)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (patient_id) DO UPDATE SET"
                " wait_for_review = excluded.wait_for_review, changed_at = excluded.changed_at,"
                " changed_by = excluded.changed_by",
                (patient.id, int(wait), to_iso(self._clock.now()), actor),
            )
            choice = "wait-for-clinician" if wait else "immediately"
            self._audit.record(actor, "results-preference-changed", patient_id=patient.id, detail=choice)

    # --- reading -----------------------------------------------------------------------------
    def get(self, public_id: str) -> Result:
        """Staff: any result, released or not."""
        return self._by_public_id(public_id)

    def all_for(self, patient: Patient) -> list[Result]:
        """Staff: every result of the patient, newest first, whatever its release state."""
        rows = (
            self._database.connection()
            .execute(_SELECT + " WHERE r.patient_id = ? ORDER BY r.reported_at DESC, r.id DESC", (patient.id,))
            .fetchall()
        )
        return [Result.from_row(row) for row in rows]

    def for_staff(self, patient: Patient, *, actor: str) -> list[Result]:
        """Staff reading a patient's results (released or not): an audited access to PHI."""
        results = self.all_for(patient)
        self._audit.record(actor, "results-viewed-by-staff", patient_id=patient.id, detail=f"results={len(results)}")
        return results

    def get_for_staff(self, public_id: str, *, actor: str) -> Result:
        result = self._by_public_id(public_id)
        self._audit.record(actor, "result-viewed-by-staff", patient_id=result.patient_id, detail=f"result={public_id}")
        return result

    def release_state(self, result: Result, patient: Patient) -> ReleaseState:
        return self._rules.state(result, patient_waits=self.waits_for_review(patient), now=self._clock.now())

    def wait_ends_at(self, result: Result) -> datetime | None:
        return self._rules.wait_ends_at(result)

    def visible_to(self, subject: Patient, permissions: Permissions) -> list[Result]:
        """Released results this viewer may see, newest first (no audit: callers that show them audit)."""
        if not permissions.allows(Function.RESULTS):
            return []
        waits, now = self.waits_for_review(subject), self._clock.now()
        return [
            result
            for result in self.all_for(subject)
            if permissions.sees(result.category)
            and self._rules.state(result, patient_waits=waits, now=now) is ReleaseState.VISIBLE
        ]

    def overview(self, account: Account, subject: Patient, permissions: Permissions) -> ResultsOverview:
        """The results list, as this account sees it; audited as a view of the record."""
        self.release_due(subject)
        results = self.visible_to(subject, permissions)
        waiting, next_release = self._waiting_for(subject, permissions)
        self._audit.record(
            account.actor,
            "results-viewed",
            patient_id=subject.id,
            detail=f"results={len(results)} as {permissions.relationship}",
        )
        return ResultsOverview(results, self._unopened(account, results), waiting, next_release)

    def open(self, account: Account, subject: Patient, permissions: Permissions, public_id: str) -> Result:
        """One result for this viewer; anything else (another record, unreleased, not permitted) is not found."""
        self.release_due(subject)
        for result in self.visible_to(subject, permissions):
            if result.public_id == public_id:
                with self._database.transaction() as conn:
                    conn.execute(
                        "INSERT OR IGNORE INTO result_views (result_id, account_id, first_viewed_at) VALUES (?, ?, ?)",
                        (result.id, account.id, to_iso(self._clock.now())),
                    )
                    self._audit.record(
                        account.actor,
                        "result-viewed",
                        patient_id=subject.id,
                        detail=f"result={public_id} as {permissions.relationship}",
                    )
                return result
        raise NotFoundError("No such result.")

    def new_result_count(self, account: Account, subject: Patient, permissions: Permissions) -> int:
        """The /home badge: released results this viewer may see and this account has not opened."""
        results = self.visible_to(subject, permissions)
        return len(self._unopened(account, results))

    def _unopened(self, account: Account, results: Iterable[Result]) -> frozenset[int]:
        opened = {
            row["result_id"]
            for row in self._database.connection().execute(
                "SELECT result_id FROM result_views WHERE account_id = ?", (account.id,)
            )
        }
        return frozenset(result.id for result in results if result.id not in opened)

    def _waiting_for(self, subject: Patient, permissions: Permissions) -> tuple[int, datetime | None]:
        """Results waiting for the clinician that this viewer will see when released (never holds)."""
        if not permissions.allows(Function.RESULTS):
            return 0, None
        waits, now = self.waits_for_review(subject), self._clock.now()
        ends = [
            self._rules.wait_ends_at(result)
            for result in self.all_for(subject)
            if permissions.sees(result.category)
            and self._rules.state(result, patient_waits=waits, now=now) is ReleaseState.AWAITING_REVIEW
        ]
        known = [moment for moment in ends if moment is not None]
        return len(ends), min(known) if known else None

    # --- presentation rules (shared by every page that shows a result) -----------------------
    def describe_flag(self, code: str | None) -> FlagDisplay:
        code = (code or "").strip().upper()
        if not code:
            return FlagDisplay("", "", abnormal=False)
        text, tone = FLAG_WORDS.get(code, (f"Abnormal ({code})", "abnormal"))
        return FlagDisplay(text, tone, abnormal=tone != "normal")

    def describe_status(self, result: Result) -> StatusDisplay:
        if result.is_corrected:
            return StatusDisplay("Corrected", result.corrected_at or result.reported_at)
        return StatusDisplay(result.status.value.capitalize(), None)

    # --- release by delay, and notices -------------------------------------------------------
    def release_due(self, patient: Patient | None = None) -> int:
        """Record the results whose wait ended (audited), and announce newly visible ones.

        Visibility never depends on this having run; it makes the release audited and the notice
        sent. Runs when a record's results are read and from the scheduled job (the admin API).
        """
        now = self._clock.now()
        cutoff = to_iso(now - self._rules.patient_wait)
        query = (
            _SELECT + " WHERE r.wait_for_review = 1 AND r.release_kind IS NULL AND r.finalised_at IS NOT NULL"
            " AND r.finalised_at <= ?"
        )
        arguments: tuple[object, ...] = (cutoff,)
        if patient is not None:
            query += " AND r.patient_id = ?"
            arguments += (patient.id,)
        due = [Result.from_row(row) for row in self._database.connection().execute(query, arguments).fetchall()]
        if due:
            with self._database.transaction() as conn:
                for result in due:
                    ended = self._rules.wait_ends_at(result)
                    conn.execute(
                        "UPDATE results SET released_at = ?, released_by = ?, release_kind = 'delay' WHERE id = ?",
                        (_iso_or_none(ended), SYSTEM, result.id),
                    )
                    self._audit.record(
                        SYSTEM,
                        "result-released-after-delay",
                        patient_id=result.patient_id,
                        detail=f"result={result.public_id} after {self._rules.patient_wait.days} days",
                    )
        self.announce(self._unannounced(patient))
        return len(due)

    def _unannounced(self, patient: Patient | None) -> list[Result]:
        query = _SELECT + " WHERE r.notified_at IS NULL AND r.status != 'preliminary'"
        arguments: tuple[object, ...] = ()
        if patient is not None:
            query, arguments = query + " AND r.patient_id = ?", (patient.id,)
        return [Result.from_row(row) for row in self._database.connection().execute(query, arguments).fetchall()]

    def announce(self, results: Sequence[Result]) -> None:
        """Send the PHI-free notice for released, not yet announced results (one email a person).

        Never raises: a notice that cannot be sent is logged (by the Notifier) and not retried.
        """
        try:
            for patient_id in sorted({result.patient_id for result in results}):
                patient = self._patients.by_id(patient_id)
                mine = [result for result in results if result.patient_id == patient_id]
                self._announce_for(patient, mine)
        except Exception:  # a notice never breaks the filing or the request that triggered it
            log.exception("Could not send the new-result notices")

    def _announce_for(self, patient: Patient, results: Sequence[Result]) -> None:
        waits, now = self.waits_for_review(patient), self._clock.now()
        news = [
            result
            for result in results
            if result.notified_at is None
            and self._rules.state(result, patient_waits=waits, now=now) is ReleaseState.VISIBLE
        ]
        if not news:
            return
        viewers = self.viewers(patient)
        recipients: dict[int, Account] = {}
        for result in news:
            for account in self.recipients_for(result, viewers):
                recipients.setdefault(account.id, account)
        self.notify(list(recipients.values()), news)
        with self._database.transaction() as conn:
            conn.executemany(
                "UPDATE results SET notified_at = ? WHERE id = ?", [(to_iso(now), result.id) for result in news]
            )
            self._audit.record(
                SYSTEM, "result-notice-sent", patient_id=patient.id, detail=f"recipients={len(recipients)}"
            )

    def notify(self, recipients: Sequence[Account], results: Sequence[Result]) -> None:
        """The notice itself: the same fixed, PHI-free words for everyone (RES-07)."""
        for account in recipients:
            self._notifier.send_new_results(self._accounts.notice_address(account))  # demographics area (DEM-02)

    def viewers(self, patient: Patient) -> list[tuple[Account, Permissions]]:
        """The patient's own account, then everyone the proxy area says may open the record."""
        own = self._accounts.for_patient(patient)
        listed = [(own, Permissions.own_record())] if own else []
        listed += list(self.viewers_of(patient))
        unique: dict[int, tuple[Account, Permissions]] = {}
        for account, permissions in listed:
            unique.setdefault(account.id, (account, permissions))
        return list(unique.values())

    @staticmethod
    def recipients_for(result: Result, viewers: Sequence[tuple[Account, Permissions]]) -> list[Account]:
        """Who may be told about this result: the RESULTS function and its sensitive category (RES-04)."""
        return [
            account
            for account, permissions in viewers
            if permissions.allows(Function.RESULTS) and permissions.sees(result.category)
        ]

    # --- storage -----------------------------------------------------------------------------
    def _by_public_id(self, public_id: str) -> Result:
        row = self._database.connection().execute(_SELECT + " WHERE r.public_id = ?", (public_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No result with id {public_id}.")
        return Result.from_row(row)


_SELECT = (
    "SELECT r.*, h.reason AS hold_reason, h.reviewer AS hold_reviewer, h.placed_at AS hold_placed_at"
    " FROM results r LEFT JOIN result_holds h ON h.result_id = r.id AND h.lifted_at IS NULL"
)


def _nobody_else(_patient: Patient) -> Sequence[tuple[Account, Permissions]]:
    return ()


def _observation_columns(item: NewResult, now: datetime) -> tuple[object, ...]:
    corrected = (item.reported_at or now) if item.status is ResultStatus.CORRECTED else None
    return (
        item.test_name,
        item.loinc_code,
        item.code,
        item.value,
        item.units,
        item.reference_range,
        (item.abnormal_flag or "").strip().upper() or None,
        item.performing_lab,
        item.ordering_provider,
        item.status.value,
        item.category.value if item.category else None,
        _iso_or_none(item.collected_at),
        to_iso(item.reported_at or now),
        _iso_or_none(corrected),
    )


def _required(value: str | None, name: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise RefusedError.because(message, name)
    return text


def _instant(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _iso_or_none(moment: datetime | None) -> str | None:
    return to_iso(moment) if moment else None
