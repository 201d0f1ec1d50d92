"""Template edits: text an upgrade changed in one template, for one portal app only.

Only faults make them (`faults.edit_template`), so the shipped templates stay correct and a fault
that breaks a page is a few lines in its area's module, like a fault that patches a service. An
edit applies to the template the app's release resolves (a release's own copy or the shared one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jinja2 import BaseLoader, Environment


@dataclass(frozen=True)
class TemplateEdit:
    template: str  # the name the views render or import, e.g. "vdt/download.html"
    old: str
    new: str


class TemplateEditError(RuntimeError):
    pass


class EditedTemplates(BaseLoader):
    """Another loader's templates, with the edits made to their text."""

    def __init__(self, loader: BaseLoader, edits: Sequence[TemplateEdit]) -> None:
        self.loader = loader
        self.edits = tuple(edits)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        for edit in self.edits:
            if edit.template != template:
                continue
            if edit.old not in source:
                raise TemplateEditError(
                    f"{filename or template} no longer contains the text a fault edits ({edit.old.strip()[:80]!r}): "
                    "update the fault to the template."
                )
            source = source.replace(edit.old, edit.new)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()

    def check(self, environment: Environment) -> None:
        """Fail at start-up, not on the first request, when an edit no longer fits its template."""
        for edit in self.edits:
            self.get_source(environment, edit.template)
