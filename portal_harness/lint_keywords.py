"""Lint checks on the text itself: syntax errors, misspelled keywords, stray tables and doc strings.

Gherkin does not call a misspelled keyword an error everywhere: right after a `Feature:`,
`Rule:` or `Scenario:` line it silently becomes description text, and so does a table or a
doc string with no step above it. These checks read the lines the parser kept as description.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from gherkin.dialect import Dialect

from portal_harness.feature_model import ParsedFile
from portal_harness.lint_problems import Problem

_ENGLISH = Dialect.for_name("en")
assert _ENGLISH is not None  # gherkin ships English
BLOCK_KEYWORDS = sorted(
    {
        *_ENGLISH.feature_keywords,
        *_ENGLISH.rule_keywords,
        *_ENGLISH.background_keywords,
        *_ENGLISH.scenario_keywords,
        *_ENGLISH.scenario_outline_keywords,
        *_ENGLISH.examples_keywords,
    }
)
STEP_KEYWORDS = ("Given", "When", "Then", "And", "But")
# Words that start ordinary sentences and sit one letter away from a step keyword.
_PROSE_WORDS = {"the", "them", "than", "that", "then", "an", "any", "ant", "add", "bus", "bit", "bet", "hen", "who"}
_GOT = re.compile(r"got '(?P<got>.*)'$")


def syntax_problems(parsed: ParsedFile, path: str) -> Iterator[Problem]:
    for error in parsed.syntax_errors:
        got = _GOT.search(error.message)
        if got is None:
            yield Problem(path, error.line, error.column, "E001", error.message.rstrip("."))
            continue
        text = got.group("got")
        yield Problem(path, error.line, error.column, "E001", f"unexpected '{text}'", _hint_for_unexpected(text))


def _hint_for_unexpected(text: str) -> str:
    keyword = closest_keyword(text)
    if keyword:
        return f"did you mean '{keyword}'?"
    first = text.split(" ", 1)[0]
    if first in STEP_KEYWORDS or first == "*":
        return "a step must sit inside a Scenario or a Background"
    if text.startswith("|"):
        return "a table belongs right under a step or an Examples line"
    return "expected a step, a table, a tag, a comment or a keyword such as Scenario:"


def description_problems(parsed: ParsedFile, path: str) -> Iterator[Problem]:
    previous_line, in_doc_string = 0, False
    for line in parsed.description_lines:
        follows = line.line == previous_line + 1
        previous_line = line.line
        if in_doc_string:
            in_doc_string = not line.text.startswith(('"""', "```"))
            continue
        if line.text.startswith("|"):
            if not (follows and _previous_was_table(parsed, line.line)):
                yield Problem(
                    path,
                    line.line,
                    line.column,
                    "E003",
                    f"table under '{line.owner}:' with no step above it",
                    "Gherkin reads it as description: put it right under the step it belongs to",
                )
        elif line.text.startswith(('"""', "```")):
            in_doc_string = True
            yield Problem(
                path,
                line.line,
                line.column,
                "E003",
                f"doc string under '{line.owner}:' with no step above it",
                "Gherkin reads it as description: put it right under the step it belongs to",
            )
        else:
            keyword = closest_keyword(line.text, steps_allowed=line.owner not in ("Feature", "Rule", "Ability"))
            if keyword:
                first = line.text.split(":", 1)[0] + ":" if keyword.endswith(":") else line.text.split(" ", 1)[0]
                yield Problem(
                    path,
                    line.line,
                    line.column,
                    "E002",
                    f"'{first}' is not a Gherkin keyword",
                    f"did you mean '{keyword}'? Gherkin silently read this line as description of '{line.owner}:'",
                )


def _previous_was_table(parsed: ParsedFile, number: int) -> bool:
    return number >= 2 and parsed.lines[number - 2].strip().startswith("|")


def closest_keyword(text: str, steps_allowed: bool = True) -> str | None:
    """The keyword a line's first word was probably meant to be, or None when it reads as prose."""
    head, colon, _ = text.partition(":")
    if colon and len(head.split()) <= 3:
        match = difflib.get_close_matches(head.strip(), BLOCK_KEYWORDS, n=1, cutoff=0.75)
        if match and match[0] != head.strip():
            return match[0] + ":"
        if match:
            return None
    if not steps_allowed:
        return None
    word = text.split(" ", 1)[0]
    if word.lower() in _PROSE_WORDS or word in STEP_KEYWORDS:
        return None
    for keyword in STEP_KEYWORDS:
        if word.lower() == keyword.lower() or _one_edit_apart(word, keyword):
            return keyword
    return None


def _one_edit_apart(word: str, keyword: str) -> bool:
    """One letter added, dropped, changed or two neighbours swapped (case-insensitive)."""
    a, b = word.lower(), keyword.lower()
    if a == b or abs(len(a) - len(b)) > 1 or len(a) < 2:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
