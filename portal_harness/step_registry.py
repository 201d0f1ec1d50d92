"""The step definitions, read from pytest-bdd's own registrations without running pytest.

Importing a step module runs its `@given/@when/@then` decorators, which record a
`StepFunctionContext` (type, parser, function) in `pytest_bdd.steps.step_function_context_registry`.
Matching uses those parsers exactly as pytest-bdd does (`parser.is_matching(text)` with the
step's type), so what lint calls undefined is what a run would call undefined.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from dataclasses import dataclass
from functools import cached_property

from pytest_bdd import parsers
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from portal_harness.analyst_project import Project
from portal_harness.errors import HarnessError

KEYWORD_BY_TYPE = {"given": "Given", "when": "When", "then": "Then", None: "*"}


@dataclass(frozen=True)
class StepDefinition:
    type: str | None  # given | when | then, or None for @step (any type)
    parser: parsers.StepParser
    function: str
    module: str
    file: str  # relative to the project
    line: int
    doc: str

    @property
    def keyword(self) -> str:
        return KEYWORD_BY_TYPE[self.type]

    @property
    def pattern(self) -> str:
        return self.parser.name

    @property
    def kind(self) -> str:
        """`string`, `parse`, `cfparse` or `re`: how the pattern is read."""
        return type(self.parser).__name__

    @cached_property
    def parameters(self) -> list[str]:
        if isinstance(self.parser, parsers.re):
            return list(self.parser.regex.groupindex)
        if isinstance(self.parser, parsers.parse):
            return list(self.parser.parser.named_fields)
        return []

    def accepts(self, step_type: str) -> bool:
        return self.type is None or self.type == step_type

    def matches(self, step_type: str, text: str) -> bool:
        return self.accepts(step_type) and self.parser.is_matching(text)

    @cached_property
    def phrase(self) -> str:
        """The pattern as an analyst reads it: parameters as `<name>`, optional parts dropped."""
        if isinstance(self.parser, parsers.re):
            return readable_regex(self.pattern)
        if isinstance(self.parser, parsers.parse):
            return re.sub(r"\{([^{}:]*)(?::[^{}]*)?\}", lambda m: f"<{m.group(1) or 'value'}>", self.pattern)
        return self.pattern


class StepRegistry:
    def __init__(self, definitions: list[StepDefinition]) -> None:
        self.definitions = definitions

    def find(self, step_type: str, text: str) -> StepDefinition | None:
        """The definition pytest-bdd would use (the last one registered wins, as with fixtures)."""
        found = None
        for definition in self.definitions:
            if definition.matches(step_type, text):
                found = definition
        return found

    def of_type(self, step_type: str) -> list[StepDefinition]:
        return [definition for definition in self.definitions if definition.accepts(step_type)]


def load_step_registry(project: Project) -> StepRegistry:
    """Import the project's step modules and collect their step definitions, in source order."""
    root = str(project.root)
    if root not in sys.path:
        sys.path.insert(0, root)
    definitions: list[StepDefinition] = []
    for name in project.step_modules:
        try:
            module = importlib.import_module(name)
        except Exception as error:
            raise HarnessError(
                f"The step module {name} cannot be imported ({type(error).__name__}: {error}): "
                "fix it or install the project with `pip install -e .`."
            ) from None
        contexts = [ctx for ctx in list(step_function_context_registry.values()) if _defined_in(ctx, module.__name__)]
        definitions += sorted((_definition(ctx, project) for ctx in contexts), key=lambda d: d.line)
    return StepRegistry(definitions)


def _defined_in(context: StepFunctionContext, module: str) -> bool:
    return getattr(context.step_func, "__module__", None) == module


def _definition(context: StepFunctionContext, project: Project) -> StepDefinition:
    func = inspect.unwrap(context.step_func)
    source = inspect.getsourcefile(func) or ""
    return StepDefinition(
        type=context.type,
        parser=context.parser,
        function=func.__name__,
        module=func.__module__,
        file=project.relative(project.root / source) if source else "",
        line=func.__code__.co_firstlineno,
        doc=inspect.cleandoc(func.__doc__ or ""),
    )


def readable_regex(pattern: str) -> str:
    """`(?P<clinic>[^"]+) routes (?:her|his) "(?P<topic>.+)"s?` → `<clinic> routes her "<topic>"`."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            end = _closing_paren(pattern, i)
            inner = pattern[i + 1 : end]
            optional = end + 1 < len(pattern) and pattern[end + 1] in "?*"
            i = end + 2 if optional else end + 1
            named = re.match(r"\?P<(\w+)>", inner)
            if named:
                out.append(f"<{named.group(1)}>")
            elif not optional:
                body = inner[2:] if inner.startswith("?:") else inner
                out.append(readable_regex(_first_alternative(body)))
            continue
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append({"d": "1", "w": "x", "s": " "}.get(nxt, nxt))
            i += 2
            continue
        if char in "^$":
            i += 1
            continue
        if char in "?*" and out:
            out.pop()  # an optional character: leave it out
            i += 1
            continue
        if char == "+":
            i += 1
            continue
        if char == "[":
            end = pattern.find("]", i + 2)
            out.append("…")
            i = end + 1 if end > 0 else len(pattern)
            if i < len(pattern) and pattern[i] in "+*?":
                i += 1
            continue
        out.append(char)
        i += 1
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _closing_paren(pattern: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = pattern.find("]", i + 2) + 1 or len(pattern)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(pattern) - 1


def _first_alternative(body: str) -> str:
    depth = 0
    for index, char in enumerate(body):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return body[:index]
    return body
