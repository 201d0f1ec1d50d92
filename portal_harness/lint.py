"""`portal-harness lint [PATH ...]`: find the mistakes in feature files before a run does.

Prints every problem as `path:line:col: CODE message (hint)` on stdout, then the step stubs
for undefined steps and a one-line count on stderr. Exit 1 on any error (E...), else 0.
No browser and no pytest run: the Gherkin parser reads the files, pytest-bdd's parsers match
the steps.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from portal_harness.analyst_project import Project, find_project
from portal_harness.feature_model import ParsedFile, find_feature_files, parse_feature_file
from portal_harness.lint_keywords import description_problems, syntax_problems
from portal_harness.lint_problems import Problem
from portal_harness.lint_rules import IdRegister, scenario_problems
from portal_harness.step_registry import StepRegistry, load_step_registry
from portal_harness.step_stubs import closest_phrases, step_stub
from portal_harness.step_usage import StepUse, resolve_steps


@dataclass
class LintReport:
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    stubs: dict[str, str] = field(default_factory=dict)  # step text -> stub to paste

    @property
    def errors(self) -> int:
        return sum(problem.is_error for problem in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def lint_paths(paths: Sequence[Path], project: Project | None = None) -> LintReport:
    project = project or find_project()
    files = find_feature_files(paths or [project.features_dir])
    registry = load_step_registry(project)
    parsed = [parse_feature_file(path) for path in files]
    report = LintReport(files=len(files))
    ids = IdRegister()
    for item in parsed:
        report.problems += _file_problems(item, project, ids)
    features = [item.feature for item in parsed if item.feature is not None and not item.syntax_errors]
    uses = resolve_steps(features, registry)
    report.problems += _undefined_step_problems(uses, registry, project, report.stubs)
    report.problems.sort(key=Problem.sort_key)
    return report


def _file_problems(item: ParsedFile, project: Project, ids: IdRegister) -> Iterator[Problem]:
    path = project.display(item.path)
    yield from syntax_problems(item, path)
    if item.feature is None:
        if not item.syntax_errors:
            yield Problem(path, 1, 1, "E001", "no Feature in this file", "start the file with 'Feature: <capability>'")
        return
    yield from description_problems(item, path)
    yield from scenario_problems(item.feature, path, project.declared_tags, ids)


def _undefined_step_problems(
    uses: list[StepUse], registry: StepRegistry, project: Project, stubs: dict[str, str]
) -> Iterator[Problem]:
    examples = {id(d): use.examples[0] for use in uses for d in use.definitions if use.examples}
    for use in uses:
        if use.defined:
            continue
        step, text = use.step, use.undefined_text or use.step.text
        closest = closest_phrases(step.type, text, registry, examples)
        hint = "closest: " + "; ".join(f"'{phrase}'" for phrase, _ in closest) if closest else "no similar phrase"
        hint += "; stub below"
        stubs.setdefault(step.text, step_stub(step, closest[0][1].file if closest else None))
        code = "W008" if use.wip_only else "E008"
        message = f"undefined step: {step.keyword} {text}"
        yield Problem(project.display(use.feature.path), step.line, step.column, code, message, hint)


def lint_command(paths: Sequence[str]) -> int:
    started = time.perf_counter()
    report = lint_paths([Path(path) for path in paths])
    for problem in report.problems:
        print(problem.format())
    sys.stdout.flush()
    if report.stubs:
        print("\nStep definitions to paste for the undefined steps:\n", file=sys.stderr)
        print("\n\n".join(report.stubs.values()), file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(
        f"lint: {report.files} feature files, {report.errors} errors, {report.warnings} warnings ({elapsed:.2f} s)",
        file=sys.stderr,
    )
    return 1 if report.errors else 0
