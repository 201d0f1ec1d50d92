"""`--device "Pixel 7"`: Playwright's device descriptors, applied to every browser context a scenario opens.

Patients mostly use phones: the same scenarios in a phone's viewport, user agent, pixel ratio and
touch find the layout problems of the portal's mobile view. The descriptors ship with Playwright
(`playwright.devices`); a descriptor made for WebKit or Firefox still applies to Chromium as
emulation (viewport, user agent, touch), which is what the suite drives.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from portal_harness.errors import HarnessError

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

# Keys of a descriptor that describe the browser to launch, not the context to open.
_NOT_CONTEXT_OPTIONS = frozenset({"default_browser_type"})


def device_context_options(playwright: Playwright, name: str) -> dict[str, Any]:
    """The `new_context` keyword arguments of the named device; HarnessError naming close names if unknown."""
    devices: dict[str, dict[str, Any]] = dict(playwright.devices)
    descriptor = devices.get(name)
    if descriptor is None:
        raise HarnessError(unknown_device_message(name, list(devices)))
    return {key: value for key, value in descriptor.items() if key not in _NOT_CONTEXT_OPTIONS}


def unknown_device_message(name: str, known: list[str]) -> str:
    """One sentence: the unknown name, a few close ones, and where the full list is."""
    by_lower = {known_name.lower(): known_name for known_name in known}
    close = [by_lower[match] for match in difflib.get_close_matches(name.lower(), list(by_lower), n=5, cutoff=0.5)]
    if not close:
        close = [known_name for known_name in known if name.lower().split(" ")[0] in known_name.lower()][:5]
    hint = (
        f"close names: {', '.join(repr(c) for c in close)}"
        if close
        else f"e.g. {', '.join(repr(k) for k in known[:3])}"
    )
    return f"Unknown --device '{name}': give one of Playwright's {len(known)} device names exactly ({hint})."


def check_device(name: str) -> None:
    """Refuse an unknown device before anything starts (the runner calls this up front)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        device_context_options(playwright, name)
