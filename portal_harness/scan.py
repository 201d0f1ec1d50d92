"""`portal-harness scan RUN`: look through a run archive for secrets and PHI before it is published.

The masking (masking.py) keeps secrets out as the run writes; this is the second look, after the
fact, by shape and by name, on everything the archive holds: every text file (results, attachments,
logs, manifest, summary, junit), the text members of every zip (Playwright traces) and every file
and member name. Binary files (screenshots, the bundled portal's own `portal.sqlite`) are listed as
not scanned. What it looks for (`KINDS`):

- secret-field: a key whose words say it is secret (masking's words: password, token, otp,
  activation, pin, one_time, ...; `code` only with such a word) followed by `=` or `:` and a value
  that is not the mask, as in form bodies, query strings, logs and JSON (`password=...`,
  `"one_time_code": "..."`), except code (`token = make(...)`) and values ending in a run tag;
- secret-parameter: a `{"name": ..., "value": ...}` entry (Allure parameters, form fields and DOM
  attributes in traces) whose name says it is secret and whose value is not the mask;
- credential-header, cookie: a Cookie/Set-Cookie/Authorization header or a cookie in a trace's
  network log that is not masked; session-cookie: the portal's session cookies in any text;
- bearer-token: `Bearer <token>` not masked (the bundled portal's documented `test-admin-token` aside);
- known-secret: the value of an environment variable the run's profile names for a secret (admin
  token, IMAP password, TOTP secret, account passwords), when it is set where `scan` runs;
- ssn: `ddd-dd-dddd` standing alone;
- mrn: `MRN` followed by a value with 6+ digits that does not end with a run tag of this archive,
  its baseline or a sibling archive (the suite's synthetic MRNs do);
- dob: a full date labelled as a birth date (`DOB`, `date of birth`, `birth date`, `born`) with a
  capitalised first and last name within 200 characters, unless a synthetic marker (a known run tag
  or an `@example.test` address) is within 400 characters.

Findings never show the value: it is replaced by `«masked, N chars»` in the printed excerpt.
Exit codes: 0 clean, 1 findings, 2 an unusable RUN.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal_harness.errors import EXIT_FAILED, EXIT_OK, HarnessError
from portal_harness.evidence import CREDENTIAL_HEADERS
from portal_harness.masking import MASK, secret_name_words
from portal_harness.progress import say
from portal_harness.runs import RunArchive, list_runs, resolve_run, short_run_tag
from portal_harness.target import DEFAULT_TEST_ADMIN_TOKEN

KINDS = (
    "secret-field",
    "secret-parameter",
    "credential-header",
    "cookie",
    "session-cookie",
    "bearer-token",
    "known-secret",
    "ssn",
    "mrn",
    "dob",
)
SESSION_COOKIES = ("portal_session", "portal_flow")  # the bundled portal's sign-in and flow cookies
MAX_TEXT_BYTES = 64 * 1024 * 1024
_EXCERPT_CONTEXT = 40
_WORDS = secret_name_words()
_WORD_ALTERNATION = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
_SECRET_FIELD = re.compile(
    rf"""(?<![A-Za-z0-9_.-])(?P<key>[A-Za-z0-9_.-]{{0,40}}?(?:{_WORD_ALTERNATION})[A-Za-z0-9_-]{{0,40}})["']?\s*[:=]\s*["']?"""
    r"""(?P<value>[^\s"'&,;<>(){}\[\]\\|]{4,})""",
    re.IGNORECASE,
)
_NOT_VALUES = frozenset({"null", "none", "true", "false", "undefined", "function", "object", "string", "number"})
_BEARER = re.compile(r"\bbearer\s+(?P<value>[A-Za-z0-9._~+/=-]{8,})", re.IGNORECASE)
_SESSION_COOKIE = re.compile(rf"\b(?:{'|'.join(SESSION_COOKIES)})\s*=\s*(?P<value>[^;\s\"',&]{{8,}})", re.IGNORECASE)
_SSN = re.compile(r"(?<![\d-])(?P<value>\d{3}-\d{2}-\d{4})(?![\d-])")
_MRN = re.compile(r"(?<![A-Za-z0-9])MRN[\s:#-]*(?P<value>[A-Z0-9]{0,12}?\d{6}[A-Z0-9]{0,12})(?![A-Za-z0-9])")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DOB = re.compile(
    r"\b(?:DOB|date of birth|birth ?date|born(?: on)?)\b[\s:=\"',|-]{0,5}"
    rf"(?P<value>\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|{_MONTH} \d{{1,2}}, \d{{4}}|\d{{1,2}} {_MONTH} \d{{4}})",
    re.IGNORECASE,
)
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+[ ,]+[A-Z][a-z]+\b")
_JSON_SUFFIXES = (".json", ".jsonl", ".network", ".trace", ".stacks")


@dataclass(frozen=True)
class Finding:
    where: str  # path in the archive, `trace.zip!member` for a zip member
    line: int  # 0: the file or member name itself
    kind: str
    excerpt: str  # the value masked

    def describe(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else f"{self.where} (its name)"
        return f"{place}  {self.kind}  {self.excerpt}"


@dataclass
class ScanReport:
    archive: Path
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    members: int = 0
    not_scanned: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int  # the value's span
    kind: str


class Scanner:
    """The rules, with what this archive makes synthetic (run tags) and the secrets known by value."""

    def __init__(self, run_tags: Iterable[str] = (), known_secrets: dict[str, str] | None = None) -> None:
        self.run_tags = {tag.upper() for tag in run_tags if tag}
        self.known = {value: name for value, name in (known_secrets or {}).items() if len(value) >= 4}
        self._known_pattern = (
            re.compile("|".join(re.escape(v) for v in sorted(self.known, key=len, reverse=True)))
            if self.known
            else None
        )
        # a retry attempt's identifiers carry the tag plus `r2` (plugin.py)
        self._tagged = re.compile(
            "(?:" + "|".join(re.escape(tag) for tag in sorted(self.run_tags)) + r")(?:R\d+)?$"
            if self.run_tags
            else "(?!)"
        )
        self._synthetic = re.compile(
            r"example\.test" + "".join(f"|{re.escape(tag)}" for tag in sorted(self.run_tags)), re.IGNORECASE
        )

    def scan_text(self, where: str, text: str, *, structured: bool = False) -> list[Finding]:
        hits = list(self._text_hits(text))
        if structured:
            hits += self._json_hits(text)
        return _findings(where, text, hits)

    def scan_name(self, where: str) -> tuple[str, list[Finding]]:
        """Findings in a file or member name, and the name to print (masked if it holds a value)."""
        hits = list(self._text_hits(where))
        if not hits:
            return where, []
        masked = _mask_spans(where, hits)
        return masked, [Finding(masked, 0, kind, masked) for kind in sorted({hit.kind for hit in hits})]

    def _text_hits(self, text: str) -> Iterator[_Hit]:
        yield from self._secret_hits(text)
        yield from self._phi_hits(text)

    def _secret_hits(self, text: str) -> Iterator[_Hit]:
        if self._known_pattern:
            for match in self._known_pattern.finditer(text):
                yield _Hit(match.start(), match.end(), "known-secret")
        for match in _SECRET_FIELD.finditer(text):
            value = match.group("value")
            if self._is_secret_value(match.group("key"), value, text[match.end() : match.end() + 1]):
                yield _Hit(match.start("value"), match.end("value"), "secret-field")
        for match in _BEARER.finditer(text):
            if not _masked(match.group("value")) and match.group("value") != DEFAULT_TEST_ADMIN_TOKEN:
                yield _Hit(match.start("value"), match.end("value"), "bearer-token")
        for match in _SESSION_COOKIE.finditer(text):
            if not _masked(match.group("value")):
                yield _Hit(match.start("value"), match.end("value"), "session-cookie")

    def _is_secret_value(self, key: str, value: str, after: str) -> bool:
        """Not the mask, not a word like `null`, not code (`token = make(...)` in a traceback), not synthetic."""
        if not _is_secret_key(key, bare_code=False) or _masked(value) or value.lower() in _NOT_VALUES or after == "(":
            return False
        return not self._tagged.search(value.upper())  # a tagged synthetic id

    def _phi_hits(self, text: str) -> Iterator[_Hit]:
        for match in _SSN.finditer(text):
            yield _Hit(match.start("value"), match.end("value"), "ssn")
        for match in _MRN.finditer(text):
            if not self._tagged.search(match.group("value").upper()):
                yield _Hit(match.start("value"), match.end("value"), "mrn")
        for match in _DOB.finditer(text):
            near = text[max(0, match.start() - 200) : match.end() + 200]
            wide = text[max(0, match.start() - 400) : match.end() + 400]
            if _FULL_NAME.search(near) and not self._synthetic.search(wide):
                yield _Hit(match.start("value"), match.end("value"), "dob")

    def _json_hits(self, text: str) -> list[_Hit]:
        """name/value entries, headers and cookies: found in the parsed JSON, located in the text."""
        hits: list[_Hit] = []
        for document in _json_documents(text):
            for kind, value in _secret_entries(document):
                hits += _locate(text, value, kind)
        return hits


def _is_secret_key(key: str, *, bare_code: bool = True) -> bool:
    """masking's rule on whole words: `activationCode`, `one_time_code`, `csrf-token` yes; `typing` no.

    As in masking, `code` alone is secret only as the whole name (`postal_code` is not), and only
    where `bare_code` (a parameter's name: in free text, `"code": ...` is mostly a clinic, LOINC or
    error code); a key ending in `_env` names an environment variable, not a value.
    """
    if key.lower().endswith("_env"):
        return False
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", key)
    words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]
    words = [w[:-1] if w.endswith("s") and w[:-1] in _WORDS else w for w in words]
    if words == ["code"]:
        return bare_code
    names = set(words) | {f"{a}_{b}" for a, b in itertools.pairwise(words)}
    return bool((_WORDS - {"code"}) & names)


def _masked(value: str) -> bool:
    return MASK in value or set(value) <= {"*", "•", "x", "X"}


def _json_documents(text: str) -> Iterator[Any]:
    try:
        yield json.loads(text)
        return
    except ValueError:
        pass
    for line in text.splitlines():  # JSON lines (trace events, network logs, created.jsonl)
        try:
            yield json.loads(line)
        except ValueError:
            continue


def _secret_entries(node: Any, in_cookies: bool = False) -> Iterator[tuple[str, str]]:
    if isinstance(node, list):
        for item in node:
            yield from _secret_entries(item, in_cookies)
        return
    if not isinstance(node, dict):
        return
    name, value = node.get("name"), node.get("value")
    if isinstance(name, str) and isinstance(value, str) and value and not _masked(value):
        if in_cookies:
            if name in SESSION_COOKIES or _is_secret_key(name):
                yield "cookie", value
        elif name.lower() in CREDENTIAL_HEADERS:
            yield "credential-header", value
        elif _is_secret_key(name):
            yield "secret-parameter", value
    for key, item in node.items():
        yield from _secret_entries(item, key == "cookies")


def _locate(text: str, value: str, kind: str) -> list[_Hit]:
    """Where a value parsed out of JSON sits in the raw text (as written, or JSON-escaped)."""
    for form in (value, json.dumps(value)[1:-1]):
        start = text.find(form)
        if start >= 0:
            return [_Hit(start, start + len(form), kind)]
    return [_Hit(0, 0, kind)]


def _findings(where: str, text: str, hits: list[_Hit]) -> list[Finding]:
    """One finding per distinct hit, each excerpt with every value on it masked."""
    unique = sorted({(hit.start, hit.end, hit.kind): hit for hit in hits}.values(), key=lambda h: h.start)
    findings: list[Finding] = []
    for hit in unique:
        inside = any(
            o.start <= hit.start and hit.end <= o.end and (o.start, o.end) != (hit.start, hit.end) for o in unique
        )
        if inside and hit.kind != "known-secret":
            continue  # a shape inside a value already reported (an SSN inside a token)
        line = text.count("\n", 0, hit.start) + 1
        findings.append(Finding(where, line, hit.kind, _excerpt(text, hit, unique)))
    return findings


def _mask_spans(text: str, hits: list[_Hit]) -> str:
    return _excerpt(text, _Hit(0, len(text), ""), hits, context=0)


def _excerpt(text: str, hit: _Hit, hits: list[_Hit], context: int = _EXCERPT_CONTEXT) -> str:
    low, high = max(0, hit.start - context), min(len(text), hit.end + context)
    pieces: list[str] = []
    cursor = low
    for other in hits:
        if other.end <= low or other.start >= high or other.end <= cursor:
            continue
        start = max(other.start, cursor)
        pieces.append(text[cursor:start])
        pieces.append(f"«masked, {other.end - other.start} chars»")
        cursor = other.end
    if cursor < high:
        pieces.append(text[cursor:high])
    return " ".join("".join(pieces).split())


def archive_run_tags(archive: RunArchive) -> set[str]:
    """Tags that mark synthetic data as this suite's: this run's, the runs it names, its siblings'."""
    manifest = archive.read_manifest()
    tags = {str(manifest.get("run_tag") or ""), short_run_tag(archive.run_id)}
    for key in ("baseline", "rerun_of"):
        if manifest.get(key):
            tags.add(short_run_tag(str(manifest[key]).split("-drill")[0]))
    tags |= {short_run_tag(_base_id(run.run_id)) for run in list_runs(archive.path.parent)}
    return {tag for tag in tags if tag}


def _base_id(run_id: str) -> str:
    """`20261127-044442-d4s8-drill-baseline` -> `20261127-044442-d4s8`: the tag is the third part."""
    return "-".join(run_id.split("-")[:3])


def known_secrets_for(archive: RunArchive) -> dict[str, str]:
    """{value: variable}: the secrets the run's profile names by environment variable, when set here."""
    from portal_harness.profiles import resolve_target

    names = {"PORTAL_ADMIN_TOKEN"}
    try:
        profile = resolve_target(str(archive.read_manifest().get("target") or "demo"))
        names |= set(_secret_env_names(profile))
    except HarnessError:
        pass  # a profile that is gone or moved: still scan by shape
    values = {os.environ.get(name, ""): name for name in sorted(names)}
    return {value: name for value, name in values.items() if value and value != DEFAULT_TEST_ADMIN_TOKEN}


def _secret_env_names(node: Any) -> Iterator[str]:
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for item in dataclasses.fields(node):
            value = getattr(node, item.name)
            if item.name.endswith("_env") and isinstance(value, str) and _is_secret_key(item.name[: -len("_env")]):
                yield value
            else:
                yield from _secret_env_names(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _secret_env_names(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _secret_env_names(item)


def scan_archive(archive: RunArchive, scanner: Scanner | None = None) -> ScanReport:
    scanner = scanner or Scanner(archive_run_tags(archive), known_secrets_for(archive))
    report = ScanReport(archive.path)
    for path in sorted(p for p in archive.path.rglob("*") if p.is_file()):
        where, name_findings = scanner.scan_name(path.relative_to(archive.path).as_posix())
        report.files += 1
        report.findings += name_findings
        if path.stat().st_size > MAX_TEXT_BYTES:
            report.not_scanned.append(f"{where} (larger than {MAX_TEXT_BYTES // 2**20} MB)")
            continue
        body = path.read_bytes()
        if zipfile.is_zipfile(path):
            _scan_zip(path, where, scanner, report)
            continue
        text = _as_text(body)
        if text is None:
            report.not_scanned.append(f"{where} (binary)")
            continue
        report.findings += scanner.scan_text(where, text, structured=where.endswith(_JSON_SUFFIXES))
    return report


def _scan_zip(path: Path, where: str, scanner: Scanner, report: ScanReport) -> None:
    try:
        with zipfile.ZipFile(path) as bundle:
            for member in bundle.infolist():
                if member.is_dir():
                    continue
                report.members += 1
                inner, name_findings = scanner.scan_name(f"{where}!{member.filename}")
                report.findings += name_findings
                text = _as_text(bundle.read(member)) if member.file_size <= MAX_TEXT_BYTES else None
                if text is None:
                    report.not_scanned.append(f"{inner} (binary or too large)")
                    continue
                report.findings += scanner.scan_text(inner, text, structured=member.filename.endswith(_JSON_SUFFIXES))
    except (zipfile.BadZipFile, OSError) as error:
        report.not_scanned.append(f"{where} (unreadable zip: {error})")


def _as_text(body: bytes) -> str | None:
    if b"\x00" in body[:8192]:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def scan_command(ref: str) -> int:
    """Print the findings (masked) on stdout; exit 1 if any, 0 if clean."""
    archive = resolve_run(ref)
    if not archive.path.is_dir():
        raise HarnessError(f"The run {ref} is not a folder: give a run id, label or run folder.")
    say(f"scanning {archive.path} for secrets and PHI-like values")
    report = scan_archive(archive)
    for finding in report.findings:
        print(f"FINDING  {finding.describe()}")
    binaries = [item for item in report.not_scanned if item.endswith("(binary)")]
    others = [item for item in report.not_scanned if not item.endswith("(binary)")]
    say(
        f"scanned {report.files} files and {report.members} zip members; "
        f"not scanned: {len(binaries)} binary file(s) (images, portal.sqlite){'; ' if others else ''}"
        + "; ".join(others)
    )
    if report.findings:
        kinds = sorted({finding.kind for finding in report.findings})
        say(f"{len(report.findings)} finding(s) ({', '.join(kinds)}): do not publish {archive.run_id} as it is")
        return EXIT_FAILED
    say(f"{archive.run_id}: clean (no secret-like or PHI-like value found)")
    return EXIT_OK
