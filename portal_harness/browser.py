"""Launch a local Chromium, or connect to a remote one, once per test session (per xdist worker).

The endpoint kinds (a Playwright server, a Chromium over CDP) are described in `endpoints.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, Playwright

from portal_harness.browser_setup import CHROMIUM_ARGS, chromium_executable
from portal_harness.endpoints import ENDPOINT_FLAGS, EndpointKind, mask_endpoint
from portal_harness.errors import HarnessError


@dataclass(frozen=True)
class BrowserOptions:
    endpoint: str | None = None
    headed: bool = False
    slowmo_ms: float = 0.0
    endpoint_kind: EndpointKind = "playwright"
    connect_timeout_ms: float = 30_000.0  # a remote endpoint that does not answer: the preflight uses less


def start_browser(playwright: Playwright, options: BrowserOptions) -> Browser:
    if options.endpoint:
        return _connect(playwright, options)
    try:
        executable = chromium_executable(playwright)
    except LookupError as missing:
        raise HarnessError(str(missing)) from None
    launch: dict[str, Any] = {"headless": not options.headed, "slow_mo": options.slowmo_ms, "args": CHROMIUM_ARGS}
    if executable:
        launch["executable_path"] = str(executable)
    return playwright.chromium.launch(**launch)


def _connect(playwright: Playwright, options: BrowserOptions) -> Browser:
    assert options.endpoint is not None
    try:
        if options.endpoint_kind == "cdp":
            return playwright.chromium.connect_over_cdp(
                options.endpoint, slow_mo=options.slowmo_ms, timeout=options.connect_timeout_ms
            )
        return playwright.chromium.connect(
            options.endpoint, slow_mo=options.slowmo_ms, timeout=options.connect_timeout_ms
        )
    except Exception as error:
        what = "Chromium's DevTools endpoint" if options.endpoint_kind == "cdp" else "the Playwright server"
        raise HarnessError(
            f"Could not connect to the browser endpoint {mask_endpoint(options.endpoint)} "
            f"({error.__class__.__name__}): check that {what} runs and the {ENDPOINT_FLAGS[options.endpoint_kind]} URL."
        ) from None


class BrowserKeeper:
    """The session's browser, started again when it crashed or its connection dropped.

    A browser crash must fail only the scenario it happened in: the next scenario asks for the
    browser (`current`) and gets a new one, instead of every later scenario failing on a dead one.
    """

    def __init__(self, playwright: Playwright, options: BrowserOptions) -> None:
        self._playwright, self._options = playwright, options
        self._browser = start_browser(playwright, options)
        self.relaunches = 0

    def current(self) -> Browser:
        if not self._browser.is_connected():
            self._browser = start_browser(self._playwright, self._options)
            self.relaunches += 1
        return self._browser

    def close(self) -> None:
        if self._browser.is_connected():
            self._browser.close()


def describe_browser(browser: Browser) -> dict[str, str]:
    return {"name": browser.browser_type.name, "version": browser.version}
