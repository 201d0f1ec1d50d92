"""Launch a local Chromium or connect to a remote Playwright server, once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, Playwright

from portal_harness.browser_setup import CHROMIUM_ARGS, chromium_executable
from portal_harness.errors import HarnessError


@dataclass(frozen=True)
class BrowserOptions:
    endpoint: str | None = None
    headed: bool = False
    slowmo_ms: float = 0.0


def start_browser(playwright: Playwright, options: BrowserOptions) -> Browser:
    if options.endpoint:
        try:
            return playwright.chromium.connect(options.endpoint, slow_mo=options.slowmo_ms)
        except Exception as error:
            raise HarnessError(
                f"Could not connect to the browser endpoint {options.endpoint} ({error.__class__.__name__}): "
                "check that the Playwright server runs and the --browser-endpoint URL."
            ) from None
    try:
        executable = chromium_executable(playwright)
    except LookupError as missing:
        raise HarnessError(str(missing)) from None
    launch: dict[str, Any] = {"headless": not options.headed, "slow_mo": options.slowmo_ms, "args": CHROMIUM_ARGS}
    if executable:
        launch["executable_path"] = str(executable)
    return playwright.chromium.launch(**launch)


def describe_browser(browser: Browser) -> dict[str, str]:
    return {"name": browser.browser_type.name, "version": browser.version}
