"""What the Allure report shows beside results: story links, baseline and candidate, the quality gate."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from portal_harness.errors import HarnessError
from portal_harness.report import report_config
from portal_harness.runs import RunArchive
from portal_harness.tracker import STORY_URL_ENV, story_url, story_url_pattern

ROOT = Path(__file__).resolve().parents[2]


def test_the_project_configures_one_story_url_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STORY_URL_ENV, raising=False)
    pattern = story_url_pattern(ROOT)
    assert pattern == "https://tracker.example.org/browse/{story}"
    assert story_url("PP-214", pattern) == "https://tracker.example.org/browse/PP-214"


def test_the_environment_variable_overrides_the_pattern(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.portal-harness]\nstory_url = "https://a.example/{story}"\n')
    monkeypatch.setenv(STORY_URL_ENV, "https://b.example/issues/{story}")
    assert story_url("PP 1/2", story_url_pattern(tmp_path)) == "https://b.example/issues/PP%201%2F2"


def test_no_pattern_means_no_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(STORY_URL_ENV, raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    assert story_url_pattern(tmp_path) is None
    assert story_url("PP-214", None) is None


def test_a_pattern_without_the_placeholder_is_refused_in_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORY_URL_ENV, "https://tracker.example.org/browse/")
    with pytest.raises(HarnessError, match=r"PORTAL_HARNESS_STORY_URL must be a URL containing \{story\}"):
        story_url_pattern(ROOT)


def _run(root: Path, run_id: str, label: str, release: str, baseline: str | None = None) -> RunArchive:
    run = RunArchive.create(run_id, root=root)
    run.update_manifest(
        run_id=run_id,
        label=label,
        target="demo",
        target_url="http://127.0.0.1:8000",
        portal={"product": "Riverbend Patient Portal", "release": release},
        baseline=baseline,
        faults=[],
    )
    return run


def test_the_environment_names_both_portals_and_the_gate(tmp_path: Path) -> None:
    baseline = _run(tmp_path, "20261127-010000-aaaa", "before-upgrade", "2026.1")
    candidate = _run(tmp_path, "20261127-020000-bbbb", "after-upgrade", "2026.2", baseline=baseline.run_id)
    gate = {"passed": False, "failed_rules": ["regression in a smoke scenario: AUTH-01"]}
    (candidate.path / "comparison.json").write_text(json.dumps({"gate": gate}))
    variables = report_config([candidate], tmp_path / "out", append_history=False)["variables"]
    assert isinstance(variables, dict)
    assert variables["Target"] == "http://127.0.0.1:8000"
    assert variables["Candidate"] == "Riverbend Patient Portal 2026.2 (20261127-020000-bbbb, after-upgrade)"
    assert variables["Baseline"] == "Riverbend Patient Portal 2026.1 (20261127-010000-aaaa, before-upgrade)"
    assert variables["Quality gate"] == "FAILED: regression in a smoke scenario: AUTH-01"


def test_without_baseline_or_comparison_the_environment_says_so(tmp_path: Path) -> None:
    run = _run(tmp_path, "20261127-010000-aaaa", "nightly", "2026.2")
    variables = report_config([run], tmp_path / "out", append_history=False)["variables"]
    assert isinstance(variables, dict)
    assert variables["Baseline"] == "none"
    assert variables["Quality gate"] == "not evaluated (no comparison)"
    (run.path / "comparison.json").write_text(json.dumps({"gate": {"passed": True, "failed_rules": []}}))
    passed = report_config([run], tmp_path / "out", append_history=False)["variables"]
    assert isinstance(passed, dict) and passed["Quality gate"] == "passed"


def test_a_baseline_archive_that_is_gone_is_named_not_fatal(tmp_path: Path) -> None:
    run = _run(tmp_path, "20261127-020000-bbbb", "after", "2026.2", baseline="20261101-000000-gone")
    variables = report_config([run], tmp_path / "out", append_history=False)["variables"]
    assert isinstance(variables, dict) and variables["Baseline"] == "20261101-000000-gone (archive not found)"


def test_the_report_config_carries_the_categories(tmp_path: Path) -> None:
    run = _run(tmp_path, "20261127-010000-aaaa", "nightly", "2026.2")
    config = report_config([run], tmp_path / "out", append_history=False)
    categories = config["categories"]
    assert isinstance(categories, list) and categories[0]["name"] == "Product regressions"


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[object, ...], dict[str, object]]] = []

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))


def test_a_story_tag_becomes_a_story_label_and_one_tracker_link(monkeypatch: pytest.MonkeyPatch) -> None:
    from portal_harness import allure_output

    recorder = _Recorder()
    monkeypatch.setattr(allure_output.allure, "dynamic", recorder)
    monkeypatch.setenv(STORY_URL_ENV, "https://jira.example.org/browse/{story}")
    markers = {"id": [pytest.mark.id("ENR-01").mark], "story": [pytest.mark.story("PP-214").mark]}
    item = SimpleNamespace(  # a scenario item: only its markers are read
        get_closest_marker=lambda name: (markers.get(name) or [None])[0],
        iter_markers=lambda name=None: iter(markers.get(name or "", [])),
    )
    allure_output.label_scenario(item)  # type: ignore[arg-type]
    assert ("story", ("PP-214",), {}) in recorder.calls
    links = [call for call in recorder.calls if call[0] == "link"]
    assert links == [("link", ("https://jira.example.org/browse/PP-214",), {"link_type": "tms", "name": "PP-214"})]
