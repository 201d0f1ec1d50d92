"""The run summary: one result per selected scenario (per Examples row), counted per id.

`summary.json` is the contract other commands (compare, merge, dashboards) read:
`{label, run, interrupted, counts, results: [{id, name, feature, status, duration_s, message,
error_kind, tags, example?, evidence?, attempts?}]}`. Counts take the worst row per id.

- `tags`: the scenario's Gherkin tags without `@` and without its id (`smoke`,
  `severity:critical`, `story:PP-214`): the quality gate and the tracker links read them.
- `evidence`: for a failure, what the failing scenario left behind, paths relative to the archive:
  `{"screenshot", "trace", "console_errors": [...], "http_errors": [...]}`.
- `attempts`: for a retried row, each attempt's `{status, message, error_kind}`, first first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["passed", "failed", "skipped", "flaky"]
ErrorKind = Literal["assertion", "product", "infrastructure", "test-defect"]
STATUSES: tuple[Status, ...] = ("passed", "failed", "skipped", "flaky")
# Worst first: one failed row makes the id failed; a flaky row outranks skipped and passed.
_SEVERITY_ORDER: dict[str, int] = {"failed": 0, "flaky": 1, "skipped": 2, "passed": 3}


@dataclass
class ScenarioResult:
    id: str
    name: str
    feature: str
    status: Status
    duration_s: float
    message: str | None = None
    error_kind: ErrorKind | None = None
    example: int | None = None
    tags: list[str] = field(default_factory=list)
    evidence: dict[str, Any] | None = None
    attempts: list[dict[str, Any]] | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for optional in ("example", "evidence", "attempts"):
            if data[optional] is None:
                del data[optional]
        return data

    def as_attempt(self) -> dict[str, Any]:
        """This result as one entry of a retried row's `attempts`."""
        return {"status": self.status, "message": self.message, "error_kind": self.error_kind}

    @property
    def row_key(self) -> tuple[str, int | None]:
        """One Scenario Outline row (or one plain scenario): what a retry is matched on."""
        return (self.id, self.example)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScenarioResult:
        return cls(
            id=data["id"],
            name=data["name"],
            feature=data["feature"],
            status=data["status"],
            duration_s=float(data.get("duration_s", 0.0)),
            message=data.get("message"),
            error_kind=data.get("error_kind"),
            example=data.get("example"),
            tags=list(data.get("tags") or []),
            evidence=data.get("evidence"),
            attempts=data.get("attempts"),
        )


def worst_per_id(results: Iterable[ScenarioResult]) -> dict[str, ScenarioResult]:
    """One result per id: the worst row of a Scenario Outline stands for the id."""
    worst: dict[str, ScenarioResult] = {}
    for result in results:
        current = worst.get(result.id)
        if current is None or _SEVERITY_ORDER[result.status] < _SEVERITY_ORDER[current.status]:
            worst[result.id] = result
    return worst


def count_by_status(results: Iterable[ScenarioResult]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for result in worst_per_id(results).values():
        counts[result.status] += 1
    return counts


@dataclass
class Summary:
    run: str
    label: str
    results: list[ScenarioResult]
    interrupted: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return count_by_status(self.results)

    @property
    def failed(self) -> bool:
        return self.counts["failed"] > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "label": self.label,
            "interrupted": self.interrupted,
            "counts": self.counts,
            "results": [r.to_json() for r in self.results],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(
            run=data["run"],
            label=data.get("label", ""),
            results=[ScenarioResult.from_json(r) for r in data.get("results", [])],
            interrupted=bool(data.get("interrupted", False)),
        )

    def write(self, path: Path) -> None:
        """Write atomically, so a reader (or an interrupted run) never sees half a file."""
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> Summary:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
