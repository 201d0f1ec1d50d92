"""The composition root: one `Portal` per app, holding its settings, clock and services.

Blueprints reach it with `current_portal()`; interfaces get it passed in. Faults patch the
services of one Portal at start-up, so two apps in one process never share a fault.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from reference_portal.clock import Clock
from reference_portal.config import MailTransport, PortalConfig
from reference_portal.database import Database
from reference_portal.interfaces.mailbox import Mailbox
from reference_portal.services.accounts import AccountService
from reference_portal.services.activation import ActivationService
from reference_portal.services.audit import AuditLog
from reference_portal.services.clinics import ClinicService
from reference_portal.services.hl7_inbound import Hl7InboundService
from reference_portal.services.notifications import MailboxTransport, Notifier, SmtpTransport
from reference_portal.services.passwords import PasswordPolicy
from reference_portal.services.patients import PatientService
from reference_portal.services.sessions import SessionService
from reference_portal.services.sign_in import SignInService
from reference_portal.settings import Settings

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
        notifier = Notifier(transport, config.mail_sender, settings, clock)
        audit = AuditLog(database, clock)
        clinics = ClinicService(database, clock, settings)
        patients = PatientService(database, clock, audit)
        activation = ActivationService(database, clock, settings, audit)
        passwords = PasswordPolicy(settings)
        accounts = AccountService(
            database=database, clock=clock, settings=settings, audit=audit, activation=activation, passwords=passwords
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
            sign_in=SignInService(
                database=database,
                clock=clock,
                settings=settings,
                audit=audit,
                accounts=accounts,
                passwords=passwords,
                notifier=notifier,
            ),
            sessions=SessionService(database, clock, settings, audit, accounts),
            notifier=notifier,
            hl7_inbound=Hl7InboundService(database, clock, clinics, patients),
        )


def current_portal() -> Portal:
    portal = current_app.extensions[EXTENSION_KEY]
    assert isinstance(portal, Portal)
    return portal
