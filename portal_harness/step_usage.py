"""Which definition each feature step uses: the link between the features and the step catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal_harness.feature_model import Feature, Scenario, Step, render
from portal_harness.step_registry import StepDefinition, StepRegistry


@dataclass
class StepUse:
    """One step line of a feature file, resolved for every Examples row that renders it."""

    feature: Feature
    step: Step
    scenarios: list[Scenario] = field(default_factory=list)
    definitions: list[StepDefinition] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # rendered texts that matched
    undefined_text: str | None = None  # the first rendered text no definition matches

    @property
    def defined(self) -> bool:
        return self.undefined_text is None

    @property
    def wip_only(self) -> bool:
        """Every scenario using this line is @wip (a Background shared with a finished scenario is not)."""
        return bool(self.scenarios) and all(scenario.wip for scenario in self.scenarios)


def resolve_steps(features: list[Feature], registry: StepRegistry) -> list[StepUse]:
    """Every step line once, in file order; Background lines are resolved for each scenario using them."""
    uses: dict[tuple[str, int], StepUse] = {}
    order: list[StepUse] = []
    for feature in features:
        for scenario in feature.scenarios or [_placeholder_scenario(feature)]:
            for step in scenario.background + scenario.steps:
                key = (str(feature.path), step.line)
                use = uses.get(key)
                if use is None:
                    use = uses[key] = StepUse(feature, step)
                    order.append(use)
                if scenario.name or scenario.steps:
                    use.scenarios.append(scenario)
                _resolve(use, scenario, registry)
    return order


def _resolve(use: StepUse, scenario: Scenario, registry: StepRegistry) -> None:
    for context in scenario.contexts():  # pytest-bdd renders Background lines with the row too
        text = render(use.step.text, context)
        if text in use.examples or text == use.undefined_text:
            continue
        definition = registry.find(use.step.type, text)
        if definition is None:
            use.undefined_text = use.undefined_text or text
            continue
        use.examples.append(text)
        if definition not in use.definitions:
            use.definitions.append(definition)


def _placeholder_scenario(feature: Feature) -> Scenario:
    """A feature with a Background and no scenario still has its Background lines checked."""
    return Scenario("", "", feature.line, 1, "", [], list(feature.tags), [], feature.background, [], None)
