"""`portal-harness docs`: features by area, statuses from the latest run, and story coverage with gaps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from portal_harness.analyst_project import find_project
from portal_harness.cli import main
from portal_harness.errors import HarnessError
from portal_harness.living_docs import GAP, NOT_RUN, collect_living_docs, user_stories_in
from portal_harness.living_docs_page import living_docs_html
from portal_harness.stories import load_stories


def _write_run(root: Path, run_id: str, results: list[dict[str, object]], ended: bool = True) -> None:
    folder = root / run_id
    folder.mkdir(parents=True)
    manifest = {"run_id": run_id, "label": "nightly", "ended_at": "2026-11-27T01:00:00Z" if ended else None}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    summary = {"run": run_id, "label": "nightly", "results": results}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")


def _row(scenario_id: str, status: str, example: int | None = None) -> dict[str, object]:
    row: dict[str, object] = {"id": scenario_id, "name": "x", "feature": "f", "status": status, "duration_s": 1.0}
    if example is not None:
        row["example"] = example
    return row


def test_statuses_come_from_the_newest_finished_run(tmp_path: Path) -> None:
    _write_run(tmp_path, "20261126-010000-aaaa", [_row("MSG-01", "failed")])
    _write_run(tmp_path, "20261127-010000-bbbb", [_row("MSG-01", "passed", 0), _row("MSG-01", "failed", 1)])
    _write_run(tmp_path, "20261127-020000-cccc", [], ended=False)  # still running: ignored
    docs = collect_living_docs(find_project(), runs_root=tmp_path)
    assert docs.run.run_id == "20261127-010000-bbbb"
    assert docs.run.status_of("MSG-01") == "failed"  # the worst Examples row stands for the id
    assert docs.run.status_of("MSG-02") == NOT_RUN


def test_the_coverage_table_shows_stories_without_a_scenario_as_gaps(tmp_path: Path) -> None:
    _write_run(tmp_path, "20261127-010000-bbbb", [_row("MSG-01", "passed"), _row("MSG-02", "passed")])
    docs = collect_living_docs(find_project(), runs_root=tmp_path)
    by_id = {item.story.id: item for item in docs.coverage}
    assert len(by_id) >= 25
    assert [item.story.id for item in docs.coverage if item.status == GAP]  # at least one gap
    routing = by_id["PP-214"]
    assert {s.scenario_id for s in routing.scenarios} >= {"MSG-01", "MSG-02"}
    assert routing.status == NOT_RUN  # MSG-04 and MSG-10 did not run
    html = living_docs_html(docs)
    assert re.search(r'<tr class="gap"><td>PP-8\d\d</td>', html)
    assert "no scenario yet" in html
    assert not re.search(r"""(src|href)=["']https?:""", html), "the page must not call out"


def test_every_area_and_rule_is_on_the_page(tmp_path: Path) -> None:
    docs = collect_living_docs(find_project(), runs_root=tmp_path)
    html = living_docs_html(docs)
    assert {"messaging", "results", "record", "proxy"} <= set(docs.areas)
    assert "Rule: A message lands in the pool its topic&#x27;s routing rule names" in html
    assert docs.scenario_count() >= 74
    assert "no run yet" in html


def test_user_stories_are_read_from_the_feature_description() -> None:
    text = "  As a patient, I want to pay my bill online\n  so that I do not queue.\n  Other prose."
    assert user_stories_in(text) == ["As a patient, I want to pay my bill online so that I do not queue."]


def test_the_command_writes_one_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "docs" / "index.html"
    assert main(["docs", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert "gaps" in capsys.readouterr().err


def test_a_broken_backlog_is_one_sentence(tmp_path: Path) -> None:
    backlog = tmp_path / "stories.toml"
    backlog.write_text('[[story]]\nid = "PP-1"\ntitle = "t"\n', encoding="utf-8")
    with pytest.raises(HarnessError, match="story 1 has no area"):
        load_stories(backlog)
    backlog.write_text('[[story]]\nid = "PP-1"\ntitle = "t"\narea = "a"\nowner = "x"\n', encoding="utf-8")
    with pytest.raises(HarnessError, match="unknown keys owner"):
        load_stories(backlog)
