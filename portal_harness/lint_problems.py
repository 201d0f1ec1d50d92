"""What `portal-harness lint` reports: one problem per line, `path:line:col: CODE message`.

Codes starting with E are errors (exit 1); W are warnings (shown, exit 0).
"""

from __future__ import annotations

from dataclasses import dataclass

CODES = {
    "E001": "Gherkin syntax error",
    "E002": "misspelled keyword",
    "E003": "table or doc string with no step above it",
    "E004": "scenario without exactly one @id",
    "E005": "duplicate @id",
    "E006": "undeclared tag",
    "E007": "Examples placeholder with no column",
    "E008": "undefined step",
    "W008": "undefined step in a @wip scenario",
    "W001": "Examples column never used",
    "W002": "scenario without exactly one When",
    "W003": "overlong scenario",
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    def format(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}{hint}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
