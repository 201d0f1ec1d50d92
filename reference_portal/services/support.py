"""The support view of the staff console (SUP-01): a patient's portal account status, a new
activation code, an unlock. Never clinical data: support staff see who the patient is and the
state of their access, nothing from the record. Every search, view and action is audited with
the staff member as the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.services.accounts import AccountReport, AccountService, AccountStatus
from reference_portal.services.activation import CodeState
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import ClinicService
from reference_portal.services.code_requests import CodeRequestService, ResentCode
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.staff import StaffMember, StaffRole

# Who may use the support view: the people who answer the portal help line and the front desk.
SUPPORT_ROLES = frozenset({StaffRole.SUPPORT, StaffRole.FRONT_DESK, StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR})

STATUS_LABELS = {
    AccountStatus.NEVER_ACTIVATED: "Never activated",
    AccountStatus.CODE_EXPIRED: "Code expired",
    AccountStatus.LOCKED: "Locked",
    AccountStatus.ACTIVE: "Active",
}

CODE_STATE_LABELS = {
    CodeState.PENDING: "Not used yet",
    CodeState.USED: "Used",
    CodeState.EXPIRED: "Expired",
    CodeState.VOID: "No longer valid",
}


@dataclass(frozen=True)
class SupportSearch:
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    mrn: str = ""


@dataclass(frozen=True)
class SupportEntry:
    """One patient as support sees them: identity, account status, and account facts only."""

    patient: Patient
    report: AccountReport
    details: list[tuple[str, str]]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.report.status]

    @property
    def can_resend(self) -> bool:
        return self.report.account is None

    @property
    def can_unlock(self) -> bool:
        return self.report.status is AccountStatus.LOCKED


class SupportService:
    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        audit: AuditLog,
        clinics: ClinicService,
        patients: PatientService,
        accounts: AccountService,
        code_requests: CodeRequestService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._clinics = clinics
        self._patients = patients
        self._accounts = accounts
        self._code_requests = code_requests

    @staticmethod
    def may_use(member: StaffMember) -> bool:
        return member.role in SUPPORT_ROLES

    def actor_for(self, member: StaffMember) -> str:
        """Support actions are recorded under the staff member who took them."""
        return member.actor

    def record_action(self, member: StaffMember, action: str, patient: Patient | None, detail: str = "") -> None:
        self._audit.record(
            self.actor_for(member),
            action,
            patient_id=patient.id if patient else None,
            clinic_id=member.clinic_id,
            detail=f"by={member.username}{' ' + detail if detail else ''}",
        )

    # --- finding the patient -----------------------------------------------------------------
    def search(self, member: StaffMember, query: SupportSearch) -> list[SupportEntry]:
        """By MRN, or by first and last name with the date of birth; only the member's clinic."""
        mrn = query.mrn.strip()
        first, last = query.first_name.strip(), query.last_name.strip()
        if not mrn and not (first and last and query.date_of_birth):
            raise RefusedError(Problem(messages.SUPPORT_SEARCH_MISSING, "mrn" if mrn or not first else "last_name"))
        connection = self._database.connection()
        if mrn:
            rows = connection.execute(
                "SELECT id FROM patients WHERE mrn = ? AND clinic_id = ?", (mrn, member.clinic_id)
            ).fetchall()
        else:
            assert query.date_of_birth is not None
            rows = connection.execute(
                "SELECT id FROM patients WHERE lower(first_name) = lower(?) AND lower(last_name) = lower(?)"
                " AND date_of_birth = ? AND clinic_id = ? ORDER BY last_name, first_name, id",
                (first, last, query.date_of_birth.isoformat(), member.clinic_id),
            ).fetchall()
        entries = [self._entry(self._patients.by_id(row["id"])) for row in rows]
        how = "mrn" if mrn else "name-and-birth-date"
        self.record_action(member, "support-search", None, f"by-{how} matches={len(entries)}")
        for entry in entries:
            self.record_action(member, "support-account-viewed", entry.patient)
        return entries

    def entry(self, member: StaffMember, patient_public_id: str) -> SupportEntry:
        patient = self._patient_for(member, patient_public_id)
        self.record_action(member, "support-account-viewed", patient)
        return self._entry(patient)

    # --- actions -----------------------------------------------------------------------------
    def resend_code(self, member: StaffMember, patient_public_id: str) -> ResentCode:
        """A fresh activation code (the old one stops working), emailed to the address on file."""
        patient = self._patient_for(member, patient_public_id)
        if self._accounts.for_patient(patient) is not None:
            raise RefusedError.because("This patient already has an account: no activation code is needed.")
        resent = self._code_requests.resend(patient, actor=self.actor_for(member))
        self.record_action(
            member, "support-activation-code-resent", patient, f"emailed={'yes' if resent.notice_sent else 'no'}"
        )
        return resent

    def unlock(self, member: StaffMember, patient_public_id: str) -> None:
        patient = self._patient_for(member, patient_public_id)
        account = self._accounts.for_patient(patient)
        if account is None or not account.locked:
            raise RefusedError.because(messages.SUPPORT_NOT_LOCKED)
        self._accounts.unlock(account, actor=self.actor_for(member))
        self.record_action(member, "support-account-unlocked", patient, f"account={account.public_id}")

    # --- what the page shows ------------------------------------------------------------------
    def details_for(self, patient: Patient, report: AccountReport) -> list[tuple[str, str]]:
        """Account facts support may see: never results, messages, medications or any other record data."""
        clinic = self._clinics.by_id(patient.clinic_id)
        zone = clinic.zone
        details = [("MRN", patient.mrn), ("Clinic", clinic.name)]
        if report.account is not None:
            details.append(("Username", report.account.username))
            details.append(("Failed sign-in attempts", str(report.account.failed_sign_ins)))
            if report.account.locked_at is not None:
                details.append(("Locked since", _local(report.account.locked_at.astimezone(zone))))
        code = report.latest_code
        if code is not None and report.latest_code_state is not None:
            details.append(("Latest activation code", CODE_STATE_LABELS[report.latest_code_state]))
            details.append(("Code issued", _local(code.issued_at.astimezone(zone))))
            details.append(("Code valid until", _local(code.expires_at.astimezone(zone))))
        details.append(("Email address on file", "Yes" if patient.demographics.email else "No"))
        return details

    def _entry(self, patient: Patient) -> SupportEntry:
        report = self._accounts.report(patient)
        return SupportEntry(patient, report, self.details_for(patient, report))

    def _patient_for(self, member: StaffMember, patient_public_id: str) -> Patient:
        patient = self._patients.get(patient_public_id)  # NotFoundError for an unknown id
        if patient.clinic_id != member.clinic_id:
            raise NotFoundError("No such patient.")
        return patient


def _local(moment: datetime) -> str:
    return moment.strftime("%d %b %Y, %H:%M %Z").lstrip("0")
