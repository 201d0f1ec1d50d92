"""Missing-step policy: @wip or --missing-steps=skip makes a scenario with undefined steps pending."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

FEATURE = """\
Feature: Paying bills

  @wip
  Scenario: Work in progress
    Given a bill of 42 dollars
    When Maria pays it with a card
    Then the bill is paid

  Scenario: Finished but missing a step
    Given a bill of 42 dollars
    When Maria pays it with a card
    Then the bill is paid

  Scenario: Finished
    Given a bill of 42 dollars
    Then the bill is open
"""

CONFTEST = """\
from pathlib import Path

from pytest_bdd import given, then

pytest_plugins = ["portal_harness.missing_steps"]


@given("a bill of 42 dollars")
def a_bill():
    '''Leaves a trace, to show whether a pending scenario ran any step.'''
    with Path("steps-run.log").open("a") as log:
        log.write("given\\n")


@then("the bill is open")
def bill_open():
    '''Nothing to check here.'''


@then("the bill is paid")
def bill_paid():
    '''Nothing to check here.'''
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\nbdd_features_base_dir = features\nmarkers =\n    wip: steps may be missing\n")
    pytester.makeconftest(CONFTEST)
    pytester.mkdir("features")
    (pytester.path / "features" / "bills.feature").write_text(FEATURE, encoding="utf-8")
    pytester.makepyfile(test_features="from pytest_bdd import scenarios\nscenarios('.')\n")
    return pytester


def _run(suite: pytest.Pytester, *args: str) -> pytest.RunResult:
    return suite.runpytest_subprocess("-rs", "-p", "no:allure_pytest_bdd", "-p", "no:faker", *args)


def test_by_default_only_wip_is_pending(suite: pytest.Pytester) -> None:
    result = _run(suite)
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED*pending: undefined step 'When Maria pays it with a card'*"])
    result.stdout.fnmatch_lines(["*StepDefinitionNotFoundError*"])
    # the pending scenario ran no step; the failing one ran its Given, the finished one too
    assert (suite.path / "steps-run.log").read_text().count("given") == 2


def test_skip_makes_every_scenario_with_undefined_steps_pending(suite: pytest.Pytester) -> None:
    result = _run(suite, "--missing-steps=skip")
    result.assert_outcomes(passed=1, skipped=2)
    assert (suite.path / "steps-run.log").read_text().count("given") == 1


def test_the_run_command_passes_the_policy_to_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    from portal_harness import cli, runner
    from portal_harness.runner import RunRequest

    requests: list[RunRequest] = []

    def fake_run(request: RunRequest) -> int:
        requests.append(request)
        return 0

    monkeypatch.setattr(runner, "run", fake_run)
    assert cli.main(["run", "--missing-steps", "skip", "--no-report"]) == 0
    assert cli.main(["run", "--no-report"]) == 0
    assert "--missing-steps=skip" in requests[0].pytest_args
    assert not any(arg.startswith("--missing-steps") for arg in requests[1].pytest_args)
