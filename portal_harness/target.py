"""The portal under test: the bundled reference portal (started on demand) or a URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal_harness.portal_process import PortalOptions, RunningPortal, start_portal

BUNDLED = "demo"
DEFAULT_TEST_ADMIN_TOKEN = "test-admin-token"  # the bundled portal's test-mode token, not a secret
ADMIN_TOKEN_ENV = "PORTAL_ADMIN_TOKEN"


@dataclass
class Target:
    name: str
    url: str
    admin_token: str
    hl7_endpoint: str | None = None  # "host:port" of the portal's HL7 v2 MLLP listener
    portal: RunningPortal | None = None

    def __repr__(self) -> str:
        return f"Target({self.name!r}, {self.url!r})"

    def stop(self) -> None:
        if self.portal:
            self.portal.stop()
            self.portal = None


def parse_faults(value: str | None) -> tuple[str, ...]:
    return tuple(f.strip() for f in (value or "").split(",") if f.strip())


def open_target(
    target: str,
    portal_url: str | None,
    release: str | None,
    faults: str | None,
    log_dir: Path | None,
    *,
    hl7_endpoint: str | None = None,
) -> Target:
    """Use the portal already started for this run, a URL, or start the bundled one now."""
    token = os.environ.get(ADMIN_TOKEN_ENV, DEFAULT_TEST_ADMIN_TOKEN)
    if target != BUNDLED:
        return Target(target, target, token, hl7_endpoint)
    if portal_url:
        return Target(BUNDLED, portal_url, token, hl7_endpoint)
    options = PortalOptions(release=release, faults=parse_faults(faults))
    log_path = log_dir / "portal.log" if log_dir else None
    running = start_portal(options, log_path)
    return Target(BUNDLED, running.url, token, running.hl7_endpoint, running)


def describe_ready(ready: dict[str, Any]) -> str:
    return f"portal on {ready['url']} (HL7 MLLP port {ready.get('mllp_port')}, SMTP sink port {ready.get('smtp_port')})"
