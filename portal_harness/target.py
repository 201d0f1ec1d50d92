"""The portal under test: the bundled reference portal (started on demand) or the profile's URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal_harness.portal_process import PortalOptions, RunningPortal, start_portal
from portal_harness.profiles import BUNDLED_PROFILE, TargetProfile, resolve_target

BUNDLED = BUNDLED_PROFILE
DEFAULT_TEST_ADMIN_TOKEN = "test-admin-token"  # the bundled portal's test-mode token, not a secret
ADMIN_TOKEN_ENV = "PORTAL_ADMIN_TOKEN"


@dataclass
class Target:
    name: str
    url: str
    admin_token: str
    hl7_endpoint: str | None = None  # "host:port" of the portal's HL7 v2 MLLP listener
    portal: RunningPortal | None = None
    profile: TargetProfile | None = None

    def __repr__(self) -> str:
        return f"Target({self.name!r}, {self.url!r})"

    @property
    def offers(self) -> frozenset[str] | None:
        return self.profile.offers if self.profile else None

    def stop(self) -> None:
        if self.portal:
            self.portal.stop()
            self.portal = None


def parse_faults(value: str | None) -> tuple[str, ...]:
    return tuple(f.strip() for f in (value or "").split(",") if f.strip())


def admin_token(profile: TargetProfile) -> str:
    """From the environment variable the profile names, else the bundled portal's test-mode token.

    The fallback also serves a bare URL of a bundled portal started by hand (`portal-harness portal`).
    """
    return os.environ.get(profile.admin_token_env, DEFAULT_TEST_ADMIN_TOKEN)


def open_target(
    target: str,
    portal_url: str | None,
    release: str | None,
    faults: str | None,
    log_dir: Path | None,
    *,
    hl7_endpoint: str | None = None,
    profile: TargetProfile | None = None,
) -> Target:
    """Use the portal already started for this run, the profile's URL, or start the bundled one now.

    `profile`: the run's profile when the caller already resolved it (with `--environment` applied).
    """
    profile = profile or resolve_target(target)
    token = admin_token(profile)
    if not profile.bundled:
        assert profile.base_url is not None
        return Target(profile.name, profile.base_url, token, hl7_endpoint or profile.hl7_endpoint, profile=profile)
    if portal_url:
        return Target(profile.name, portal_url, token, hl7_endpoint, profile=profile)
    options = PortalOptions(release=release, faults=parse_faults(faults))
    log_path = log_dir / "portal.log" if log_dir else None
    running = start_portal(options, log_path)
    return Target(profile.name, running.url, token, running.hl7_endpoint, running, profile=profile)


def describe_ready(ready: dict[str, Any]) -> str:
    return f"portal on {ready['url']} (HL7 MLLP port {ready.get('mllp_port')}, SMTP sink port {ready.get('smtp_port')})"
