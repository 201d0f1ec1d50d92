"""Remote browser endpoints: which kind was given, and how it is written down (a token masked).

Two kinds:
- `playwright`: a Playwright server (`launch-server`, `run-server`; what Moon, Browserless and
  Playwright's container image expose), reached with `BrowserType.connect` over `ws://`;
- `cdp`: a Chromium speaking the DevTools protocol (Selenium Grid 4, Browserless, a Chromium
  started with `--remote-debugging-port`), reached with `connect_over_cdp` over `http://` or `ws://`.
No Playwright import here: the CLI checks the flags before anything starts.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from portal_harness.errors import HarnessError

EndpointKind = Literal["playwright", "cdp"]
ENDPOINT_FLAGS: dict[EndpointKind, str] = {"playwright": "--browser-endpoint", "cdp": "--cdp-endpoint"}
_SCHEMES: dict[EndpointKind, tuple[str, ...]] = {"playwright": ("ws", "wss"), "cdp": ("http", "https", "ws", "wss")}
_EXAMPLES: dict[EndpointKind, str] = {
    "playwright": "ws://grid.example.org:3000/playwright",
    "cdp": "http://127.0.0.1:9222",
}
_SECRET_QUERY_KEYS = ("token", "key", "secret", "password", "auth")
MASK = "******"


def remote_browser(browser_endpoint: str | None, cdp_endpoint: str | None) -> tuple[str | None, EndpointKind | None]:
    """The one remote endpoint given and its kind, or (None, None) for a local browser.

    Both at once is a usage error: the run could not say which browser it used.
    """
    if browser_endpoint and cdp_endpoint:
        raise HarnessError(
            "Both --browser-endpoint and --cdp-endpoint were given: give one of them "
            "(ws:// of a Playwright server, or http:// of a Chromium with remote debugging)."
        )
    kind: EndpointKind = "cdp" if cdp_endpoint else "playwright"
    endpoint = cdp_endpoint or browser_endpoint
    if not endpoint:
        return None, None
    parts = urlsplit(endpoint)
    if parts.scheme.lower() not in _SCHEMES[kind] or not parts.hostname:
        schemes = " or ".join(f"{scheme}://" for scheme in _SCHEMES[kind])
        raise HarnessError(
            f"{ENDPOINT_FLAGS[kind]} '{mask_endpoint(endpoint)}' is not a {schemes} URL with a host: "
            f"give e.g. {_EXAMPLES[kind]}."
        )
    return endpoint, kind


def mask_endpoint(endpoint: str | None) -> str | None:
    """The endpoint as given, with a token in its query string (or a password before the host) masked.

    Host, port and path are kept: they say which grid ran the browsers.
    """
    if not endpoint:
        return endpoint
    parts = urlsplit(endpoint)
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(f":{parts.password}@", f":{MASK}@", 1)
    query = parts.query
    if query:
        query = "&".join(
            f"{key}={MASK}" if any(s in key.lower() for s in _SECRET_QUERY_KEYS) else f"{key}{sep}{value}"
            for key, sep, value in (pair.partition("=") for pair in query.split("&"))
        )
    return urlunsplit(parts._replace(netloc=netloc, query=query))
