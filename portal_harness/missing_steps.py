"""The missing-step policy: a scenario whose steps are not all defined yet is pending, not failed,
when it is tagged `@wip` or the run says `--missing-steps=skip`. By default it fails.

Analysts commit scenarios before the steps exist; a nightly run must not go red for them, and
must not run half a scenario either: the steps are looked up before the first one runs, the
way pytest-bdd looks them up, and the scenario is skipped with the first undefined step as the
reason ("pending: undefined step 'When Maria pays her bill'").
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd.scenario import get_step_function

SKIP = "skip"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("portal-harness", "Portal Harness").addoption(
        "--missing-steps",
        choices=("fail", SKIP),
        default="fail",
        help="skip: a scenario with undefined steps is pending (skipped with the reason); @wip scenarios always are",
    )


def is_pending_allowed(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> bool:
    rule_tags = scenario.rule.tags if getattr(scenario, "rule", None) is not None else set()
    wip = "wip" in (set(scenario.tags) | set(feature.tags) | set(rule_tags))
    return wip or request.config.getoption("--missing-steps") == SKIP


def pending_reason(step: Any) -> str:
    return f"pending: undefined step '{step.keyword} {step.name}'"


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Skip before the first step runs, so a pending scenario does nothing at all."""
    if not is_pending_allowed(request, feature, scenario):
        return
    for step in scenario.steps:
        if get_step_function(request=request, step=step) is None:
            pytest.skip(pending_reason(step))


def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, exception: Exception
) -> None:
    """A lookup that fails later all the same (e.g. a step defined only for another scenario's scope)."""
    if is_pending_allowed(request, feature, scenario):
        pytest.skip(pending_reason(step))
