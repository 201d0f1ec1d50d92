"""The living documentation page: story coverage first, then every area's features."""

from __future__ import annotations

from collections import Counter
from html import escape

from portal_harness.analyst_html import anchor, page, status_badge, tag_list
from portal_harness.feature_model import Feature, Scenario, Step
from portal_harness.living_docs import GAP, LivingDocs, story_ids_of, user_stories_in

_HIDDEN_TAGS = ("id:", "story:")  # shown elsewhere on the page


def living_docs_html(docs: LivingDocs) -> str:
    counts = Counter(docs.run.status_of(s.scenario_id) for f in _features(docs) for s in f.scenarios)
    run = f"latest run {docs.run.run_id}" + (f" ({docs.run.label})" if docs.run.label else "")
    subtitle = f"{docs.scenario_count()} scenarios in {len(_features(docs))} features · " + (
        run if docs.run.run_id else "no run yet"
    )
    body = [
        "<p>" + " ".join(f"{status_badge(status)}{n}" for status, n in sorted(counts.items())) + "</p>",
        "<nav aria-label='Areas'><ul>"
        + "".join(f'<li><a href="#area-{anchor(a)}">{escape(a.title())}</a></li>' for a in docs.areas)
        + '<li><a href="#coverage">Story coverage</a></li></ul></nav>',
        _coverage_table(docs),
    ]
    for area, features in docs.areas.items():
        body.append(f'<h2 id="area-{anchor(area)}">{escape(area.title())}</h2>')
        body += [_feature(feature, docs) for feature in features]
    return page("Living documentation", subtitle, "\n".join(body))


def _features(docs: LivingDocs) -> list[Feature]:
    return [feature for features in docs.areas.values() for feature in features]


def _coverage_table(docs: LivingDocs) -> str:
    gaps = sum(item.status == GAP for item in docs.coverage)
    rows = []
    for item in docs.coverage:
        story = item.story
        if item.scenarios:
            scenarios = "<br>".join(
                f"{status_badge(docs.run.status_of(s.scenario_id))}"
                f'<a href="#{anchor(s.scenario_id or s.name)}">{escape(s.scenario_id or "?")}</a> {escape(s.name)}'
                for s in item.scenarios
            )
        else:
            scenarios = '<span class="muted">no scenario yet</span>'
        rows.append(
            f'<tr class="{"gap" if item.status == GAP else ""}"><td>{escape(story.id)}</td>'
            f"<td>{escape(story.title)}</td><td>{escape(story.area)}</td>"
            f"<td>{scenarios}</td><td>{status_badge(item.status)}</td></tr>"
        )
    return (
        f'<h2 id="coverage">Story coverage</h2><p class="muted">{len(docs.coverage)} stories from data/stories.toml, '
        f"{gaps} without a scenario (gaps). A story is covered by the scenarios tagged @story:&lt;id&gt;; its status "
        "is the worst of theirs in the latest run.</p>"
        "<table><thead><tr><th scope='col'>Story</th><th scope='col'>Title</th><th scope='col'>Area</th>"
        "<th scope='col'>Scenarios</th><th scope='col'>Last status</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _feature(feature: Feature, docs: LivingDocs) -> str:
    path = docs.project.relative(feature.path)
    parts = [
        f'<h3 id="{anchor(path)}">{escape(feature.name)}</h3>',
        f"<p><code class='muted'>{escape(path)}</code> {tag_list([t.name for t in feature.tags])}</p>",
    ]
    if feature.description.strip():
        parts.append(f'<p class="description">{escape(_dedent(feature.description))}</p>')
    parts += [f'<p class="story">{escape(sentence)}</p>' for sentence in user_stories_in(feature.description)]
    story_ids = sorted({sid for scenario in feature.scenarios for sid in story_ids_of(scenario)})
    for story_id in story_ids:
        story = docs.stories.get(story_id)
        title = story.title if story else "(not in data/stories.toml)"
        parts.append(f'<p class="story"><strong>{escape(story_id)}</strong> {escape(title)}</p>')
    if feature.background:
        parts.append("<p class='muted'>Background:</p>" + _steps(feature.background))
    for scenario in (s for s in feature.scenarios if s.rule is None):
        parts.append(_scenario(scenario, docs))
    for rule in feature.rules:
        inner = "".join(_scenario(s, docs) for s in feature.scenarios if s.rule is rule)
        description = f'<p class="description">{escape(_dedent(rule.description))}</p>' if rule.description else ""
        parts.append(f'<div class="rule"><h4>Rule: {escape(rule.name)}</h4>{description}{inner}</div>')
    return "\n".join(parts)


def _scenario(scenario: Scenario, docs: LivingDocs) -> str:
    status = docs.run.status_of(scenario.scenario_id)
    tags = [t.name for t in scenario.tags if not t.name.startswith(_HIDDEN_TAGS)]
    message = docs.run.messages.get(scenario.scenario_id or "", "")
    failure = f"<p class='muted'>Last failure: {escape(message[:300])}</p>" if message else ""
    examples = "".join(_examples_table(scenario, index) for index in range(len(scenario.examples)))
    return (
        f'<details class="scenario" id="{anchor(scenario.scenario_id or scenario.name)}"><summary>'
        f"{status_badge(status)}<strong>{escape(scenario.scenario_id or '(no id)')}</strong> "
        f"{escape(scenario.name)} {tag_list(tags)}</summary>"
        f"{_steps(scenario.steps)}{examples}{failure}</details>"
    )


def _steps(steps: list[Step]) -> str:
    items = "".join(f'<li><span class="kw">{escape(s.keyword)}</span> {escape(s.text)}</li>' for s in steps)
    return f'<ul class="steps">{items}</ul>'


def _examples_table(scenario: Scenario, index: int) -> str:
    examples = scenario.examples[index]
    head = "".join(f"<th scope='col'>{escape(c.value)}</th>" for c in examples.header)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c.value)}</td>" for c in row) + "</tr>" for row in examples.rows)
    caption = f"<caption>Examples: {escape(examples.name)}</caption>" if examples.name else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _dedent(text: str) -> str:
    """Gherkin wraps descriptions at the file's width; the page flows them, keeping blank-line paragraphs."""
    paragraphs = "\n".join(line.strip() for line in text.splitlines()).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)
