"""Values a target profile names by environment variable: read at use, never stored in the profile.

A missing variable is one sentence naming it and the profile setting that names it, so whoever
runs the suite knows what to export. A value that is a secret is registered for masking before it
can reach any log, error or report.
"""

from __future__ import annotations

import os

from portal_harness.errors import HarnessError
from portal_harness.masking import SECRETS


def from_environment(name: str, named_by: str, *, secret: bool = False) -> str:
    """The value of the environment variable `name`; `named_by` says which profile setting names it."""
    value = os.environ.get(name, "")
    if not value:
        raise HarnessError(f"The environment variable {name} is not set: export it, since {named_by} names it.")
    if secret:
        SECRETS.register(value)
    return value
