"""Evidence per failure: the screen, the Playwright trace, console errors and HTTP 4xx/5xx responses.

Every browser context a scenario opens is watched from its first page on: console errors,
uncaught page errors and error responses are collected, and, where the trace mode asks for it,
tracing runs (DOM snapshots, no screencast: frames would show typed codes in clear, text can be
masked). Only a failed scenario keeps anything: its traces are saved, masked member by member, and
written with the screenshots into `evidence/<ID>[-<example>][-attempt-N]/` of the run archive.
When a context is traced is the run's trace mode (`trace_modes.py`).
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Response, WebError

from portal_harness.masking import (
    MASK,
    SECRETS,
    SecretRegistry,
    is_secret_name,
    mask_allure_document,
    mask_bytes,
)

EVIDENCE_DIR = "evidence"
# Enough to see what went wrong; a page that loops on an error would otherwise flood the summary.
MAX_ERRORS_KEPT = 50
FIRST_HTTP_ERROR_STATUS = 400
# A field found by its name alone must look like a token to be masked everywhere: a short value
# ("true", "1234") of a field named like a secret would mask ordinary text.
MIN_HARVESTED_SECRET_LENGTH = 8
_FORM_FIELD = re.compile(r"(?:^|[&?\s\"])([A-Za-z0-9_.\-]+)=([^&\s\"'<>\\]+)")
_SNAPSHOT_ATTRIBUTES = re.compile(r"\{[^{}]*\}")
_SNAPSHOT_NAME = re.compile(r'"name":"([^"]+)"')
_SNAPSHOT_VALUE = re.compile(r'"(?:value|__playwright_value_)":"([^"\\]+)"')
# Headers that carry a session or credentials: masked in the trace's network log whatever their value.
CREDENTIAL_HEADERS = frozenset({"cookie", "set-cookie", "authorization", "proxy-authorization", "x-csrf-token"})

# What the scenario fixture leaves for the result collector (read at the teardown report).
EVIDENCE_KEY = pytest.StashKey[dict[str, Any]]()


def evidence_folder_name(scenario_id: str, example: int | None = None, attempt: int = 1) -> str:
    """`ENR-03`, `MSG-04-2` (Examples row 2), `ENR-03-attempt-2`: ids and numbers, never data."""
    name = scenario_id if example is None else f"{scenario_id}-{example}"
    return name if attempt == 1 else f"{name}-attempt-{attempt}"


def describe_http_error(status: int, method: str, url: str) -> str:
    """`404 GET /path`: the path without its query string (queries may carry tokens)."""
    return f"{status} {method} {urlsplit(url).path or '/'}"


def mask_trace_zip(source: Path, target: Path, registry: SecretRegistry = SECRETS) -> None:
    """Copy a trace zip, masking every text member (typed codes and passwords are recorded as text).

    The network log (`*.network`, HAR entries as JSON lines) also loses its cookies, credential
    headers and form fields whose name says they are secret, whatever their value. Values the
    harness never saw (the portal's CSRF token) are found by their field's name first: in form
    bodies and query strings, and in the DOM snapshots' hidden inputs.
    """
    with zipfile.ZipFile(source) as original:
        members = [(member.filename, original.read(member)) for member in original.infolist()]
    local = SecretRegistry()
    local.register_all(registry.values())
    local.register_all(value for _, body in members for value in secret_field_values(body))
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as masked:
        for name, body in members:
            kept = mask_network_log(body, local) if name.endswith(".network") else body
            masked.writestr(name, mask_bytes(kept, local))
    tmp.replace(target)


def secret_field_values(body: bytes) -> set[str]:
    """Values of secret-named fields in a trace member: `csrf_token=...` in a form body or URL, and
    a snapshot's `{"name":"csrf_token","value":"..."}` input (its live value too)."""
    text = body.decode("utf-8", errors="ignore")
    found = {value for name, value in _FORM_FIELD.findall(text) if is_secret_name(name)}
    for attributes in _SNAPSHOT_ATTRIBUTES.findall(text):
        name = _SNAPSHOT_NAME.search(attributes)
        if name and is_secret_name(name.group(1)):
            found.update(_SNAPSHOT_VALUE.findall(attributes))
    return {value for value in found if len(value) >= MIN_HARVESTED_SECRET_LENGTH}


def mask_network_log(body: bytes, registry: SecretRegistry = SECRETS) -> bytes:
    """Each JSON line of a trace's network log, with credentials and secret-named fields masked."""
    lines: list[str] = []
    for line in body.decode("utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            lines.append(registry.mask_text(line))
            continue
        masked = mask_allure_document(_mask_credentials(event), registry)
        lines.append(json.dumps(masked, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _mask_credentials(node: Any, in_cookies: bool = False) -> Any:
    if isinstance(node, list):
        return [_mask_credentials(item, in_cookies) for item in node]
    if not isinstance(node, dict):
        return node
    masked = {key: _mask_credentials(value, key == "cookies") for key, value in node.items()}
    name = masked.get("name")
    if "value" in masked and (in_cookies or (isinstance(name, str) and name.lower() in CREDENTIAL_HEADERS)):
        masked["value"] = MASK
    return masked


@dataclass
class BrowserErrors:
    """What the pages of the scenario's browser contexts complained about, in order."""

    console: list[str] = field(default_factory=list)
    http: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._keep(self.console, message.text)

    def on_web_error(self, error: WebError) -> None:
        self._keep(self.console, f"uncaught: {error.error}")

    def on_response(self, response: Response) -> None:
        if response.status >= FIRST_HTTP_ERROR_STATUS:
            self._keep(self.http, describe_http_error(response.status, response.request.method, response.url))

    @staticmethod
    def _keep(kept: list[str], line: str) -> None:
        if len(kept) < MAX_ERRORS_KEPT:
            kept.append(line)


@dataclass
class EvidenceRecorder:
    """Watches the scenario's browser contexts; on failure, saves what they saw."""

    errors: BrowserErrors = field(default_factory=BrowserErrors)
    screenshots: list[bytes] = field(default_factory=list)
    tracing: bool = True
    _traced: list[BrowserContext] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Listen to the context's errors and maybe trace it (before its first page opens)."""
        context.on("console", self.errors.on_console)
        context.on("weberror", self.errors.on_web_error)
        context.on("response", self.errors.on_response)
        if not self.tracing:
            return
        context.tracing.start(screenshots=False, snapshots=True, sources=False)
        self._traced.append(context)

    def keep_screenshots(self, pngs: list[bytes]) -> None:
        """The failing step's screens (taken once, by the step-error hook)."""
        if not self.screenshots:
            self.screenshots = list(pngs)

    def discard(self) -> None:
        """A passing scenario: stop tracing without writing anything."""
        for context in self._traced:
            _stop_tracing(context, None)
        self._traced.clear()

    def save(self, folder: Path | None, archive: Path | None) -> tuple[dict[str, Any], list[Path]]:
        """A failed scenario: write traces and screenshots; return the summary's evidence and the traces.

        With no folder (plain pytest without a run archive) traces go to a temporary folder that
        the caller attaches and may delete; the evidence paths are then omitted.
        """
        target = folder or Path(tempfile.mkdtemp(prefix="portal-harness-trace-"))
        target.mkdir(parents=True, exist_ok=True)
        traces: list[Path] = []
        for number, context in enumerate(self._traced, start=1):
            raw = target / f"trace-{number}.raw.zip"
            if _stop_tracing(context, raw):
                trace = target / f"trace-{number}.zip"
                try:
                    mask_trace_zip(raw, trace)
                    traces.append(trace)
                except (zipfile.BadZipFile, OSError):
                    pass  # a truncated trace (browser died mid-write) is no evidence; never keep it unmasked
                finally:
                    raw.unlink(missing_ok=True)
        self._traced.clear()
        screens: list[Path] = []
        if folder is not None:
            for number, png in enumerate(self.screenshots, start=1):
                screen = folder / f"screen-{number}.png"
                screen.write_bytes(png)
                screens.append(screen)
        evidence = evidence_record(screens, traces if folder is not None else [], self.errors, archive)
        return evidence, traces


def evidence_record(
    screens: list[Path], traces: list[Path], errors: BrowserErrors, archive: Path | None
) -> dict[str, Any]:
    """The summary's `evidence`: paths relative to the archive, first screen and trace up front."""

    def relative(paths: list[Path]) -> list[str]:
        return [path.relative_to(archive).as_posix() if archive else path.as_posix() for path in paths]

    screen_paths, trace_paths = relative(screens), relative(traces)
    record: dict[str, Any] = {
        "screenshot": screen_paths[0] if screen_paths else None,
        "trace": trace_paths[0] if trace_paths else None,
        "console_errors": [SECRETS.mask_text(line) for line in errors.console],
        "http_errors": [SECRETS.mask_text(line) for line in errors.http],
    }
    if len(screen_paths) > 1:
        record["screenshots"] = screen_paths
    if len(trace_paths) > 1:
        record["traces"] = trace_paths
    return record


def _stop_tracing(context: BrowserContext, path: Path | None) -> bool:
    """Stop the context's tracing; False when the browser is gone (a crash has no trace to give)."""
    try:
        if path is None:
            context.tracing.stop()
        else:
            context.tracing.stop(path=path)
    except Exception:
        return False
    return path is None or path.exists()
