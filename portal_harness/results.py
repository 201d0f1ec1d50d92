"""Collect one ScenarioResult per scenario (per Examples row) and keep summary.json current.

The summary is rewritten after every scenario, so an interrupted run keeps what it finished.

The result is built where the scenario ran (it needs the item: tags, evidence, the exception)
and attached to the teardown report; it is written where reports are logged. Without
pytest-xdist both happen in one process; with `--workers N` the workers build and the controller
alone writes, so several workers never clobber one `summary.json`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portal_harness.evidence import EVIDENCE_KEY
from portal_harness.masking import SECRETS
from portal_harness.outcomes import classify, first_line
from portal_harness.summary import ScenarioResult, Status, Summary


def scenario_id_of(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("id")
    return str(marker.args[0]) if marker and marker.args else None


def scenario_info(item: pytest.Item) -> tuple[str, str]:
    """The scenario's name and its feature file (relative to the features folder)."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    if template is None:
        return item.name, str(item.path.name)
    return template.name, str(template.feature.rel_filename)


_NOT_TAGS = frozenset({"id", "parametrize", "usefixtures", "filterwarnings", "skip", "skipif", "xfail"})


def scenario_tags(item: pytest.Item) -> list[str]:
    """The scenario's Gherkin tags as written, without `@` and without its id: `severity:critical`."""
    tags: list[str] = []
    for marker in item.iter_markers():
        if marker.name in _NOT_TAGS:
            continue
        tag = f"{marker.name}:{marker.args[0]}" if marker.args else marker.name
        if tag not in tags:
            tags.append(tag)
    return sorted(tags)


def example_index(item: pytest.Item) -> int | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None or "_pytest_bdd_example" not in callspec.params:
        return None
    # pytest-bdd ids rows as "<n>" counting from 1 within each Examples block
    return int(callspec.indices.get("_pytest_bdd_example", 0))


# The teardown report's attribute carrying the scenario's result (JSON-ready: xdist serialises it).
RESULT_ATTRIBUTE = "portal_harness_result"
# What an xdist worker hands the controller at its end: the secret values it saw, for junit.xml.
WORKER_SECRETS_KEY = "portal_harness_secrets"


class ResultCollector:
    """A pytest plugin object; registered by the harness plugin when a run folder is given."""

    def __init__(self, summary_path: Path, run_id: str, label: str, *, writes_summary: bool = True) -> None:
        self.summary = Summary(run=run_id, label=label, results=[])
        self.summary_path = summary_path
        self.writes_summary = writes_summary  # False in an xdist worker: the controller writes
        self._phases: dict[str, list[tuple[pytest.TestReport, Any]]] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        if scenario_id_of(item) is None:
            return
        self._phases.setdefault(item.nodeid, []).append((report, call.excinfo))
        if report.when == "teardown":
            result = self._result(item, self._phases.pop(item.nodeid))
            setattr(report, RESULT_ATTRIBUTE, result.to_json())

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        data = getattr(report, RESULT_ATTRIBUTE, None)
        if not self.writes_summary or not isinstance(data, dict):
            return
        self.summary.results.append(ScenarioResult.from_json(data))
        self.summary.write(self.summary_path)

    def _result(self, item: pytest.Item, phases: list[tuple[pytest.TestReport, Any]]) -> ScenarioResult:
        name, feature = scenario_info(item)
        status: Status = "passed"
        message: str | None = None
        error_kind = None
        for report, excinfo in phases:
            if report.failed:
                status = "failed"
                if excinfo is not None:
                    message = SECRETS.mask_text(first_line(excinfo.exconly()))
                    error_kind = classify(excinfo.value)
                break
            if report.skipped:
                status = "skipped"
                message = _skip_reason(report)
        # The scenario fixture's teardown ran before this teardown report: its evidence is there.
        evidence = item.stash.get(EVIDENCE_KEY, None) if status == "failed" else None
        return ScenarioResult(
            id=scenario_id_of(item) or "",
            name=name,
            feature=feature,
            status=status,
            duration_s=round(sum(report.duration for report, _ in phases), 3),
            message=message,
            error_kind=error_kind,
            example=example_index(item),
            tags=scenario_tags(item),
            evidence=evidence,
        )

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.writes_summary:
            return
        self.summary.interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
        self.summary.write(self.summary_path)


class WorkerSecrets:
    """Under pytest-xdist: the secrets a worker saw go to the controller, which writes junit.xml.

    The values travel over xdist's own channel between local processes (`workeroutput`), never
    through a file or a report; the controller's scrub of junit.xml then masks them.
    """

    def __init__(self, is_worker: bool) -> None:
        self.is_worker = is_worker

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(session.config, "workeroutput", None)
        if self.is_worker and workeroutput is not None:
            workeroutput[WORKER_SECRETS_KEY] = SECRETS.values()

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        SECRETS.register_all(getattr(node, "workeroutput", {}).get(WORKER_SECRETS_KEY, []))


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)
