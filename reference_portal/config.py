"""How one portal process is wired: storage, modes, mail transport, faults.

Business thresholds live in `Settings`; this object holds everything about *running* the portal.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reference_portal.settings import Settings

TEST_MODE_ADMIN_TOKEN = "test-admin-token"


class MailTransport(StrEnum):
    SMTP = "smtp"  # real SMTP to smtp_host:smtp_port (the capturing sink when served)
    MEMORY = "memory"  # straight into the in-process mail store (unit tests)


@dataclass(frozen=True)
class PortalConfig:
    settings: Settings = field(default_factory=Settings)
    db_path: Path | None = None  # None: a fresh temporary database
    test_mode: bool = False
    faults: tuple[str, ...] = ()
    admin_token: str | None = None  # None: `test-admin-token` in test mode, admin API closed otherwise
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    mail_transport: MailTransport = MailTransport.SMTP
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_sender: str = "Riverbend Health <no-reply@riverbend-health.example>"

    @property
    def effective_admin_token(self) -> str | None:
        if self.admin_token:
            return self.admin_token
        return TEST_MODE_ADMIN_TOKEN if self.test_mode else None
