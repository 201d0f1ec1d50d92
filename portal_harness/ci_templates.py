"""Validate the CI templates in `ci/` offline, so a broken template fails `make test`, not a nightly.

- GitHub Actions (`ci/github/workflows/*.yml`): actionlint. The templates are first copied into
  `.github/workflows/` of a scratch repository, because actionlint checks a call to a local
  reusable workflow (`uses: ./.github/workflows/...`) against the called file only from a
  repository's root: that is what catches a caller passing an input the suite does not declare.
  actionlint also runs shellcheck on `run:` scripts when shellcheck is on PATH, and skips that
  check when it is not.
- GitLab CI (`ci/gitlab/.gitlab-ci.yml`): check-jsonschema with its vendored GitLab CI schema
  (`--builtin-schema vendor.gitlab-ci`), which ships inside the package: nothing is downloaded.

`python -m portal_harness.ci_templates [--github DIR] [--gitlab FILE]`: exit 0 when both pass,
1 when a template has a problem (the validators' own words are printed), 2 when a validator is missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from portal_harness.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, HarnessError
from portal_harness.paths import project_root

VALIDATOR_TIMEOUT_S = 120
GITLAB_SCHEMA = "vendor.gitlab-ci"


@dataclass(frozen=True)
class Verdict:
    """One validator's answer on one template (or set of templates)."""

    tool: str
    checked: str
    ok: bool
    output: str


def default_github_dir() -> Path:
    return project_root() / "ci" / "github" / "workflows"


def default_gitlab_file() -> Path:
    return project_root() / "ci" / "gitlab" / ".gitlab-ci.yml"


def _executable(name: str) -> str:
    """The tool installed beside this interpreter (the venv's bin/), else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise HarnessError(
            f"{name} is missing: install the dev extra (`make venv`, or pip install -e '.[dev]') and run it again."
        )
    return found


def _workflow_files(github_dir: Path) -> list[Path]:
    files = sorted([*github_dir.glob("*.yml"), *github_dir.glob("*.yaml")])
    if not files:
        raise HarnessError(f"No workflow (*.yml) in {github_dir}: give the folder of the GitHub Actions templates.")
    return files


def check_github(github_dir: Path) -> Verdict:
    """actionlint on every workflow of the folder, staged as a repository's .github/workflows/."""
    files = _workflow_files(github_dir)
    actionlint = _executable("actionlint")
    with tempfile.TemporaryDirectory(prefix="ci-templates-") as scratch:
        repo = Path(scratch)
        (repo / ".git").mkdir()
        staged = repo / ".github" / "workflows"
        staged.mkdir(parents=True)
        for workflow in files:
            shutil.copyfile(workflow, staged / workflow.name)
        process = subprocess.run(
            [actionlint, "-no-color", *(f".github/workflows/{w.name}" for w in files)],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=VALIDATOR_TIMEOUT_S,
            check=False,
        )
    output = (process.stdout + process.stderr).replace(".github/workflows/", f"{github_dir}/")
    return Verdict("actionlint", f"{github_dir} ({len(files)} workflows)", process.returncode == 0, output.strip())


def check_gitlab(gitlab_file: Path) -> Verdict:
    """check-jsonschema against the GitLab CI schema it ships (no download)."""
    if not gitlab_file.is_file():
        raise HarnessError(f"No GitLab CI file at {gitlab_file}: give the path of the GitLab template.")
    _executable("check-jsonschema")  # the module below is the same package: say clearly when it is absent
    process = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", GITLAB_SCHEMA, str(gitlab_file)],
        capture_output=True,
        text=True,
        timeout=VALIDATOR_TIMEOUT_S,
        check=False,
    )
    output = (process.stdout + process.stderr).strip()
    return Verdict("check-jsonschema", str(gitlab_file), process.returncode == 0, output)


def validate(github_dir: Path, gitlab_file: Path) -> list[Verdict]:
    return [check_github(github_dir), check_gitlab(gitlab_file)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal_harness.ci_templates", description=__doc__)
    parser.add_argument("--github", type=Path, default=None, help="the GitHub Actions workflows folder")
    parser.add_argument("--gitlab", type=Path, default=None, help="the GitLab CI file")
    args = parser.parse_args(argv)
    try:
        verdicts = validate(args.github or default_github_dir(), args.gitlab or default_gitlab_file())
    except HarnessError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    for verdict in verdicts:
        print(f"{'ok' if verdict.ok else 'FAILED'}  {verdict.tool}  {verdict.checked}", file=sys.stderr)
        if not verdict.ok:
            print(verdict.output, file=sys.stderr)
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
