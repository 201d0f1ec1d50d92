"""How services refuse a request: with problems a person can read and act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    message: str
    field: str | None = None  # the form field (or API field) it belongs to
    kind: str | None = None  # a stable name when callers must tell problems apart


class RefusedError(Exception):
    """A request the rules do not allow; carries the problems to show."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems

    @classmethod
    def because(cls, message: str, field: str | None = None, kind: str | None = None) -> RefusedError:
        return cls(Problem(message, field, kind))

    def has(self, kind: str) -> bool:
        return any(problem.kind == kind for problem in self.problems)


class NotFoundError(Exception):
    """An id that names nothing (or nothing the caller may see)."""


class ConflictError(RefusedError):
    """The request clashes with existing data (a duplicate MRN, a taken code)."""
