"""The preflight: before any scenario, check what every scenario needs, and stop in seconds if it is missing.

Without it a portal that is down, a wrong admin token or a missing browser shows up as one
timeout per scenario, minutes later, in a report that blames the portal. Each check either says
`preflight: ... ok` on stderr or raises a HarnessError (exit 2): one sentence naming the target
as it was given (or the setting) and the fix. Nothing here writes to the target: GET requests only.
"""

from __future__ import annotations

import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from portal_harness.credentials import from_environment
from portal_harness.errors import HarnessError
from portal_harness.profiles import TargetProfile
from portal_harness.progress import say

PREFLIGHT_TIMEOUT_S = 5.0  # connect and read: a portal that takes longer to answer "/" is not usable
BROWSER_CONNECT_TIMEOUT_MS = 10_000.0
# A clinic id no portal has: the admin API answers 404 with a good token, 401/403 with a bad one.
_ADMIN_PROBE = "/api/admin/clinics/preflight-check"
_BROWSERS_STARTED: set[tuple[str | None, str | None, bool]] = set()


@dataclass(frozen=True)
class TargetNaming:
    """How the target is named in a sentence: exactly as given, and which setting to fix."""

    as_given: str  # what --target said: a URL, a profile name or a file
    url: str  # the URL the checks use
    fix: str  # where the URL comes from, e.g. "fix --target" or "fix base_url in FILE"

    @classmethod
    def of(cls, target: str, profile: TargetProfile, url: str) -> TargetNaming:
        if profile.bundled:
            return cls(target, url, "see portal.log in the run's archive")
        if profile.path is None:
            return cls(target, url, "check that the portal is up and the URL given to --target")
        return cls(target, url, f"check that the portal is up and base_url in {profile.path}")

    def describe(self) -> str:
        return self.as_given if self.as_given == self.url else f"{self.as_given} ({self.url})"


def check_target(naming: TargetNaming, timeout_s: float = PREFLIGHT_TIMEOUT_S) -> None:
    """The target answers GET of its base URL within the timeout, and not with a server error."""
    started = time.monotonic()
    status = _get_status(naming.url.rstrip("/") + "/", None, naming, "GET /", timeout_s)
    if status >= 500:
        raise HarnessError(
            f"The target {naming.describe()} answered HTTP {status} to GET /: the portal is up but failing; "
            f"check its logs and run again once it serves its landing page ({naming.fix})."
        )
    say(f"preflight: target {naming.describe()} ok (HTTP {status} in {time.monotonic() - started:.2f} s)")


def check_admin_api(naming: TargetNaming, profile: TargetProfile, token: str) -> None:
    """Provisioning works: the admin API answers and accepts the token (a GET of a clinic nobody has)."""
    if "admin" not in profile.offers:
        say("preflight: admin API not offered by the target (scenarios tagged @needs:admin are skipped)")
        return
    status = _get_status(naming.url.rstrip("/") + _ADMIN_PROBE, token, naming, "its admin API", PREFLIGHT_TIMEOUT_S)
    if status in (401, 403):
        raise HarnessError(
            f"The admin API of the target {naming.describe()} refused the token (HTTP {status}): export the "
            f"target's admin token in {profile.admin_token_env}, the variable the profile's admin_token_env names."
        )
    if status >= 500 or status not in (200, 404):
        raise HarnessError(
            f"The admin API of the target {naming.describe()} answered HTTP {status} to GET {_ADMIN_PROBE}: "
            "scenarios cannot build their people; check the portal's admin API, or leave 'admin' out of "
            "the profile's offers."
        )
    say("preflight: admin API ok (the token is accepted)")


def check_bundled_options(profile: TargetProfile, release: str | None, faults: tuple[str, ...]) -> None:
    """--release and --faults name a release and faults of the bundled portal: checked before it starts."""
    from reference_portal.faults import UnknownFaultError, resolve_faults
    from reference_portal.releases import RELEASES

    if not profile.bundled:
        if release or faults:
            flag = "--release" if release else "--faults"
            raise HarnessError(
                f"{flag} chooses what the bundled portal runs, and the target {profile.name} is not the bundled "
                f"portal: drop {flag} (its release is read from the portal itself)."
            )
        return
    if release is not None and release not in RELEASES:
        raise HarnessError(
            f"--release {release} is not a release of the bundled portal: give one of {', '.join(RELEASES)}."
        )
    try:
        resolve_faults(faults)
    except UnknownFaultError as error:
        raise HarnessError(f"{str(error).rstrip('.')}; `portal-harness faults` describes them.") from None


def feature_syntax_error(features: Path, root: Path) -> str | None:
    """The first Gherkin syntax error under `features`, as one sentence naming file and line; else None.

    The runner asks before anything starts, the pytest plugin again at collection (plain pytest).
    """
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.gherkin_parser import get_gherkin_document

    for path in sorted(features.rglob("*.feature")):
        try:
            get_gherkin_document(str(path))
        except GherkinParseError as error:
            where = path.relative_to(root) if path.is_relative_to(root) else path
            return (
                f"{where}:{error.line}: {error.message.rstrip('.')} at `{error.line_content.strip()}`: "
                "fix the Gherkin on that line (a keyword misspelled, or a step outside a scenario)."
            )
    return None


def features_dir(root: Path, pytest_args: list[str]) -> Path:
    """The feature folder a run reads: the project's, or an `-o bdd_features_base_dir=DIR` override."""
    folder = "features"
    for index, arg in enumerate(pytest_args):
        option = pytest_args[index + 1] if arg == "-o" and index + 1 < len(pytest_args) else arg
        name, sep, value = option.removeprefix("--override-ini=").partition("=")
        if sep and name == "bdd_features_base_dir":
            folder = value
    path = Path(folder)
    return path if path.is_absolute() else root / path


def check_features(root: Path, pytest_args: list[str]) -> None:
    problem = feature_syntax_error(features_dir(root, pytest_args), root)
    if problem:
        raise HarnessError(problem)


def check_credentials(profile: TargetProfile) -> None:
    """Every pre-provisioned account's variables are set (the code source's are checked by mailboxes)."""
    names = 0
    for persona, account in sorted(profile.accounts.items()):
        where = f"[target.accounts.{persona}]"
        from_environment(account.username_env, f"{where} username_env")
        from_environment(account.password_env, f"{where} password_env", secret=True)
        names += 2
        if account.totp_secret_env:
            from_environment(account.totp_secret_env, f"{where} totp_secret_env", secret=True)
            names += 1
    if names:
        say(f"preflight: credentials ok ({names} variables of {len(profile.accounts)} account(s) set)")


def check_allure() -> None:
    """The Allure CLI the report needs is installed, and Node to run it."""
    from portal_harness.report import allure_cli

    cli = allure_cli()
    if shutil.which("node") is None:
        raise HarnessError(
            f"Node.js is not on PATH, and the Allure CLI ({cli}) needs it: install Node.js 20+ "
            "(or run with --no-report)."
        )
    say("preflight: Allure CLI ok")


def check_browser(endpoint: str | None, kind: str | None, headed: bool) -> None:
    """The browser starts (or the remote one is reachable): launched, described and closed again.

    Once per process and endpoint: `prove-faults` and `upgrade-drill` call the runner many times.
    """
    from playwright.sync_api import sync_playwright

    if (endpoint, kind, headed) in _BROWSERS_STARTED:
        return

    from portal_harness.browser import BrowserOptions, describe_browser, start_browser

    options = BrowserOptions(
        endpoint=endpoint,
        headed=headed,
        endpoint_kind="cdp" if kind == "cdp" else "playwright",
        connect_timeout_ms=BROWSER_CONNECT_TIMEOUT_MS,
    )
    started = time.monotonic()
    try:
        with sync_playwright() as playwright:
            browser = start_browser(playwright, options)
            described = describe_browser(browser)
            browser.close()
    except HarnessError:
        raise
    except Exception as error:
        first_line = (str(error).strip().splitlines() or [error.__class__.__name__])[0][:200]
        raise HarnessError(
            f"The browser did not start ({first_line}): run `make browser`, or check --browser-endpoint/--cdp-endpoint."
        ) from None
    _BROWSERS_STARTED.add((endpoint, kind, headed))
    where = " (remote)" if endpoint else ""
    say(f"preflight: browser {described['name']} {described['version']}{where} ok ({time.monotonic() - started:.1f} s)")


def _get_status(url: str, token: str | None, naming: TargetNaming, what: str, timeout_s: float) -> int:
    """The HTTP status of a GET (redirects followed); a HarnessError naming the target if none came."""
    request = urllib.request.Request(url, method="GET")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
        request.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            response.read(1)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = _reason(error, timeout_s)
        raise HarnessError(f"The target {naming.describe()} did not answer {what} ({reason}): {naming.fix}.") from None


def _reason(error: BaseException, timeout_s: float) -> str:
    """A failed request in a few words: refused, unknown host, no answer in time."""
    cause: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(cause, TimeoutError):
        return f"no answer within {timeout_s:.0f} s"
    if isinstance(error, ValueError):
        return f"not a usable URL: {error}"
    return str(cause)
