"""What one scenario owns: its clock, its seeded Faker, its API client and its browser pages."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from faker import Faker
from playwright.sync_api import Browser, BrowserContext, Page

from portal_harness.errors import HarnessError
from portal_harness.evidence import EvidenceRecorder
from portal_harness.mailboxes import Mailbox, mailbox_for
from portal_harness.mllp import MllpClient
from portal_harness.portal_api import CLOCK_COOKIE, PortalApi
from portal_harness.production_guard import is_guarded
from portal_harness.runs import CREATED_LEDGER
from portal_harness.target import Target

DEFAULT_EXPECT_TIMEOUT_MS = 5_000


def scenario_seed(run_seed: int, scenario_key: str) -> int:
    """A seed per scenario, reproducible from the run's seed and independent of run order."""
    digest = hashlib.sha256(f"{run_seed}:{scenario_key}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass
class ScenarioContext:
    """Per-scenario state shared by steps; `repr` is short because Allure records it."""

    key: str
    target: Target
    browser: Browser
    faker: Faker
    run_tag: str
    seed: int = 0  # this scenario's data seed (from the run's seed and the scenario's key)
    scenario_id: str = ""
    run_dir: Path | None = None
    baseline_dir: Path | None = None
    # why: `--device` applies a phone's viewport, user agent and touch to every context, not only the first
    context_options: dict[str, Any] = field(default_factory=dict)
    clock_scope: str = field(default_factory=lambda: uuid.uuid4().hex)
    contexts: list[BrowserContext] = field(default_factory=list)
    evidence: EvidenceRecorder = field(default_factory=EvidenceRecorder)

    def __repr__(self) -> str:
        return f"ScenarioContext({self.key!r})"

    @property
    def api(self) -> PortalApi:
        ledger = self.run_dir / CREATED_LEDGER if self.run_dir else None
        return PortalApi(
            self.target.url,
            self.target.admin_token,
            self.clock_scope,
            self.target.offers,
            self.target.name,
            ledger,
            read_only=self.target.profile is not None and is_guarded(self.target.profile),
        )

    @property
    def mailbox(self) -> Mailbox:
        """Where this scenario reads what people were emailed: the target profile's source (sink or IMAP)."""
        return mailbox_for(self.target.profile, self.api)

    @property
    def hl7(self) -> MllpClient:
        """The portal's HL7 v2 listener, on this scenario's clock."""
        if not self.target.hl7_endpoint:
            raise HarnessError(f"The target {self.target.name} has no HL7 endpoint: give it one, or skip @needs:hl7.")
        host, _, port = self.target.hl7_endpoint.rpartition(":")
        return MllpClient(host, int(port), self.clock_scope)

    def new_page(self) -> Page:
        """A fresh browser context (one person's browser) that lives on the scenario's clock.

        It is traced and its errors are collected from the start: a failure keeps them as evidence.
        """
        context = self.browser.new_context(**self.context_options, base_url=self.target.url, locale="en-US")
        self.evidence.watch(context)
        context.set_default_timeout(DEFAULT_EXPECT_TIMEOUT_MS * 2)
        host = urlsplit(self.target.url).hostname or "127.0.0.1"
        context.add_cookies([{"name": CLOCK_COOKIE, "value": self.clock_scope, "domain": host, "path": "/"}])
        self.contexts.append(context)
        return context.new_page()

    @property
    def pages(self) -> list[Page]:
        return [page for context in self.contexts for page in context.pages if not page.is_closed()]

    def close(self) -> None:
        crashed = not self.browser.is_connected()
        for context in self.contexts:
            try:
                context.close()
            except Exception:
                if not crashed:  # why: a crashed browser's contexts are gone already; nothing to close
                    raise
        self.contexts.clear()
