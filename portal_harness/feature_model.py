"""Feature files read with the official Gherkin parser, in the shape pytest-bdd gives them.

Steps get their type the way pytest-bdd assigns it (And/But/* take the previous step's type),
scenarios carry their own tags plus the feature's and rule's, and every line the parser kept
as free description text is listed, because Gherkin silently turns misspelled keywords and
tables without a step into description.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from gherkin.errors import CompositeParserException, ParserError, ParserException
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner

from portal_harness.errors import HarnessError

STEP_TYPE_BY_KEYWORD_TYPE = {"Context": "given", "Action": "when", "Outcome": "then"}
PLACEHOLDER = re.compile(r"<(.+?)>")  # what pytest-bdd renders from an Examples row


@dataclass(frozen=True)
class Cell:
    value: str
    line: int
    column: int


@dataclass(frozen=True)
class Tag:
    name: str  # without "@"
    line: int
    column: int


@dataclass
class Step:
    keyword: str  # as written, e.g. "And"
    type: str  # given | when | then, as pytest-bdd assigns it
    text: str
    line: int
    column: int
    table: list[list[Cell]] = field(default_factory=list)
    docstring: str | None = None

    def texts(self) -> Iterator[str]:
        """The text, table cells and doc string: where placeholders may appear."""
        yield self.text
        yield from (cell.value for row in self.table for cell in row)
        if self.docstring is not None:
            yield self.docstring


@dataclass
class Examples:
    name: str
    line: int
    column: int
    tags: list[Tag]
    header: list[Cell]
    rows: list[list[Cell]]

    def contexts(self) -> list[dict[str, str]]:
        names = [cell.value for cell in self.header]
        return [dict(zip(names, (cell.value for cell in row), strict=False)) for row in self.rows]


@dataclass
class Rule:
    name: str
    line: int
    description: str
    tags: list[Tag]


@dataclass
class Scenario:
    keyword: str
    name: str
    line: int
    column: int
    description: str
    tags: list[Tag]
    inherited_tags: list[Tag]  # the feature's and the rule's: pytest-bdd applies them too
    steps: list[Step]
    background: list[Step]
    examples: list[Examples]
    rule: Rule | None

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.inherited_tags + self.tags]

    @property
    def is_outline(self) -> bool:
        return bool(self.examples) or "Outline" in self.keyword or "Template" in self.keyword

    @property
    def wip(self) -> bool:
        return "wip" in self.tag_names

    @property
    def ids(self) -> list[Tag]:
        return [tag for tag in self.inherited_tags + self.tags if tag.name.startswith("id:")]

    @property
    def scenario_id(self) -> str | None:
        ids = self.ids
        return ids[0].name.removeprefix("id:") if len(ids) == 1 else None

    def contexts(self) -> list[dict[str, str]]:
        """One rendering context per Examples row, as pytest-bdd parametrizes; [{}] for a plain scenario."""
        rows = [context for examples in self.examples for context in examples.contexts()]
        return rows or [{}]


@dataclass
class Feature:
    path: Path
    keyword: str
    name: str
    line: int
    description: str
    tags: list[Tag]
    background: list[Step]
    rules: list[Rule]
    scenarios: list[Scenario]


@dataclass(frozen=True)
class DescriptionLine:
    """A line the parser kept as description text of the block opened by `owner` (Feature, Scenario...)."""

    line: int
    column: int
    text: str
    owner: str


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    column: int
    message: str


@dataclass
class ParsedFile:
    path: Path
    lines: list[str]
    feature: Feature | None = None
    syntax_errors: list[SyntaxProblem] = field(default_factory=list)
    description_lines: list[DescriptionLine] = field(default_factory=list)


def render(text: str, context: dict[str, str]) -> str:
    """pytest-bdd's rendering: `<name>` becomes the row's value; unknown names stay as written."""
    return PLACEHOLDER.sub(lambda m: context.get(m.group(1), m.group(0)), text)


def find_feature_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob("*.feature"))
        elif path.is_file():
            found.append(path)
        else:
            raise HarnessError(f"{path} does not exist: give a feature file or a folder of them.")
    return found


def parse_feature_file(path: Path) -> ParsedFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise HarnessError(f"{path} cannot be read ({error}): save it as UTF-8 text.") from None
    parsed = ParsedFile(path=path, lines=text.splitlines())
    try:
        document = Parser().parse(TokenScanner(text))
    except CompositeParserException as composite:
        parsed.syntax_errors = [_syntax_problem(error) for error in composite.errors]
        return parsed
    except ParserException as error:
        parsed.syntax_errors = [_syntax_problem(error)]
        return parsed
    except ParserError as error:
        parsed.syntax_errors = [SyntaxProblem(1, 1, str(error))]
        return parsed
    if document.get("feature"):
        builder = _FeatureBuilder(path)
        parsed.feature = builder.build(cast(dict[str, Any], document["feature"]))
        parsed.syntax_errors = builder.problems
        used = builder.used_lines | {comment["location"]["line"] for comment in document.get("comments", [])}
        parsed.description_lines = _description_lines(parsed.lines, used, builder.block_starts)
    return parsed


def _syntax_problem(error: ParserException) -> SyntaxProblem:
    location = error.location
    message = re.sub(r"^\(\d+:\d+\): ", "", str(error))
    return SyntaxProblem(int(location["line"]), int(location.get("column") or 1), message)


def _location(node: dict[str, Any]) -> tuple[int, int]:
    return int(node["location"]["line"]), int(node["location"].get("column") or 1)


def _tags(nodes: list[dict[str, Any]]) -> list[Tag]:
    return [Tag(node["name"].lstrip("@"), *_location(node)) for node in nodes]


class _FeatureBuilder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.used_lines: set[int] = set()
        self.block_starts: dict[int, str] = {}  # line -> keyword of a block that may hold a description
        self.problems: list[SyntaxProblem] = []

    def build(self, node: dict[str, Any]) -> Feature:
        feature_tags = _tags(node.get("tags", []))
        self._use(feature_tags)
        line, _ = self._block(node)
        feature = Feature(
            self.path, node["keyword"], node["name"], line, node.get("description", ""), feature_tags, [], [], []
        )
        for child in node.get("children", []):
            if "background" in child:
                feature.background = self._steps(self._background(child["background"]))
            elif "rule" in child:
                self._rule(child["rule"], feature)
            elif "scenario" in child:
                feature.scenarios.append(self._scenario(child["scenario"], feature, None, []))
        return feature

    def _use(self, tags: list[Tag]) -> None:
        self.used_lines.update(tag.line for tag in tags)

    def _block(self, node: dict[str, Any]) -> tuple[int, int]:
        line, column = _location(node)
        self.used_lines.add(line)
        self.block_starts[line] = node["keyword"].strip()
        return line, column

    def _background(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        self._block(node)
        steps: list[dict[str, Any]] = node.get("steps", [])
        return steps

    def _rule(self, node: dict[str, Any], feature: Feature) -> None:
        tags = _tags(node.get("tags", []))
        self._use(tags)
        line, _ = self._block(node)
        rule = Rule(node["name"], line, node.get("description", ""), tags)
        feature.rules.append(rule)
        background: list[Step] = []
        for child in node.get("children", []):
            if "background" in child:
                background = self._steps(self._background(child["background"]))
            elif "scenario" in child:
                inherited = feature.tags + tags
                scenario = self._scenario(child["scenario"], feature, rule, background, inherited)
                feature.scenarios.append(scenario)

    def _scenario(
        self,
        node: dict[str, Any],
        feature: Feature,
        rule: Rule | None,
        rule_background: list[Step],
        inherited: list[Tag] | None = None,
    ) -> Scenario:
        tags = _tags(node.get("tags", []))
        self._use(tags)
        line, column = self._block(node)
        return Scenario(
            keyword=node["keyword"],
            name=node["name"],
            line=line,
            column=column,
            description=node.get("description", ""),
            tags=tags,
            inherited_tags=inherited if inherited is not None else list(feature.tags),
            steps=self._steps(node.get("steps", [])),
            background=feature.background + rule_background,
            examples=[self._examples(examples) for examples in node.get("examples", [])],
            rule=rule,
        )

    def _examples(self, node: dict[str, Any]) -> Examples:
        tags = _tags(node.get("tags", []))
        self._use(tags)
        line, column = self._block(node)
        header_node = node.get("tableHeader")
        header = self._row(header_node) if header_node else []
        rows = [self._row(row) for row in node.get("tableBody", [])]
        return Examples(node.get("name", ""), line, column, tags, header, rows)

    def _row(self, node: dict[str, Any]) -> list[Cell]:
        self.used_lines.add(int(node["location"]["line"]))
        return [Cell(cell["value"], *_location(cell)) for cell in node.get("cells", [])]

    def _steps(self, nodes: list[dict[str, Any]]) -> list[Step]:
        steps: list[Step] = []
        current: str | None = None
        for node in nodes:
            line, column = _location(node)
            self.used_lines.add(line)
            step_type = STEP_TYPE_BY_KEYWORD_TYPE.get(node.get("keywordType", ""), current)
            if step_type is None:
                self.problems.append(
                    SyntaxProblem(
                        line,
                        column,
                        f"the first step starts with '{node['keyword'].strip()}': pytest-bdd needs Given, When or Then",
                    )
                )
                step_type = "given"
            current = step_type
            step = Step(node["keyword"].strip(), step_type, node["text"], line, column)
            if "dataTable" in node:
                step.table = [self._row(row) for row in node["dataTable"].get("rows", [])]
            if "docString" in node:
                doc = node["docString"]
                step.docstring = doc.get("content", "")
                start = int(doc["location"]["line"])
                self.used_lines.update(range(start, start + step.docstring.count("\n") + 3))
            steps.append(step)
        return steps


def _description_lines(lines: list[str], used: set[int], block_starts: dict[int, str]) -> list[DescriptionLine]:
    """Non-blank lines no Gherkin element claimed, each with the block it was swallowed into."""
    found: list[DescriptionLine] = []
    owner = ""
    for number, raw in enumerate(lines, start=1):
        if number in block_starts:
            owner = block_starts[number]
            continue
        stripped = raw.strip()
        if number in used or not stripped or stripped.startswith("#"):
            continue
        found.append(DescriptionLine(number, len(raw) - len(raw.lstrip()) + 1, stripped, owner))
    return found
