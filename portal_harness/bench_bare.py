"""The bare side of `make bench`: the same flows as the suite, without pytest, pytest-bdd's runner or Allure.

Each flow is one scenario row of the feature files (the official Gherkin parser expands the
Outlines); each step calls the suite's own step function, which calls the page objects and the
data layer. What the harness adds around them (pytest's collection and fixtures, pytest-bdd's
runner, Allure's recording, the evidence tracing, the summary) is absent, so the time difference
is the harness's cost. The step functions are found through the registrations their decorators
made at import (`pytest_bdd.steps.step_function_context_registry`); nothing of pytest runs.
"""

from __future__ import annotations

import inspect
import secrets
import string
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faker import Faker
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler
from playwright.sync_api import Browser, BrowserContext, sync_playwright
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from portal_harness.browser import BrowserOptions, start_browser
from portal_harness.evidence import EvidenceRecorder
from portal_harness.paths import project_root
from portal_harness.plugin import HarnessSettings
from portal_harness.scenario import ScenarioContext, scenario_seed
from portal_harness.target import BUNDLED, Target

_STEP_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}


class _NoEvidence(EvidenceRecorder):
    """The bare side records nothing: no tracing, no error listeners."""

    def watch(self, context: BrowserContext) -> None:
        return None


@dataclass(frozen=True)
class Flow:
    """One scenario row: its id, its name and its steps as (type, text, datatable)."""

    scenario_id: str
    name: str
    steps: tuple[tuple[str, str, list[list[str]] | None], ...]


@dataclass
class BareResult:
    wall_s: float
    durations: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def flows_tagged(tag: str, features: Path | None = None) -> list[Flow]:
    """Every scenario row carrying `@tag`, in file order (as pytest collects them)."""
    base = features or project_root() / "features"
    flows: list[Flow] = []
    for path in sorted(base.rglob("*.feature")):
        document: dict[str, Any] = dict(Parser().parse(path.read_text(encoding="utf-8")))
        document["uri"] = str(path)
        for pickle in Compiler().compile(document):  # type: ignore[arg-type]
            tags = {t["name"].lstrip("@") for t in pickle["tags"]}
            if tag not in tags:
                continue
            scenario_id = next((t.split(":", 1)[1] for t in tags if t.startswith("id:")), pickle["name"])
            steps = tuple(
                (_STEP_TYPES.get(step.get("type", ""), "given"), step["text"], _datatable(step))
                for step in pickle["steps"]
            )
            flows.append(Flow(scenario_id, pickle["name"], steps))
    return flows


def _datatable(step: Any) -> list[list[str]] | None:
    table = (step.get("argument") or {}).get("dataTable")
    return [[cell["value"] for cell in row["cells"]] for row in table["rows"]] if table else None


def _step_modules() -> list[str]:
    import sys

    root = str(project_root())
    if root not in sys.path:
        sys.path.insert(0, root)  # the project's own packages (steps, pages, data), as pytest's rootdir does
    import conftest  # the project's wiring: which step modules the suite loads

    return [name for name in conftest.pytest_plugins if name.startswith("steps.")]


class _Steps:
    """The suite's step functions and fixtures, imported once."""

    def __init__(self) -> None:
        import importlib

        self.fixtures: dict[str, Callable[..., Any]] = {}
        for name in _step_modules():
            module = importlib.import_module(name)
            for value in vars(module).values():
                wrapped = getattr(value, "_get_wrapped_function", None)
                fixture_name = getattr(value, "name", "")
                if wrapped and fixture_name and not fixture_name.startswith("pytestbdd_"):
                    self.fixtures[fixture_name] = wrapped()
        self.contexts: list[StepFunctionContext] = list(step_function_context_registry.values())

    def find(self, step_type: str, text: str) -> StepFunctionContext:
        found = [c for c in self.contexts if c.type in (step_type, None) and c.parser.is_matching(text)]
        if not found:
            raise LookupError(f"no step matches {step_type} '{text}'")
        return found[-1]


class _FlowState:
    """What pytest's fixtures would hold for one flow: values by name, generator fixtures to close."""

    def __init__(self, steps: _Steps, values: dict[str, Any]) -> None:
        self.steps = steps
        self.values = values
        self._generators: list[Iterator[Any]] = []

    def value(self, name: str) -> Any:
        if name not in self.values:
            function = self.steps.fixtures[name]
            result = function(**{p: self.value(p) for p in inspect.signature(function).parameters})
            if inspect.isgenerator(result):
                self._generators.append(result)
                result = next(result)
            self.values[name] = result
        return self.values[name]

    def close(self) -> None:
        for generator in reversed(self._generators):
            next(generator, None)


def run_flow(flow: Flow, steps: _Steps, scenario: ScenarioContext, settings: HarnessSettings) -> None:
    state = _FlowState(steps, {"scenario": scenario, "harness_settings": settings})
    try:
        for step_type, text, datatable in flow.steps:
            context = steps.find(step_type, text)
            arguments = dict(context.parser.parse_arguments(text) or {})
            for name, convert in context.converters.items():
                arguments[name] = convert(arguments[name])
            if datatable is not None:
                arguments["datatable"] = datatable
            function = context.step_func
            parameters = inspect.signature(function).parameters
            kwargs = {p: arguments[p] if p in arguments else state.value(p) for p in parameters}
            result = function(**kwargs)
            if context.target_fixture:
                state.values[context.target_fixture] = result
    finally:
        state.close()
        scenario.close()


def run_bare(flows: list[Flow], portal_url: str, hl7_endpoint: str | None, admin_token: str, seed: int) -> BareResult:
    """Run the flows in one browser, a fresh context per person, on the given portal."""
    steps = _Steps()
    run_tag = "b" + "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(3))
    settings = HarnessSettings(BUNDLED, portal_url, None, None, seed, run_tag, None, BrowserOptions())
    target = Target(BUNDLED, portal_url, admin_token, hl7_endpoint)
    started = time.monotonic()
    result = BareResult(wall_s=0.0)
    with sync_playwright() as playwright:
        browser: Browser = start_browser(playwright, settings.browser)
        for number, flow in enumerate(flows):
            key = f"{flow.scenario_id}#{number}"
            flow_seed = scenario_seed(seed, key)
            faker = Faker("en_US")
            faker.seed_instance(flow_seed)
            scenario = ScenarioContext(
                key=key, target=target, browser=browser, faker=faker, run_tag=run_tag, seed=flow_seed,
                scenario_id=flow.scenario_id, evidence=_NoEvidence(),
            )  # fmt: skip
            flow_started = time.monotonic()
            try:
                run_flow(flow, steps, scenario, settings)
            except Exception as error:  # a bare flow that fails is reported, and the bench says so
                result.failures.append(f"{flow.scenario_id} {flow.name}: {type(error).__name__}: {error}"[:300])
            result.durations.append(time.monotonic() - flow_started)
        browser.close()
    result.wall_s = time.monotonic() - started
    return result
