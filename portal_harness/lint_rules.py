"""Lint checks on the parsed scenarios: ids, tags, Examples, the shape of a scenario."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from portal_harness.analyst_project import DeclaredTags
from portal_harness.feature_model import PLACEHOLDER, Feature, Scenario, Tag
from portal_harness.lint_problems import Problem
from portal_harness.tags import SCENARIO_ID

MAX_STEPS = 7  # house style: 3-6 steps; a few reach 7, beyond that split the scenario


@dataclass
class IdRegister:
    """First occurrence of every @id across everything linted."""

    first: dict[str, str] = field(default_factory=dict)

    def claim(self, scenario_id: str, where: str) -> str | None:
        """Where the id was first used, or None when this is its first use."""
        first = self.first.setdefault(scenario_id, where)
        return None if first == where else first


def scenario_problems(feature: Feature, path: str, declared: DeclaredTags, ids: IdRegister) -> Iterator[Problem]:
    yield from _tag_problems(feature, path, declared)
    for scenario in feature.scenarios:
        yield from _id_problems(scenario, path, ids)
        yield from _examples_problems(scenario, path)
        yield from _shape_problems(scenario, path)


def _all_tags(feature: Feature) -> Iterator[Tag]:
    yield from feature.tags
    for rule in feature.rules:
        yield from rule.tags
    for scenario in feature.scenarios:
        yield from scenario.tags
        for examples in scenario.examples:
            yield from examples.tags


def _tag_problems(feature: Feature, path: str, declared: DeclaredTags) -> Iterator[Problem]:
    seen: set[tuple[int, int]] = set()
    for tag in _all_tags(feature):
        if (tag.line, tag.column) in seen:
            continue
        seen.add((tag.line, tag.column))
        why = declared.problem_with(tag.name)
        if why is None:
            continue
        close = difflib.get_close_matches(tag.name, declared.all_names(), n=1, cutoff=0.6)
        hint = f"did you mean @{close[0]}?" if close else "declare it under markers in pyproject.toml"
        yield Problem(path, tag.line, tag.column, "E006", why, hint)


def _id_problems(scenario: Scenario, path: str, ids: IdRegister) -> Iterator[Problem]:
    tags = scenario.ids
    name = f"scenario '{scenario.name}'"
    if not tags:
        yield Problem(
            path,
            scenario.line,
            scenario.column,
            "E004",
            f"{name} has no @id tag",
            "give it the next free id of its area, e.g. @id:MSG-11: the id is its regression key",
        )
        return
    for extra in tags[1:]:
        yield Problem(
            path,
            extra.line,
            extra.column,
            "E004",
            f"{name} has {len(tags)} @id tags",
            "keep exactly one: a scenario's id is its regression key",
        )
    first = tags[0]
    value = first.name.removeprefix("id:")
    if not SCENARIO_ID.match(value):
        yield Problem(path, first.line, first.column, "E004", f"@{first.name} is not an id", "write it like @id:MSG-01")
        return
    if first in scenario.inherited_tags:
        yield Problem(
            path,
            first.line,
            first.column,
            "E004",
            f"@{first.name} sits on the Feature or Rule",
            "put the @id on each scenario",
        )
    earlier = ids.claim(value, f"{path}:{first.line}")
    if earlier is not None:
        yield Problem(
            path,
            first.line,
            first.column,
            "E005",
            f"duplicate @id:{value}, first used at {earlier}",
            "give this scenario a new id",
        )


def _examples_problems(scenario: Scenario, path: str) -> Iterator[Problem]:
    if not scenario.is_outline:
        return
    steps = scenario.background + scenario.steps
    used = {name for step in steps for text in step.texts() for name in PLACEHOLDER.findall(text)}
    used |= set(PLACEHOLDER.findall(scenario.name))
    tables = scenario.examples
    for step in steps:
        for text in step.texts():
            for match in PLACEHOLDER.finditer(text):
                name = match.group(1)
                missing = [examples for examples in tables if name not in {c.value for c in examples.header}]
                if missing or not tables:
                    column = step.column + len(step.keyword) + 1 + match.start() if text is step.text else step.column
                    where = f"the Examples at line {missing[0].line}" if missing else "any Examples table"
                    yield Problem(
                        path,
                        step.line,
                        column,
                        "E007",
                        f"placeholder <{name}> has no column in {where}",
                        f"add a '{name}' column or fix the spelling",
                    )
    for examples in tables:
        for cell in examples.header:
            if cell.value not in used:
                yield Problem(
                    path,
                    cell.line,
                    cell.column,
                    "W001",
                    f"Examples column '{cell.value}' is never used",
                    f"use <{cell.value}> in a step or drop the column",
                )


def _shape_problems(scenario: Scenario, path: str) -> Iterator[Problem]:
    whens = [step for step in scenario.steps if step.type == "when"]
    if len(whens) != 1 and scenario.steps:
        where = whens[1] if len(whens) > 1 else scenario
        yield Problem(
            path,
            where.line,
            where.column,
            "W002",
            f"scenario '{scenario.name}' has {len(whens)} When steps",
            "one behaviour per scenario: exactly one When",
        )
    if len(scenario.steps) > MAX_STEPS:
        yield Problem(
            path,
            scenario.line,
            scenario.column,
            "W003",
            f"scenario '{scenario.name}' has {len(scenario.steps)} steps (more than {MAX_STEPS})",
            "keep to 3-6 steps: move set-up into Given steps or split the behaviour",
        )
