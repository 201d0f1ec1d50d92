"""What the suite writes into allure-results: masked, keyed by scenario id, with evidence.

- Every result, container and text attachment passes through the masking before it is written.
- History and test-case ids come from the `@id` tag, so renaming or moving a scenario keeps
  its history (Allure's default keys on feature path + scenario name).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

import allure
import allure_commons
import pytest
from allure_commons.logger import AllureFileLogger

from portal_harness.evidence import BrowserErrors
from portal_harness.masking import SECRETS, SecretRegistry, mask_allure_document, mask_bytes
from portal_harness.tags import SEVERITIES, area_of
from portal_harness.tracker import story_url, story_url_pattern

SCENARIO_ID_LABEL = "scenario_id"
# Stories are requirements in the tracker: Allure 3 shows "tms" links with a checklist icon
# ("issue" links get a bug icon, kept for known-issue tickets).
STORY_LINK_TYPE = "tms"
TRACE_ATTACHMENT_NAME = "Playwright trace (open with: playwright show-trace FILE)"
SECRET_FIELD_LABEL = re.compile(r"code|password|passcode|passphrase|token|secret|\bpin\b", re.IGNORECASE)
# The state vocabulary steps pass between them (target_fixture names). allure-pytest-bdd records
# every step-function argument as a parameter; these are objects, not what the step said.
STATE_FIXTURES = frozenset({"people", "current_page", "patient", "scenario", "message", "proxy", "result"})


def drop_state_parameters(document: dict[str, Any]) -> dict[str, Any]:
    """Keep only the parameters the Gherkin text gave a step (recursively through steps)."""
    for step in document.get("steps") or []:
        step["parameters"] = [p for p in step.get("parameters") or [] if p.get("name") not in STATE_FIXTURES]
        drop_state_parameters(step)
    return document


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def key_by_scenario_id(document: dict[str, Any]) -> dict[str, Any]:
    """Point testCaseId and historyId at the scenario id (keeping the parameters part)."""
    labels = document.get("labels") or []
    scenario_id = next((label["value"] for label in labels if label.get("name") == SCENARIO_ID_LABEL), None)
    if scenario_id is None:
        return document
    document["testCaseId"] = _md5(scenario_id)
    parameters_part = str(document.get("historyId", "")).partition(".")[2]
    document["historyId"] = f"{_md5(scenario_id)}.{parameters_part}" if parameters_part else _md5(scenario_id)
    return document


class MaskingFileLogger(AllureFileLogger):
    """Allure's file writer, with masking and id-keyed history applied to everything it writes."""

    def __init__(self, report_dir: str | Path, clean: bool = False, registry: SecretRegistry = SECRETS) -> None:
        super().__init__(report_dir, clean)
        self.registry = registry

    def _report_item(self, item: Any) -> None:
        from attr import asdict

        filename = item.file_pattern.format(prefix=uuid.uuid4())
        data = asdict(item, filter=lambda _, v: v or v is False)
        data = key_by_scenario_id(drop_state_parameters(mask_allure_document(data, self.registry)))
        tmp_path = self._report_dir / f"{filename}.tmp"
        with open(tmp_path, "w", encoding="utf8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(tmp_path, self._report_dir / filename)

    @allure_commons.hookimpl
    def report_attached_file(self, source: str, file_name: str) -> None:
        body = Path(source).read_bytes()
        self.report_attached_data(body, file_name)

    @allure_commons.hookimpl
    def report_attached_data(self, body: str | bytes, file_name: str) -> None:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        tmp_path = self._report_dir / f"{file_name}.tmp"
        tmp_path.write_bytes(mask_bytes(raw, self.registry))
        os.replace(tmp_path, self._report_dir / file_name)


def install_masking_logger() -> None:
    """Make allure-pytest-bdd write through the masking logger.

    It builds its file logger in its own pytest_configure from this module-level name; replacing
    the name before then (the harness plugin is imported earlier, from the root conftest) keeps
    its registration and clean-up intact.
    """
    import allure_pytest_bdd.plugin

    allure_pytest_bdd.plugin.AllureFileLogger = MaskingFileLogger


def label_scenario(item: pytest.Item) -> None:
    """Turn the scenario's valued tags into Allure labels and links (from the before-scenario hook on)."""
    id_marker = item.get_closest_marker("id")
    if id_marker:
        scenario_id = str(id_marker.args[0])
        allure.dynamic.label(SCENARIO_ID_LABEL, scenario_id)
        allure.dynamic.tag(f"id:{scenario_id}")
        area = area_of(scenario_id)
        if area:
            allure.dynamic.epic(area)
    severity = item.get_closest_marker("severity")
    if severity and severity.args[0] in SEVERITIES:
        allure.dynamic.severity(allure.severity_level(severity.args[0]))
    pattern = story_url_pattern()
    for story in item.iter_markers("story"):
        key = str(story.args[0])
        allure.dynamic.story(key)
        url = story_url(key, pattern)
        if url:
            allure.dynamic.link(url, link_type=STORY_LINK_TYPE, name=key)
    for family in ("since", "needs"):
        for marker in item.iter_markers(family):
            allure.dynamic.tag(f"{family}:{marker.args[0]}")


def attach_screenshots(pages: list[Any], step_name: str) -> list[bytes]:
    """The screen of every open page, attached inside the failing step, with secret fields masked.

    Returns the PNGs, so the run archive keeps the same screens as evidence.
    """
    pngs: list[bytes] = []
    for number, page in enumerate(pages, start=1):
        try:
            png = page.screenshot(full_page=True, mask=secret_fields(page))
        except Exception:  # a crashed browser has no screen to show; the error says why
            continue
        suffix = f" ({number})" if len(pages) > 1 else ""
        allure.attach(png, name=f"Screen when '{step_name}' failed{suffix}", attachment_type=allure.attachment_type.PNG)
        pngs.append(png)
    return pngs


def attach_failure_evidence(traces: list[Path], errors: BrowserErrors) -> None:
    """Traces as plain zips, console and HTTP errors as text (the logger masks text attachments).

    Not Allure's Playwright-trace type: its viewer button sends the trace to trace.playwright.dev.
    """
    for number, trace in enumerate(traces, start=1):
        suffix = f" ({number})" if len(traces) > 1 else ""
        allure.attach.file(
            str(trace), name=f"{TRACE_ATTACHMENT_NAME}{suffix}", attachment_type=allure.attachment_type.ZIP
        )
    if errors.console:
        allure.attach(
            "\n".join(errors.console), name="Browser console errors", attachment_type=allure.attachment_type.TEXT
        )
    if errors.http:
        allure.attach(
            "\n".join(errors.http), name="HTTP 4xx/5xx responses", attachment_type=allure.attachment_type.TEXT
        )


def secret_fields(page: Any) -> list[Any]:
    """Fields whose label says they hold a secret (codes, passwords), painted over in screenshots."""
    return [
        page.get_by_label(SECRET_FIELD_LABEL),
        # why: a password input may have no label at all; its type is what makes it secret
        page.locator("input[type=password]"),
    ]


def write_environment(results_dir: Path, environment: dict[str, str]) -> None:
    """environment.properties: the portal release, browser and seed shown on the report."""
    results_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}={value}" for key, value in environment.items() if value]
    # why: every xdist worker writes it at its end; a rename never leaves half a file
    tmp = results_dir / f"environment.properties.{os.getpid()}.tmp"
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, results_dir / "environment.properties")
