"""Evidence per failure: folder names, masked traces, browser errors, and the summary's record."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from portal_harness.evidence import (
    BrowserErrors,
    evidence_folder_name,
    evidence_record,
    mask_trace_zip,
)
from portal_harness.masking import MASK, SecretRegistry
from portal_harness.trace_modes import tracing_wanted

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[2]


def test_folder_names_carry_id_example_and_attempt_only() -> None:
    assert evidence_folder_name("ENR-03") == "ENR-03"
    assert evidence_folder_name("MSG-04", 2) == "MSG-04-2"
    assert evidence_folder_name("ENR-03", None, 2) == "ENR-03-attempt-2"
    assert evidence_folder_name("MSG-04", 1, 2) == "MSG-04-1-attempt-2"


def test_browser_errors_keep_console_errors_page_errors_and_4xx_5xx_without_query() -> None:
    errors = BrowserErrors()
    errors.on_console(SimpleNamespace(type="log", text="hello"))  # type: ignore[arg-type]
    errors.on_console(SimpleNamespace(type="error", text="Failed to load resource"))  # type: ignore[arg-type]
    errors.on_web_error(SimpleNamespace(error=ValueError("x is undefined")))  # type: ignore[arg-type]
    for status, url in ((200, "http://p/ok"), (302, "http://p/moved"), (404, "http://p/missing?token=abcd1234")):
        response = SimpleNamespace(status=status, url=url, request=SimpleNamespace(method="GET"))
        errors.on_response(response)  # type: ignore[arg-type]
    errors.on_response(SimpleNamespace(status=500, url="http://p/", request=SimpleNamespace(method="POST")))  # type: ignore[arg-type]
    assert errors.console == ["Failed to load resource", "uncaught: x is undefined"]
    assert errors.http == ["404 GET /missing", "500 POST /"]


def test_error_lists_are_capped() -> None:
    errors = BrowserErrors()
    for _ in range(500):
        errors.on_console(SimpleNamespace(type="error", text="again"))  # type: ignore[arg-type]
    assert len(errors.console) == 50


def _trace_zip(path: Path, secret: str) -> None:
    network = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "url": "http://p/activate",
                "cookies": [{"name": "session", "value": "s3ss10n-value"}],
                "headers": [{"name": "Cookie", "value": "session=s3ss10n-value"}, {"name": "Accept", "value": "*/*"}],
                "postData": {"params": [{"name": "password", "value": "Unregistered-Pa55"}]},
            },
            "response": {"headers": [{"name": "Set-Cookie", "value": "flow=abc; HttpOnly"}]},
        },
    }
    with zipfile.ZipFile(path, "w") as trace:
        trace.writestr("trace.trace", json.dumps({"method": "fill", "params": {"value": secret}}) + "\n")
        trace.writestr("trace.network", json.dumps(network) + "\n")
        trace.writestr("resources/page.html", f"<p>Your code is {secret}</p>")
        trace.writestr("resources/image.png", b"\x89PNG\r\n\x1a\n\xff\xfe" + secret.encode())


def test_a_trace_is_rewritten_with_secrets_cookies_and_credentials_masked(tmp_path: Path) -> None:
    registry = SecretRegistry()
    secret = registry.register("K7QM-2XPA-91ZT")
    assert secret
    raw, masked = tmp_path / "raw.zip", tmp_path / "trace-1.zip"
    _trace_zip(raw, secret)
    mask_trace_zip(raw, masked, registry)
    with zipfile.ZipFile(masked) as trace:
        names = trace.namelist()
        texts = {name: trace.read(name) for name in names}
    assert names == ["trace.trace", "trace.network", "resources/page.html", "resources/image.png"]
    assert secret.encode() not in texts["trace.trace"] + texts["trace.network"] + texts["resources/page.html"]
    assert MASK.encode() in texts["trace.trace"] and MASK.encode() in texts["resources/page.html"]
    network = json.loads(texts["trace.network"])["snapshot"]
    assert network["request"]["cookies"][0]["value"] == MASK
    assert network["request"]["headers"] == [{"name": "Cookie", "value": MASK}, {"name": "Accept", "value": "*/*"}]
    assert network["request"]["postData"]["params"][0]["value"] == MASK  # secret by its name
    assert network["response"]["headers"][0]["value"] == MASK
    # binary members are copied as they are (a PNG is not text)
    assert texts["resources/image.png"].startswith(b"\x89PNG")
    assert not list(tmp_path.glob("*.tmp"))


def test_the_evidence_record_has_archive_relative_paths(tmp_path: Path) -> None:
    folder = tmp_path / "evidence" / "ENR-03"
    errors = BrowserErrors(console=["boom"], http=["404 GET /x"])
    record = evidence_record([folder / "screen-1.png"], [folder / "trace-1.zip"], errors, tmp_path)
    assert record == {
        "screenshot": "evidence/ENR-03/screen-1.png",
        "trace": "evidence/ENR-03/trace-1.zip",
        "console_errors": ["boom"],
        "http_errors": ["404 GET /x"],
    }
    two = evidence_record([folder / "screen-1.png", folder / "screen-2.png"], [], BrowserErrors(), tmp_path)
    assert two["screenshots"] == ["evidence/ENR-03/screen-1.png", "evidence/ENR-03/screen-2.png"]
    assert two["trace"] is None


def test_fixture_teardown_evidence_reaches_the_summary_of_the_failed_row_only(pytester: pytest.Pytester) -> None:
    """The order the harness relies on: fixture teardown runs before the teardown report is made."""
    pytester.makeconftest(
        """
        import pytest
        from portal_harness.evidence import EVIDENCE_KEY
        from portal_harness.plugin import scenario_failed

        pytest_plugins = ["portal_harness.plugin"]

        @pytest.fixture
        def watched(request):
            yield
            request.node.stash[EVIDENCE_KEY] = {"failed_at_teardown": scenario_failed(request.node)}
        """
    )
    pytester.makeini("[pytest]\nmarkers =\n    id(value): scenario id\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.id("EVD-01")
        def test_fails(watched):
            assert False

        @pytest.mark.id("EVD-02")
        def test_passes(watched):
            pass
        """
    )
    run_dir = pytester.path / "run"
    (run_dir / "allure-results").mkdir(parents=True)
    pytester.runpytest_inprocess("--run-dir", str(run_dir), "-p", "no:cacheprovider").assert_outcomes(
        passed=1, failed=1
    )
    rows = {row["id"]: row for row in json.loads((run_dir / "summary.json").read_text())["results"]}
    assert rows["EVD-01"]["evidence"] == {"failed_at_teardown": True}
    assert "evidence" not in rows["EVD-02"]


@pytest.mark.slow
def test_a_failing_scenario_leaves_masked_evidence_in_the_archive(tmp_path: Path) -> None:
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "portal_harness", "run", "--no-report", "--id", "ENR-03"]
    command += ["--faults", "activation-code-reusable", "--seed", "11"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    (archive,) = tmp_path.iterdir()
    (row,) = json.loads((archive / "summary.json").read_text())["results"]
    evidence = row["evidence"]
    # it failed twice: the latest attempt's evidence speaks for the row, the first attempt's is kept beside it
    assert evidence["screenshot"] == "evidence/ENR-03-attempt-2/screen-1.png"
    assert evidence["trace"] == "evidence/ENR-03-attempt-2/trace-1.zip"
    # the default trace mode is `retry`: the first attempt keeps its screen, only the retry is traced
    assert (archive / "evidence/ENR-03/screen-1.png").exists()
    assert not list((archive / "evidence/ENR-03").glob("trace-*.zip"))
    assert json.loads((archive / "manifest.json").read_text())["trace"] == "retry"
    assert (archive / evidence["screenshot"]).read_bytes().startswith(b"\x89PNG")
    with zipfile.ZipFile(archive / evidence["trace"]) as trace:
        assert "trace.trace" in trace.namelist() and "trace.network" in trace.namelist()
        recorded = trace.read("trace.trace").decode()
    # the activation code typed into the form is in the trace only as the mask
    assert (
        '"method":"fill","params":{"selector":"internal:label=\\"Activation code\\"i","strict":true,"value":"******"'
        in (recorded)
    )
    results = archive / "allure-results"
    zips = [p for p in results.glob("*-attachment.zip")]
    assert zips, "the trace is not attached to Allure"
    documents = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    attachments = [a for d in documents for a in d.get("attachments", [])]
    assert any(a["type"] == "application/zip" and a["name"].startswith("Playwright trace") for a in attachments)


class _BrokenTraceContext:
    """A context whose trace is not a zip: what a browser dying mid-write leaves."""

    def __init__(self) -> None:
        self.tracing = self

    def on(self, event: str, handler: object) -> None:
        pass

    def start(self, **options: object) -> None:
        pass

    def stop(self, path: Path | None = None) -> None:
        if path is not None:
            path.write_bytes(b"not a zip")


def test_a_token_the_harness_never_saw_is_masked_by_its_field_name(tmp_path: Path) -> None:
    token = "IjQ1ZjRmZTk4YjQ2MDk0.aBcDeF"
    snapshot = ["INPUT", {"type": "hidden", "name": "csrf_token", "value": token, "__playwright_value_": token}]
    visible = ["INPUT", {"type": "text", "name": "email", "value": "ada.wong.x1@example.org"}]
    raw, masked = tmp_path / "raw.zip", tmp_path / "trace-1.zip"
    with zipfile.ZipFile(raw, "w") as trace:
        trace.writestr("trace.trace", json.dumps({"type": "frame-snapshot", "html": [snapshot, visible]}) + "\n")
        trace.writestr("resources/post.dat", f"csrf_token={token}&email=ada.wong.x1%40example.org&pin=on")
    mask_trace_zip(raw, masked, SecretRegistry())
    with zipfile.ZipFile(masked) as trace:
        recorded = trace.read("trace.trace").decode() + trace.read("resources/post.dat").decode()
    assert token not in recorded
    assert recorded.count(MASK) == 3  # the hidden input's value, its live value and the form body's field
    assert "ada.wong.x1@example.org" in recorded and "pin=on" in recorded  # not secret, or too short to be one


@pytest.mark.parametrize(
    ("mode", "attempt", "traced"),
    [("retry", 1, False), ("retry", 2, True), ("on", 1, True), ("on", 2, True), ("off", 1, False), ("off", 2, False)],
)
def test_the_trace_mode_says_which_attempts_are_traced(mode: str, attempt: int, traced: bool) -> None:
    assert tracing_wanted(mode, attempt) is traced


class _RecordingContext(_BrokenTraceContext):
    def __init__(self) -> None:
        super().__init__()
        self.started = False

    def start(self, **options: object) -> None:
        self.started = True


@pytest.mark.parametrize("tracing", [True, False])
def test_a_context_is_traced_only_when_the_mode_asks_but_always_watched(tracing: bool) -> None:
    from portal_harness.evidence import EvidenceRecorder

    context = _RecordingContext()
    recorder = EvidenceRecorder(tracing=tracing)
    recorder.watch(context)  # type: ignore[arg-type]
    assert context.started is tracing


def test_a_broken_trace_is_dropped_never_kept_unmasked(tmp_path: Path) -> None:
    from portal_harness.evidence import EvidenceRecorder

    recorder = EvidenceRecorder()
    recorder.watch(_BrokenTraceContext())  # type: ignore[arg-type]
    recorder.keep_screenshots([b"\x89PNG-1"])
    folder = tmp_path / "evidence" / "ENR-03"
    record, traces = recorder.save(folder, tmp_path)
    assert traces == [] and record["trace"] is None
    assert sorted(p.name for p in folder.iterdir()) == ["screen-1.png"]
