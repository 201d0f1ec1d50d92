"""The project the analyst tools read: its features folder, step modules and declared tags.

`lint`, `steps` and `docs` always take the steps and the declared tags from the project (the
checkout holding pyproject.toml with a `[tool.portal-harness]` table), whatever PATH they lint.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.paths import project_root
from portal_harness.tags import VALUED_TAG_FAMILIES

# `needs(value): @needs:<clock|hl7|mailbox|admin>, ...`: the values a valued family allows.
_ALLOWED_VALUES = re.compile(r"@(?P<family>[a-z]+):<(?P<values>[\w.-]+(?:\|[\w.-]+)+)>")


@dataclass(frozen=True)
class DeclaredTags:
    """The tags pyproject.toml declares as markers (`--strict-markers` refuses any other)."""

    plain: frozenset[str]
    valued: frozenset[str]
    allowed_values: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def problem_with(self, tag: str) -> str | None:
        """Why `tag` (without `@`) is not declared, or None when it is."""
        family, sep, value = tag.partition(":")
        if not sep:
            return None if tag in self.plain else f"@{tag} is not a declared tag"
        if family not in self.valued:
            return f"@{family}: is not a declared tag family"
        allowed = self.allowed_values.get(family)
        if not value:
            return f"@{tag} has no value"
        if allowed and value not in allowed:
            return f"@{tag} is not allowed: @{family}: takes {'|'.join(allowed)}"
        return None

    def all_names(self) -> list[str]:
        """Every declared tag as an analyst writes it, for 'did you mean' hints."""
        names = sorted(self.plain)
        for family in sorted(self.valued):
            allowed = self.allowed_values.get(family)
            names += [f"{family}:{value}" for value in allowed] if allowed else [f"{family}:"]
        return names


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    @cached_property
    def settings(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = tomllib.loads(self.pyproject.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise HarnessError(f"{self.pyproject} cannot be read ({error}): fix the file.") from None
        return data

    @property
    def features_dir(self) -> Path:
        ini = self.settings.get("tool", {}).get("pytest", {}).get("ini_options", {})
        return self.root / str(ini.get("bdd_features_base_dir", "features"))

    @property
    def stories_file(self) -> Path:
        return self.root / "data" / "stories.toml"

    @cached_property
    def declared_tags(self) -> DeclaredTags:
        ini = self.settings.get("tool", {}).get("pytest", {}).get("ini_options", {})
        plain: set[str] = set()
        valued: set[str] = set()
        allowed: dict[str, tuple[str, ...]] = {}
        for line in ini.get("markers", []):
            head = str(line).split(":", 1)[0].strip()
            name, paren, _ = head.partition("(")
            (valued if paren and name in VALUED_TAG_FAMILIES else plain).add(name.strip())
            for found in _ALLOWED_VALUES.finditer(str(line)):
                allowed[found["family"]] = tuple(found["values"].split("|"))
        return DeclaredTags(frozenset(plain), frozenset(valued), allowed)

    @cached_property
    def step_modules(self) -> list[str]:
        """The step modules the root conftest registers (`pytest_plugins`), in its order."""
        conftest = self.root / "conftest.py"
        try:
            tree = ast.parse(conftest.read_text(encoding="utf-8"), filename=str(conftest))
        except (OSError, SyntaxError) as error:
            raise HarnessError(f"{conftest} cannot be read ({error}): fix the root conftest.") from None
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "pytest_plugins" for target in node.targets
            ):
                plugins = ast.literal_eval(node.value)
                return [name for name in plugins if self._is_project_step_module(name)]
        raise HarnessError(f"{conftest} has no pytest_plugins list: register the step modules there.")

    def _is_project_step_module(self, name: str) -> bool:
        if name.startswith("portal_harness."):
            return False
        return (self.root / (name.replace(".", "/") + ".py")).exists()

    def display(self, path: Path) -> str:
        """A path as the analyst knows it: relative to the current folder when inside it."""
        resolved = path.resolve()
        for base in (Path.cwd().resolve(), self.root):
            if resolved.is_relative_to(base):
                return resolved.relative_to(base).as_posix()
        return str(path)

    def relative(self, path: Path) -> str:
        """A path relative to the project when inside it (summary.json and the catalogue use these)."""
        resolved = path.resolve()
        return resolved.relative_to(self.root).as_posix() if resolved.is_relative_to(self.root) else str(path)


def find_project(start: Path | None = None) -> Project:
    """The checkout: the package's own (or PORTAL_HARNESS_ROOT), else the nearest above the current folder."""
    candidates = [project_root()]
    here = (start or Path.cwd()).resolve()
    candidates += [here, *here.parents]
    for candidate in candidates:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.portal-harness]" in pyproject.read_text(encoding="utf-8"):
            return Project(candidate)
    raise HarnessError(
        "No Portal Harness project found: run the command inside the checkout (the folder with "
        "pyproject.toml) or set PORTAL_HARNESS_ROOT to it."
    )
