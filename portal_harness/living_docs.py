"""`portal-harness docs`: living documentation, one static page under reports/living-docs/.

Features grouped by area (their folder under features/), with their Rules, scenarios and user
stories, each scenario's status in the latest run (summary.json, by @id), and the coverage of
the project manager's backlog (data/stories.toml): story → scenarios → last status, where a
story no scenario carries shows as a gap.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from portal_harness.analyst_project import Project, find_project
from portal_harness.feature_model import Feature, Scenario, find_feature_files, parse_feature_file
from portal_harness.runs import RunArchive, list_runs, resolve_run
from portal_harness.stories import Story, load_stories
from portal_harness.summary import Summary, worst_per_id

NOT_RUN = "not run"
GAP = "gap"
_WORST_FIRST = ("failed", "flaky", "skipped", NOT_RUN, "passed")
_USER_STORY = re.compile(r"\bAs an? [^.]*?\bI (?:want|can|need)\b[^.]*\.?", re.IGNORECASE | re.DOTALL)


@dataclass
class LastRun:
    run_id: str = ""
    label: str = ""
    statuses: dict[str, str] = field(default_factory=dict)  # scenario id -> status
    messages: dict[str, str] = field(default_factory=dict)  # scenario id -> failure message

    def status_of(self, scenario_id: str | None) -> str:
        return self.statuses.get(scenario_id or "", NOT_RUN)


@dataclass
class StoryCoverage:
    story: Story
    scenarios: list[Scenario]
    status: str  # worst status of its scenarios, or "gap"


@dataclass
class LivingDocs:
    areas: dict[str, list[Feature]]
    run: LastRun
    stories: dict[str, Story]
    coverage: list[StoryCoverage]
    project: Project

    def scenario_count(self) -> int:
        return sum(len(feature.scenarios) for features in self.areas.values() for feature in features)


def area_of(feature: Feature, project: Project) -> str:
    relative = Path(project.relative(feature.path))
    parts = relative.parts
    if len(parts) >= 3 and parts[0] == project.features_dir.name:
        return parts[1]
    return feature.tags[0].name if feature.tags else "other"


def user_stories_in(text: str) -> list[str]:
    """'As a ... I want ... so that ...' sentences of a Feature description."""
    return [" ".join(match.split()) for match in _USER_STORY.findall(text)]


def story_ids_of(scenario: Scenario) -> list[str]:
    return [name.removeprefix("story:") for name in scenario.tag_names if name.startswith("story:")]


def worst(statuses: Iterable[str]) -> str:
    found = set(statuses)
    return next((status for status in _WORST_FIRST if status in found), NOT_RUN)


def read_last_run(ref: str | None, root: Path | None = None) -> LastRun:
    finished = (run for run in reversed(list_runs(root)) if _finished(run))
    archive = resolve_run(ref, root) if ref else next(finished, None)
    if archive is None or not archive.summary_path.exists():
        return LastRun()
    summary = Summary.read(archive.summary_path)
    worst_rows = worst_per_id(summary.results)
    return LastRun(
        run_id=archive.run_id,
        label=summary.label,
        statuses={sid: result.status for sid, result in worst_rows.items()},
        messages={sid: result.message or "" for sid, result in worst_rows.items() if result.status == "failed"},
    )


def _runs_root(project: Project) -> Path:
    """The project's run archives (also when the harness is installed outside the checkout)."""
    configured = os.environ.get("PORTAL_HARNESS_RUNS_DIR")
    return Path(configured) if configured else project.root / "reports" / "runs"


def _finished(run: RunArchive) -> bool:
    """A run still going (no end time yet) would show most scenarios as not run."""
    return run.summary_path.exists() and bool(run.read_manifest().get("ended_at"))


def collect_living_docs(project: Project, run_ref: str | None = None, runs_root: Path | None = None) -> LivingDocs:
    parsed = [parse_feature_file(path) for path in find_feature_files([project.features_dir])]
    areas: dict[str, list[Feature]] = {}
    for item in parsed:
        if item.feature is not None:
            areas.setdefault(area_of(item.feature, project), []).append(item.feature)
    run = read_last_run(run_ref, runs_root or _runs_root(project))
    stories = load_stories(project.stories_file)
    by_story: dict[str, list[Scenario]] = {}
    for features in areas.values():
        for feature in features:
            for scenario in feature.scenarios:
                for story_id in story_ids_of(scenario):
                    by_story.setdefault(story_id, []).append(scenario)
    coverage = [
        StoryCoverage(
            story,
            by_story.get(story.id, []),
            worst(run.status_of(s.scenario_id) for s in by_story[story.id]) if story.id in by_story else GAP,
        )
        for story in stories
    ]
    return LivingDocs(dict(sorted(areas.items())), run, {s.id: s for s in stories}, coverage, project)


def docs_command(run_ref: str | None, output: str | None) -> int:
    from portal_harness.living_docs_page import living_docs_html

    project = find_project()
    docs = collect_living_docs(project, run_ref)
    target = Path(output) if output else project.root / "reports" / "living-docs" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(living_docs_html(docs), encoding="utf-8")
    gaps = sum(item.status == GAP for item in docs.coverage)
    run = f"run {docs.run.run_id}" if docs.run.run_id else "no run yet"
    print(
        f"living docs: {target} ({docs.scenario_count()} scenarios, {len(docs.coverage)} stories, {gaps} gaps; {run})",
        file=sys.stderr,
    )
    return 0
