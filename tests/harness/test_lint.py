"""`portal-harness lint`: one line per problem, at the right file and line, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_bdd import parsers

from portal_harness.cli import main
from portal_harness.feature_model import Step
from portal_harness.lint_keywords import closest_keyword
from portal_harness.step_stubs import step_stub

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).parent / "bad_features"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[EW]\d{3}) .+$")

# (file, line, code): every problem the bad feature files hold, and nothing else.
EXPECTED = [
    ("e001_syntax_error.feature", 7, "E001"),
    ("e002_misspelled_keyword.feature", 3, "E002"),
    ("e002_misspelled_keyword.feature", 7, "E002"),
    ("e003_table_without_step.feature", 6, "E003"),
    ("e003_table_without_step.feature", 14, "E003"),
    ("e004_scenario_ids.feature", 4, "E004"),
    ("e004_scenario_ids.feature", 9, "E004"),
    ("e004_scenario_ids.feature", 15, "E004"),
    ("e005_duplicate_ids.feature", 10, "E005"),
    ("e005_duplicate_ids.feature", 16, "E005"),
    ("e006_undeclared_tags.feature", 1, "E006"),
    ("e006_undeclared_tags.feature", 4, "E006"),  # @severity:huge
    ("e006_undeclared_tags.feature", 4, "E006"),  # @owner:ana
    ("e007_placeholder_without_column.feature", 8, "E007"),
    ("e007_placeholder_without_column.feature", 11, "W001"),  # the misspelt column is then unused
    ("e008_undefined_steps.feature", 7, "E008"),
    ("e008_undefined_steps.feature", 13, "W008"),
    ("w001_unused_column.feature", 11, "W001"),
    ("w002_when_steps.feature", 8, "W002"),
    ("w002_when_steps.feature", 12, "W002"),
    ("w003_overlong_scenario.feature", 5, "W003"),
]


def _lint(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str], str]:
    code = main(["lint", *paths])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_every_bad_file_gets_one_line_per_problem_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = _lint(capsys, str(BAD))
    assert code == 1
    found, places = [], set()
    for line in lines:
        match = LINE.match(line)
        assert match, f"not path:line:col: CODE message: {line!r}"
        found.append((Path(match["path"]).name, int(match["line"]), match["code"]))
        places.add((match["path"], match["line"], match["col"], match["code"]))
    assert len(places) == len(found), "a problem was reported twice"
    assert sorted(found) == sorted(EXPECTED)
    # one bad file per error code
    assert {code for _, _, code in EXPECTED if code.startswith("E")} == {f"E00{n}" for n in range(1, 9)}
    assert "Traceback" not in err


def test_messages_carry_the_hints(capsys: pytest.CaptureFixture[str]) -> None:
    _, lines, err = _lint(capsys, str(BAD))
    text = "\n".join(lines)
    assert "'Scenaro:' is not a Gherkin keyword (did you mean 'Scenario:'?" in text
    assert "unexpected 'Whn Maria sends" in text and "did you mean 'When'?" in text
    assert "duplicate @id:LNT-06, first used at " in text and "e005_duplicate_ids.feature:4" in text
    assert "@smoky is not a declared tag (did you mean @smoke?)" in text
    assert "placeholder <pol> has no column" in text
    assert "undefined step: When Maria pays her bill of 42 dollars online (closest: '" in text
    assert "@when(parsers.parse('{name} pays her bill of {number:d} dollars online'))" in err
    assert "15 errors, 6 warnings" in err


def test_the_projects_features_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = _lint(capsys)
    assert code == 0, "\n".join(lines)
    assert [line for line in lines if " E0" in line] == []
    assert "0 errors" in err


def test_ids_are_unique_across_everything_linted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "outside" / "copy.feature"
    copy.parent.mkdir()
    copy.write_text((ROOT / "features/messaging/route_messages.feature").read_text(encoding="utf-8"), encoding="utf-8")
    code, lines, _ = _lint(capsys, str(ROOT / "features/messaging/route_messages.feature"), str(copy))
    assert code == 1
    duplicates = [line for line in lines if " E005 " in line]
    assert len(duplicates) == 4  # MSG-01, MSG-02, MSG-10, MSG-04: each reported at the copy only
    assert all(line.startswith(str(copy)) and "route_messages.feature:" in line for line in duplicates)


def test_a_missing_path_is_one_sentence_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", "no/such/folder"])
    err = capsys.readouterr().err
    assert code == 2
    assert "no/such/folder does not exist" in err


def test_the_command_prints_no_traceback_from_another_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "portal_harness", "lint", str(BAD / "e001_syntax_error.feature")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.count("\n") == 1 and ":7:5: E001 " in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        ("Scenaro: a scenario", "Scenario:"),
        ("Examle: one", "Example:"),
        ("Givn Maria is signed in", "Given"),
        ("Whne she sends it", "When"),
        ("given lower case", "Given"),
        ("The teen sees everything.", None),
        ("Then-ish prose: not a keyword", None),
        ("Patients pick a topic", None),
        ("Note: prose with a colon", None),
    ],
)
def test_closest_keyword(line: str, keyword: str | None) -> None:
    assert closest_keyword(line) == keyword


def test_a_stub_is_python_whose_pattern_matches_the_step() -> None:
    step = Step("When", "when", 'Maria pays "Eastside Clinic" 42 dollars for <item>', 3, 5)
    stub = step_stub(step, "steps/messaging_steps.py")
    compile(stub, "stub", "exec")
    pattern = re.search(r"parsers\.parse\('(.+)'\)\)", stub)
    assert pattern is not None
    assert parsers.parse(pattern.group(1)).is_matching('Maria pays "Eastside Clinic" 42 dollars for a visit')
    assert '"""' in stub and stub.startswith("# in steps/messaging_steps.py\n@when(")
