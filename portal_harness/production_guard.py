"""The production guard: a run must never write test data into a production portal.

Against a target whose profile says `environment = "production"`, or a bare URL that nobody said
is a test portal (`--environment test`), only scenarios tagged `@readonly` may run, and only with
the pre-provisioned synthetic accounts the profile names (`[target.accounts.<Persona>]`). Anything
else is refused before any scenario starts, in one sentence naming the target. The bundled
portal is always `test`. As a second line, the admin API client of a guarded run refuses every
request that is not a GET (`PortalApi.read_only`), so a mis-tagged scenario fails instead of writing.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from dataclasses import replace

from portal_harness.errors import HarnessError
from portal_harness.paths import project_root
from portal_harness.profiles import ENVIRONMENTS, UNKNOWN_ENVIRONMENT, TargetProfile

READONLY_TAG = "readonly"
GUARDED_ENVIRONMENTS = ("production", UNKNOWN_ENVIRONMENT)
_LISTED = 5  # refused scenario ids named in the sentence; the rest are counted


def with_environment(profile: TargetProfile, environment: str | None) -> TargetProfile:
    """The profile as `--environment` says: it classifies a bare URL; a profile already says for itself."""
    if environment is None:
        return profile
    if environment not in ENVIRONMENTS:
        raise HarnessError(f"--environment {environment!r} is not one of {', '.join(ENVIRONMENTS)}: give one of those.")
    if profile.path is None and not profile.bundled:
        return replace(profile, environment=environment)
    if environment != profile.environment:
        raise HarnessError(
            f"--environment {environment} contradicts the target {profile.name}, whose profile says "
            f"environment = {profile.environment!r}: drop --environment (it is for bare URLs) or fix the profile."
        )
    return profile


def is_guarded(profile: TargetProfile) -> bool:
    """Production, or not known to be anything else; the bundled portal never is."""
    return not profile.bundled and profile.environment in GUARDED_ENVIRONMENTS


def _what_it_is(profile: TargetProfile) -> str:
    if profile.environment == UNKNOWN_ENVIRONMENT:
        return "a bare URL, treated as production because nothing says it is a test portal"
    return f'a production portal (environment = "production" in {profile.path})'


def _fix(profile: TargetProfile) -> str:
    if profile.environment == UNKNOWN_ENVIRONMENT:
        return (
            "if it is a test portal add --environment test; otherwise write a profile with "
            'environment = "production" and its pre-provisioned [target.accounts.<Persona>]'
        )
    return f"select @readonly scenarios (-m readonly) or run against a test portal ({profile.path})"


def check_run_allowed(profile: TargetProfile, target: str) -> None:
    """Before anything starts: a guarded target without pre-provisioned accounts can run nothing."""
    if not is_guarded(profile) or profile.accounts:
        return
    fix = (
        _fix(profile)
        if profile.environment == UNKNOWN_ENVIRONMENT
        else f"name them under [target.accounts.<Persona>] in {profile.path}, or run against a test portal"
    )
    raise HarnessError(
        f"The target {target} is {_what_it_is(profile)}: only @readonly scenarios signing in with "
        f"pre-provisioned accounts may run against it and it names none; {fix}."
    )


def check_selection(profile: TargetProfile, target: str, selected: Iterable[tuple[str, bool]]) -> None:
    """The selected scenarios, as (id, tagged @readonly): every one must be read-only on a guarded target."""
    if not is_guarded(profile):
        return
    check_run_allowed(profile, target)
    writing = sorted({scenario_id for scenario_id, readonly in selected if not readonly})
    if not writing:
        return
    named = ", ".join(writing[:_LISTED]) + (f" and {len(writing) - _LISTED} more" if len(writing) > _LISTED else "")
    raise HarnessError(
        f"The target {target} is {_what_it_is(profile)}: only scenarios tagged @readonly may run against it, "
        f"and {len(writing)} selected scenario(s) are not ({named}); {_fix(profile)}."
    )


def check_selection_before_run(target: str, environment: str | None, selection: list[str]) -> None:
    """Collect (not run) the selected scenarios in a pytest subprocess, whose plugin applies `check_selection`.

    Only guarded runs pay these few seconds: the refusal then comes before any archive, portal
    request or browser exists. pytest's usage error is turned back into the plugin's own sentence.
    """
    command = [sys.executable, "-m", "pytest", "tests/acceptance", "--collect-only", "-q", "--target", target]
    command += ["--environment", environment] if environment else []
    done = subprocess.run(
        command + selection, cwd=project_root(), capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode in (0, 5):  # 5: nothing selected; the run itself says so
        return
    errors = [line.removeprefix("ERROR: ") for line in done.stderr.splitlines() if line.startswith("ERROR: ")]
    last = (done.stderr.strip().splitlines() or done.stdout.strip().splitlines() or ["no output"])[-1]
    raise HarnessError(
        errors[-1] if errors else f"The scenarios could not be collected ({last}): run `portal-harness lint`."
    )
