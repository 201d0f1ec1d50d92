"""Target profiles: loading, one-sentence refusals, skip reasons, the API guard and the ledger."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal_harness.errors import HarnessError
from portal_harness.portal_api import PortalApi, fetch_version, record_created
from portal_harness.profiles import ReleaseSource, load_profile, resolve_target

MINIMAL = '[target]\nenvironment = "test"\nproduct = "riverbend"\n'


def profile_file(tmp_path: Path, text: str, name: str = "mine") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, text: str, name: str) -> str:
    with pytest.raises(HarnessError) as raised:
        load_profile(profile_file(tmp_path, text, name))
    return str(raised.value)


def test_the_bundled_profile_offers_everything_and_starts_the_bundled_portal() -> None:
    demo = resolve_target("demo")
    assert demo.bundled and demo.environment == "test" and demo.product == "riverbend"
    assert demo.offers == {"admin", "clock", "hl7", "mailbox"} and demo.cleanup == "delete"
    assert demo.release.order == ("2026.1", "2026.2") and demo.codes.source == "sink"


def test_the_example_external_profile_names_credentials_only_by_environment_variable() -> None:
    external = resolve_target("example-external")
    assert not external.bundled and external.base_url and ".invalid" in external.base_url
    assert external.offers == {"admin", "mailbox"} and external.cleanup == "list"
    assert external.release.source == "footer" and external.codes.source == "imap"
    assert external.codes.imap_password_env == "EXAMPLE_IMAP_PASSWORD"
    assert external.accounts["Maria"].password_env == "EXAMPLE_MARIA_PASSWORD"


def test_a_bare_url_is_its_own_profile_with_an_unknown_environment() -> None:
    bare = resolve_target("http://127.0.0.1:9/")
    assert bare.environment == "unknown" and bare.base_url == "http://127.0.0.1:9/" and bare.path is None
    assert bare.expectations_path.name == "demo.toml"


def test_an_unknown_profile_name_lists_the_known_ones() -> None:
    with pytest.raises(HarnessError, match=r"No target profile 'nope'.*known: demo, example-external"):
        resolve_target("nope")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[target]\nenvironment = "test"\nproduct = riverbend\n', r"is not valid TOML \(.*line 3"),
        (MINIMAL + 'colour = "blue"\n', r"\[target\] has no setting 'colour'"),
        (MINIMAL + 'offers = "admin"\n', r"\[target\] offers must be a list of strings"),
        (MINIMAL + 'offers = ["admin", "fax"]\n', r"offers lists 'fax'"),
        ('[target]\nenvironment = "prod"\nproduct = "riverbend"\n', r"environment is 'prod': use one of test, staging"),
        ('[target]\nenvironment = "test"\nproduct = "epic"\n', r"product is 'epic': use one of riverbend"),
        ('[target]\nproduct = "riverbend"\n', r"environment is missing"),
        (MINIMAL + 'base_url = "portal.example.org"\n', r"base_url is 'portal.example.org': give an http\(s\) URL"),
        (MINIMAL + '[target.release]\nsource = "footer"\n', r"\[target.release\] footer_pattern is missing"),
        (MINIMAL + '[target.codes]\nsource = "totp"\n', r"is totp: also name totp_secret_env"),
        (MINIMAL + 'offers = []\ncleanup = "delete"\n', r'cleanup is "delete" but the target offers no admin API'),
        (MINIMAL + "[target.release]\norder = [2026]\n", r"order must be a list of strings"),
    ],
)
def test_a_malformed_profile_is_one_sentence_naming_file_and_key(tmp_path: Path, text: str, says: str) -> None:
    name = f"bad{abs(hash(text))}"
    message = refusal(tmp_path, text, name)
    assert f"{name}.toml" in message
    assert __import__("re").search(says, message), message


def test_a_literal_password_is_refused_naming_the_key(tmp_path: Path) -> None:
    text = MINIMAL + '[target.accounts.Maria]\nusername_env = "MARIA_USER"\npassword = "hunter2"\n'
    message = refusal(tmp_path, text, "leaky")
    assert "'target.accounts.Maria.password' holds a literal secret" in message and "hunter2" not in message
    text = MINIMAL + '[target.accounts.Maria]\nusername_env = "MARIA_USER"\npassword_env = "hunter2!"\n'
    message = refusal(tmp_path, text, "leaky2")
    assert "password_env is" in message and "not an environment variable name" in message
    assert "holds a literal secret" in refusal(tmp_path, MINIMAL + 'admin_token = "abc"\n', "leaky3")


def test_expected_settings_that_merely_mention_passwords_are_fine(tmp_path: Path) -> None:
    profile = load_profile(profile_file(tmp_path, MINIMAL + "[enrollment]\npassword_min_length = 12\n", "fine"))
    assert profile.offers == {"admin", "clock", "hl7", "mailbox"}


def test_offers_may_be_a_table(tmp_path: Path) -> None:
    text = MINIMAL + "[target.offers]\nhl7 = false\nadmin = true\n"
    assert load_profile(profile_file(tmp_path, text, "table")).offers == {"admin"}


def test_the_skip_reason_names_the_need_and_what_the_target_lacks(tmp_path: Path) -> None:
    external = resolve_target("example-external")
    assert external.lacks(["admin", "hl7"]) == ["hl7"]
    assert external.skip_reason(["hl7"]) == "needs hl7: the target example-external offers no HL7 endpoint"
    assert external.skip_reason(["clock", "hl7"]).startswith("needs clock, hl7: the target example-external offers")


def test_release_names_compare_in_the_profiles_order_else_as_numbers() -> None:
    order = ReleaseSource(order=("Spring 2026", "Autumn 2026"))
    assert order.older("Spring 2026", "Autumn 2026") and not order.older("Autumn 2026", "Spring 2026")
    assert ReleaseSource().older("2026.2", "2026.10")


def test_an_api_call_the_target_does_not_offer_is_refused_before_any_request() -> None:
    api = PortalApi("http://127.0.0.1:9", "", offers=frozenset({"admin"}), target_name="example-external")
    with pytest.raises(HarnessError, match=r"offers no controllable clock .*tag the scenario @needs:clock"):
        api.request("POST", "/__test__/clock", {"scope": "x", "advance_seconds": 1})
    with pytest.raises(HarnessError, match=r"@needs:mailbox"):
        api.mailbox("maria@example.test")


def test_the_ledger_records_owned_records_by_identifier_and_never_a_code(tmp_path: Path) -> None:
    ledger = tmp_path / "created.jsonl"
    record_created(ledger, "/api/admin/clinics", {"id": "cln_1", "name": "Eastside", "code": "EC-AB12-K3F9"})
    record_created(ledger, "/api/admin/enrollments", {"account_id": "acc_1", "username": "maria.ab12.k3f9"})
    record_created(ledger, "/api/admin/activation-codes", {"id": "act_1", "code": "SECRETCODE"})
    record_created(ledger, "/api/admin/patients/lookup", {"id": "pat_1", "mrn": "MRN1"})
    lines = [json.loads(line) for line in ledger.read_text().splitlines()]
    assert lines == [
        {"kind": "clinic", "id": "cln_1", "label": "EC-AB12-K3F9"},
        {"kind": "account", "id": "acc_1", "label": "maria.ab12.k3f9"},
    ]


@pytest.fixture
def footer_portal() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<footer><p class='release'>Example Portal \xc2\xb7 Release 2026.1</p></footer>"
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_release_can_be_read_from_the_footer(footer_portal: str) -> None:
    source = resolve_target("example-external").release
    assert fetch_version(footer_portal, source)["release"] == "2026.1"
    with pytest.raises(HarnessError, match=r"does not match the profile's footer_pattern"):
        fetch_version(footer_portal, ReleaseSource(source="footer", footer_pattern=r"Version (\d+)"))


def test_run_refuses_a_bad_profile_with_exit_2_before_any_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from portal_harness.cli import main

    runs = tmp_path / "runs"
    monkeypatch.setenv("PORTAL_HARNESS_RUNS_DIR", str(runs))
    path = profile_file(tmp_path, '[target]\nenvironment = "test"\nproduct = "epic"\n', "epic")
    assert main(["run", "--target", str(path), "--no-report"]) == 2
    err = capsys.readouterr().err
    assert "product is 'epic': use one of riverbend" in err and "Traceback" not in err
    assert not runs.exists()


@pytest.mark.slow
def test_scenarios_whose_needs_the_target_lacks_are_skipped_with_the_reason_never_failed(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    bare = profile_file(tmp_path, MINIMAL.replace("[target]\n", '[target]\nname = "bare"\noffers = []\n'), "bare")
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path / "runs"), "PATH": "/usr/bin:/bin"}
    ids = ["INT-01", "MSG-06", "AUTH-01"]
    command = [sys.executable, "-m", "portal_harness", "run", "--no-report", "--target", str(bare)]
    command += [arg for scenario_id in ids for arg in ("--id", scenario_id)]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    (archive,) = (tmp_path / "runs").iterdir()
    results = {r["id"]: r for r in json.loads((archive / "summary.json").read_text())["results"]}
    assert {r["status"] for r in results.values()} == {"skipped"} and set(results) == set(ids)
    assert results["INT-01"]["message"] == "needs hl7: the target bare offers no HL7 endpoint"
    assert results["MSG-06"]["message"].startswith("needs admin, clock: the target bare offers no admin API and")
    manifest = json.loads((archive / "manifest.json").read_text())
    assert (manifest["profile"], manifest["environment"], manifest["target"]) == ("bare", "test", str(bare))
    # the report shows them too, skipped with the same reason, keyed by their id
    allure = [json.loads(path.read_text()) for path in (archive / "allure-results").glob("*-result.json")]
    reported = {
        next(label["value"] for label in result["labels"] if label["name"] == "scenario_id"): result
        for result in allure
    }
    assert set(reported) == set(ids) and {result["status"] for result in allure} == {"skipped"}
    assert reported["INT-01"]["statusDetails"]["message"] == results["INT-01"]["message"]
