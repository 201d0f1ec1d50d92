"""The composition root: one `Portal` per app, holding its settings, clock and services.

Blueprints reach it with `current_portal()`; interfaces get it passed in. Faults patch the
services of one Portal at start-up, so two apps in one process never share a fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from reference_portal.clock import Clock
from reference_portal.config import MailTransport, PortalConfig
from reference_portal.database import Database
from reference_portal.interfaces.mailbox import Mailbox
from reference_portal.migrations import SchemaMigrations  # releases area
from reference_portal.services.accounts import AccountService
from reference_portal.services.activation import ActivationService
from reference_portal.services.appointments import AppointmentService
from reference_portal.services.attachments import AttachmentService
from reference_portal.services.audit import AuditLog
from reference_portal.services.audit_queries import AuditQueries  # VDT/AUD area
from reference_portal.services.canned_responses import CannedResponseService
from reference_portal.services.clinic_directory import ClinicDirectory  # reports area
from reference_portal.services.clinic_hours import ClinicHoursService
from reference_portal.services.clinical_record import ClinicalRecordService
from reference_portal.services.clinics import ClinicService
from reference_portal.services.code_requests import CodeRequestService
from reference_portal.services.demographics import DemographicsService, DuplicateScreen  # demographics area
from reference_portal.services.hl7_inbound import Hl7InboundService
from reference_portal.services.i18n import LanguagePreferences  # demographics area
from reference_portal.services.identity_matching import PatientMatcher
from reference_portal.services.messaging import MessagingService
from reference_portal.services.mfa import MfaService
from reference_portal.services.notes import NoteService
from reference_portal.services.notifications import MailboxTransport, Notifier, SmtpTransport
from reference_portal.services.partners import PartnerService  # partners area
from reference_portal.services.password_reset import PasswordResetService
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.patient_reported import PatientReportedService
from reference_portal.services.patients import PatientService
from reference_portal.services.pools import PoolService
from reference_portal.services.proxies import ProxyService
from reference_portal.services.proxy_codes import ProxyCodeService
from reference_portal.services.proxy_policy import ProxyPolicy
from reference_portal.services.release_rules import ReleaseRules
from reference_portal.services.reports import ReportService  # reports area
from reference_portal.services.results import ResultService
from reference_portal.services.routing import RoutingService
from reference_portal.services.self_enrollment import SelfEnrollmentService
from reference_portal.services.sessions import SessionService
from reference_portal.services.sign_in import SignInService
from reference_portal.services.staff import StaffService, StaffSessionService
from reference_portal.services.staff_inbox import StaffInbox
from reference_portal.services.support import SupportService  # partners area (SUP-01)
from reference_portal.services.vdt import RecordExportService  # VDT area
from reference_portal.settings import Settings
from reference_portal.template_edits import TemplateEdit

EXTENSION_KEY = "riverbend_portal"


@dataclass
class Portal:
    config: PortalConfig
    settings: Settings
    database: Database
    clock: Clock
    mailbox: Mailbox
    audit: AuditLog
    clinics: ClinicService
    patients: PatientService
    activation: ActivationService
    passwords: PasswordPolicy
    accounts: AccountService
    sign_in: SignInService
    sessions: SessionService
    notifier: Notifier
    hl7_inbound: Hl7InboundService
    # auth area: sign-in codes set-up, online sign-up, new-code requests, password reset
    mfa: MfaService
    self_enrollment: SelfEnrollmentService
    code_requests: CodeRequestService
    password_reset: PasswordResetService
    # --- messaging area: clinic hours, staff, pools, routing, messages ---
    clinic_hours: ClinicHoursService
    staff: StaffService
    staff_sessions: StaffSessionService
    pools: PoolService
    routing: RoutingService
    attachments: AttachmentService
    canned_responses: CannedResponseService
    messaging: MessagingService
    staff_inbox: StaffInbox
    # --- proxy area: who may see whose record, proxy codes ---
    proxy_policy: ProxyPolicy
    proxies: ProxyService
    proxy_codes: ProxyCodeService
    # --- results area: results and their release, the clinical record, notes, readings, appointments ---
    release_rules: ReleaseRules
    results: ResultService
    clinical_record: ClinicalRecordService
    notes: NoteService
    patient_reported: PatientReportedService
    appointments: AppointmentService
    # --- demographics area: change requests, duplicate enrollments, languages ---
    languages: LanguagePreferences
    demographics: DemographicsService
    duplicates: DuplicateScreen
    # --- partners area: partner organisations under an MOU, the support view ---
    partners: PartnerService
    support: SupportService
    # --- reports area ---
    reports: ReportService
    clinic_directory: ClinicDirectory
    # --- VDT area: download, transmit, the activity log ---
    record_export: RecordExportService
    audit_queries: AuditQueries
    # --- releases area: the schema upgrades applied at start-up ---
    migrations: SchemaMigrations
    # Faults only (faults.edit_template): text an upgrade changed in a template; none on a correct portal.
    template_edits: list[TemplateEdit] = field(default_factory=list)

    @classmethod
    def build(cls, config: PortalConfig, database: Database, mailbox: Mailbox | None = None) -> Portal:
        settings = config.settings
        clock = Clock(database)
        mailbox = mailbox or Mailbox(clock.now)
        transport = (
            MailboxTransport(mailbox)
            if config.mail_transport is MailTransport.MEMORY
            else SmtpTransport(config.smtp_host, config.smtp_port)
        )
        languages = LanguagePreferences(database, clock)  # demographics area: notices in each person's language
        notifier = Notifier(transport, config.mail_sender, settings, clock, language_for=languages.for_address)
        audit = AuditLog(database, clock)
        clinics = ClinicService(database, clock, settings)
        patients = PatientService(database, clock, audit)
        activation = ActivationService(database, clock, settings, audit)
        passwords = PasswordPolicy(settings)
        mfa = MfaService(database, clock, audit)
        accounts = AccountService(
            database=database,
            clock=clock,
            settings=settings,
            audit=audit,
            activation=activation,
            passwords=passwords,
            mfa=mfa,
        )
        sessions = SessionService(database, clock, settings, audit, accounts)
        matcher = PatientMatcher(database)
        # --- messaging area ---
        clinic_hours = ClinicHoursService(database, clock, settings, audit)
        staff = StaffService(database, clock, settings, audit, passwords)
        pools = PoolService(database, clock, audit)
        routing = RoutingService(
            database=database, clock=clock, settings=settings, audit=audit, pools=pools, staff=staff
        )
        attachments = AttachmentService(database, clock, settings)
        canned_responses = CannedResponseService(database, clock, audit)
        messaging = MessagingService(
            database=database,
            clock=clock,
            settings=settings,
            audit=audit,
            notifier=notifier,
            clinics=clinics,
            clinic_hours=clinic_hours,
            patients=patients,
            accounts=accounts,
            staff=staff,
            routing=routing,
            attachments=attachments,
        )
        staff_inbox = StaffInbox(
            database=database,
            clock=clock,
            audit=audit,
            messaging=messaging,
            clinics=clinics,
            clinic_hours=clinic_hours,
            patients=patients,
            staff=staff,
            pools=pools,
            canned_responses=canned_responses,
        )
        # --- proxy area ---
        proxy_policy = ProxyPolicy(settings, clinics)
        proxies = ProxyService(
            database=database,
            clock=clock,
            audit=audit,
            policy=proxy_policy,
            patients=patients,
            accounts=accounts,
            clinics=clinics,
            notifier=notifier,
        )
        proxy_codes = ProxyCodeService(
            database=database,
            clock=clock,
            settings=settings,
            audit=audit,
            activation=activation,
            accounts=accounts,
            passwords=passwords,
            mfa=mfa,
            patients=patients,
            proxies=proxies,
        )
        # --- results area: new-result notices go to every viewer the proxy area lists ---
        release_rules = ReleaseRules(settings)
        results = ResultService(
            database=database,
            clock=clock,
            audit=audit,
            rules=release_rules,
            notifier=notifier,
            accounts=accounts,
            patients=patients,
            viewers_of=proxies.viewers_of,
        )
        appointments = AppointmentService(database, clock, audit)
        # --- partners area (the support view reuses the auth area's resend service) ---
        code_requests = CodeRequestService(
            database=database,
            clock=clock,
            audit=audit,
            activation=activation,
            clinics=clinics,
            matcher=matcher,
            notifier=notifier,
        )
        sign_in = SignInService(
            database=database,
            clock=clock,
            settings=settings,
            audit=audit,
            accounts=accounts,
            passwords=passwords,
            notifier=notifier,
            mfa=mfa,
        )
        partners = PartnerService(
            database=database,
            clock=clock,
            audit=audit,
            clinics=clinics,
            patients=patients,
            accounts=accounts,
            passwords=passwords,
        )
        sign_in.send_elsewhere(lambda account: partners.user_for_account(account) is not None)
        support = SupportService(
            database=database,
            clock=clock,
            audit=audit,
            clinics=clinics,
            patients=patients,
            accounts=accounts,
            code_requests=code_requests,
        )
        # --- VDT area: the record as a file, sent, and its activity log ---
        clinical_record = ClinicalRecordService(database, clock, audit)
        notes = NoteService(database, clock, audit)
        patient_reported = PatientReportedService(database, clock, audit, clinics)
        record_export = RecordExportService(
            database=database,
            clock=clock,
            settings=settings,
            audit=audit,
            clinics=clinics,
            clinic_hours=clinic_hours,
            clinical_record=clinical_record,
            results=results,
            notes=notes,
            patient_reported=patient_reported,
            notifier=notifier,
        )
        return cls(
            config=config,
            settings=settings,
            database=database,
            clock=clock,
            mailbox=mailbox,
            audit=audit,
            clinics=clinics,
            patients=patients,
            activation=activation,
            passwords=passwords,
            accounts=accounts,
            sign_in=sign_in,
            sessions=sessions,
            notifier=notifier,
            hl7_inbound=Hl7InboundService(
                database, clock, clinics, patients, settings=settings, results=results, appointments=appointments
            ),
            # auth area
            mfa=mfa,
            self_enrollment=SelfEnrollmentService(
                database=database,
                clock=clock,
                audit=audit,
                accounts=accounts,
                activation=activation,
                passwords=passwords,
                matcher=matcher,
            ),
            code_requests=code_requests,
            password_reset=PasswordResetService(
                database=database,
                clock=clock,
                settings=settings,
                audit=audit,
                accounts=accounts,
                passwords=passwords,
                sessions=sessions,
                notifier=notifier,
            ),
            # --- messaging area ---
            clinic_hours=clinic_hours,
            staff=staff,
            staff_sessions=StaffSessionService(database, clock, settings, audit, staff),
            pools=pools,
            routing=routing,
            attachments=attachments,
            canned_responses=canned_responses,
            messaging=messaging,
            staff_inbox=staff_inbox,
            # --- proxy area ---
            proxy_policy=proxy_policy,
            proxies=proxies,
            proxy_codes=proxy_codes,
            # --- results area ---
            release_rules=release_rules,
            results=results,
            clinical_record=clinical_record,
            notes=notes,
            patient_reported=patient_reported,
            appointments=appointments,
            # --- demographics area ---
            languages=languages,
            demographics=DemographicsService(database, clock, audit, patients),
            duplicates=DuplicateScreen(
                database=database,
                clock=clock,
                audit=audit,
                accounts=accounts,
                activation=activation,
                patients=patients,
                matcher=matcher,
            ),
            # --- partners area ---
            partners=partners,
            support=support,
            # --- reports area ---
            reports=ReportService(
                database=database,
                clock=clock,
                settings=settings,
                clinics=clinics,
                pools=pools,
                clinic_hours=clinic_hours,
                canned_responses=canned_responses,
            ),
            clinic_directory=ClinicDirectory(database, clock, clinics, clinic_hours),
            # --- VDT area ---
            record_export=record_export,
            audit_queries=AuditQueries(database, patients, accounts, proxies, staff),
            # --- releases area ---
            migrations=SchemaMigrations(database, clock, settings),
        )


def current_portal() -> Portal:
    portal = current_app.extensions[EXTENSION_KEY]
    assert isinstance(portal, Portal)
    return portal
