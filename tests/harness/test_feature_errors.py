"""A broken feature file stops collection with one sentence naming the file and line."""

import pytest

pytest_plugins = ["pytester"]


def test_a_misspelled_step_keyword_is_reported_at_its_line(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nbdd_features_base_dir = features\n")
    pytester.makeconftest('pytest_plugins = ["portal_harness.plugin"]\n')
    features = pytester.mkdir("features")
    (features / "broken.feature").write_text(
        "Feature: Broken\n  Scenario: x\n    Given a thing\n    Whn something happens\n", encoding="utf-8"
    )
    pytester.makepyfile(test_features="from pytest_bdd import scenarios\nscenarios('.')\n")
    result = pytester.runpytest_subprocess("--collect-only", "-p", "no:allure_pytest_bdd")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: features/broken.feature:4: *`Whn something happens`*fix the Gherkin*"])
    assert "Traceback" not in result.stderr.str()
