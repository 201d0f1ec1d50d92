"""For an undefined step: the closest existing phrases, and a step definition to paste."""

from __future__ import annotations

import difflib
import keyword
import re

from portal_harness.feature_model import Step
from portal_harness.step_registry import StepDefinition, StepRegistry

_QUOTED = re.compile(r'"[^"]*"')
_NUMBER = re.compile(r"(?<![\w<])\d+(?![\w>])")
_PLACEHOLDER = re.compile(r"<([^<>]+)>")
_PERSON = re.compile(r"[A-Z][a-z]+")  # a persona's name opens most steps: "Maria sends ..."
_NOT_PEOPLE = {"The", "A", "An", "No", "Every", "Each", "All", "Someone", "Nobody", "Staff", "Support"}


def closest_phrases(
    step_type: str, text: str, registry: StepRegistry, examples: dict[int, str], n: int = 3
) -> list[tuple[str, StepDefinition]]:
    """Phrases of the same type that read most like `text` (a real use when there is one)."""
    candidates: dict[str, StepDefinition] = {}
    for definition in registry.of_type(step_type):
        candidates.setdefault(examples.get(id(definition), definition.phrase), definition)
        candidates.setdefault(definition.phrase, definition)
    closest = difflib.get_close_matches(text, list(candidates), n=n, cutoff=0.4)
    return [(phrase, candidates[phrase]) for phrase in closest]


def step_stub(step: Step, module_hint: str | None = None) -> str:
    """A definition for the step, in house style: parse fields for people, quoted values, numbers, placeholders."""
    fields: list[tuple[str, str]] = []  # (name, annotation)

    def field_for(name: str, fmt: str = "", annotation: str = "str") -> str:
        base = _identifier(name) or "text"
        taken = {existing for existing, _ in fields}
        unique, n = base, 1
        while unique in taken:
            n += 1
            unique = f"{base}_{n}"
        fields.append((unique, annotation))
        return "{" + unique + fmt + "}"

    text = step.text.replace("{", "{{").replace("}", "}}")
    first, _, rest = text.partition(" ")
    if _PERSON.fullmatch(first) and first not in _NOT_PEOPLE and rest:
        text = f"<name> {rest}"
    pattern = _PLACEHOLDER.sub(lambda m: field_for(m.group(1)), text)
    pattern = _QUOTED.sub(lambda m: '"' + field_for("text") + '"' if "{" not in m.group(0) else m.group(0), pattern)
    pattern = _NUMBER.sub(lambda m: field_for("number", ":d", "int"), pattern)
    decorator_arg = f"parsers.parse({_quote(pattern)})" if fields else _quote(step.text)
    words = re.sub(r"\d+", "", _QUOTED.sub("", _PLACEHOLDER.sub("", text))).split()
    name = _identifier("_".join(words[:6])) or "new_step"
    params = ", ".join(f"{field}: {annotation}" for field, annotation in fields)
    where = f"# in {module_hint}\n" if module_hint else ""
    return (
        f"{where}@{step.type}({decorator_arg})\n"
        f"def {name}({params}) -> None:\n"
        f'    """TODO: what this step does, in the words of the feature."""\n'
        f"    raise NotImplementedError\n"
    )


def _identifier(text: str) -> str:
    name = re.sub(r"\W+", "_", text.lower()).strip("_")
    name = re.sub(r"^\d+_*", "", name)
    return f"{name}_" if keyword.iskeyword(name) else name


def _quote(text: str) -> str:
    return repr(text) if "'" not in text or '"' in text else f'"{text}"'
