"""`portal-harness steps`: every phrase with its docstring, uses and an example; editor patterns that match."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from portal_harness.analyst_project import find_project
from portal_harness.cli import main
from portal_harness.editor_support import editor_regex
from portal_harness.feature_model import find_feature_files, parse_feature_file
from portal_harness.step_catalogue import build_catalogue
from portal_harness.step_registry import load_step_registry
from portal_harness.step_usage import resolve_steps

EDITOR_LINE = re.compile(r"^(Given|When|Then)\(/(.*)/\);$")


def _catalogue_json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["steps", "--format", "json"]) == 0
    data: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return data


def test_json_lists_every_step_with_a_docstring(capsys: pytest.CaptureFixture[str]) -> None:
    entries = _catalogue_json(capsys)
    assert len(entries) >= 40
    for entry in entries:
        assert {"keyword", "pattern", "doc", "parameters", "module", "uses"} <= set(entry)
        assert entry["keyword"] in ("Given", "When", "Then", "*")
        assert entry["doc"], f"{entry['source']}: every step needs a docstring"
        assert str(entry["module"]).startswith("steps.")
        for use in entry["uses"]:  # type: ignore[attr-defined]
            assert re.fullmatch(r"features/.+\.feature:\d+", use), use
    assert sum(bool(entry["uses"]) for entry in entries) > len(entries) * 0.9


def test_a_step_shows_its_parameters_and_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    entries = _catalogue_json(capsys)
    routes = next(e for e in entries if "routes" in str(e["pattern"]) and e["keyword"] == "Given")
    assert routes["parameters"] == ["clinic", "topic", "pool"]
    assert routes["example"] == 'Given "Eastside Clinic" routes "Billing question" messages to its "Billing" pool'
    assert routes["phrase"] == '"<clinic>" routes "<topic>" messages to its "<pool>" pool'


def test_markdown_and_html_name_the_unused_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Step catalogue") and "## Unused steps" in markdown
    assert main(["steps", "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "<!doctype html>" in html and 'id="filter"' in html
    assert not re.search(r"""(src|href)=["']https?:""", html), "the page must not call out"


def test_every_feature_step_matches_its_editor_pattern() -> None:
    """What the VS Code extension reads: each step's pattern as a regex that matches every use of it."""
    project = find_project()
    registry = load_step_registry(project)
    parsed = [parse_feature_file(path) for path in find_feature_files([project.features_dir])]
    uses = resolve_steps([p.feature for p in parsed if p.feature is not None], registry)
    compiled = {id(d): re.compile(editor_regex(d).replace(r"\/", "/")) for d in registry.definitions}
    checked = 0
    for use in uses:
        assert use.defined, f"{use.feature.path}:{use.step.line}"
        for text in use.examples:
            assert any(compiled[id(d)].match(text) for d in use.definitions), f"{use.step.line}: {text}"
            checked += 1
    assert checked > 400


def test_vscode_writes_the_steps_file_and_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "settings.json").write_text('{"editor.tabSize": 2}', encoding="utf-8")
    assert main(["steps", "--format", "vscode", "-o", str(tmp_path)]) == 0
    settings = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert settings["editor.tabSize"] == 2
    assert settings["cucumberautocomplete.steps"] == [".vscode/portal-harness.steps.js"]
    lines = (tmp_path / "portal-harness.steps.js").read_text(encoding="utf-8").splitlines()
    patterns = [m.group(2) for line in lines if (m := EDITOR_LINE.match(line))]
    assert len(patterns) == len(build_catalogue(find_project()))
    for pattern in patterns:
        re.compile(pattern.replace(r"\/", "/"))


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_editor_patterns_are_valid_javascript(tmp_path: Path) -> None:
    assert main(["steps", "--format", "vscode", "-o", str(tmp_path)]) == 0
    script = (
        "const lines = require('fs').readFileSync(process.argv[1], 'utf8').split('\\n');"
        "let n = 0; for (const l of lines) { const m = l.match(/^(Given|When|Then)\\(\\/(.*)\\/\\);$/);"
        "if (m) { new RegExp(m[2]); n++; } } console.log(n);"
    )
    result = subprocess.run(
        ["node", "-e", script, str(tmp_path / "portal-harness.steps.js")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 40
