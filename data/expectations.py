"""The target's expected settings (its profile), e.g. `expected.enrollment.activation_code_lifetime_days`.

Read from the target's profile (`data/targets/<target>.toml`, a profile file, or for a bare URL
the bundled portal's): every table but `[target]`, which `portal_harness.profiles` reads. A
missing or malformed file is reported in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.profiles import read_profile_toml, resolve_target


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class Section:
    path: Path
    name: str
    values: dict[str, Any]

    def __getattr__(self, key: str) -> Any:
        try:
            return self.values[key]
        except KeyError:
            raise ProfileError(f"{self.path}: [{self.name}] has no setting '{key}': add it to the profile.") from None


@dataclass(frozen=True)
class Expectations:
    path: Path
    sections: dict[str, Section]

    def __getattr__(self, name: str) -> Section:
        try:
            return self.sections[name]
        except KeyError:
            raise ProfileError(f"{self.path} has no [{name}] section: add it with the organisation's values.") from None


@cache
def expectations_for(target: str = "demo") -> Expectations:
    try:
        path = resolve_target(target).expectations_path
        raw = read_profile_toml(path)
    except HarnessError as error:
        raise ProfileError(str(error)) from None
    return Expectations(path, {name: Section(path, name, dict(values)) for name, values in raw.items()})
