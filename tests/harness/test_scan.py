"""`portal-harness scan`: secrets and PHI-like values in an archive, found and never printed in clear."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_refusals import harness

from portal_harness.masking import MASK, SecretRegistry, mask_bytes
from portal_harness.runs import RunArchive
from portal_harness.scan import Scanner, scan_archive

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_RESULTS = Path(__file__).parent / "fixtures" / "allure-results-small"
RUN_ID = "20261127-080810-c6m1"
PASSPHRASE = "maple juniper violet cedar 24"


def clean_archive(root: Path) -> RunArchive:
    """A copy of a real clean archive (AUTH-01 and ENR-03), with the run tag its MRNs carry."""
    archive = RunArchive(root / RUN_ID)
    shutil.copytree(FIXTURE_RESULTS, archive.allure_results)
    manifest = {"run_id": RUN_ID, "run_tag": "c6m1", "label": "scan", "target": "demo", "environment": "test"}
    archive.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (archive.path / "created.jsonl").write_text(
        '{"kind": "patient", "id": "pat_OHoklM9NFxsq5d9X", "label": "MRN7999629C6M1"}\n', encoding="utf-8"
    )
    (archive.path / "portal.log").write_text(
        "INFO reference_portal.access: POST /sign-in 302\nCaptured mail for maria.gjgl40.c6m1@example.test\n",
        encoding="utf-8",
    )
    return archive


def scan(archive: RunArchive) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "portal_harness", "scan", str(archive.path)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)


def test_a_clean_archive_exits_0(tmp_path: Path) -> None:
    done = scan(clean_archive(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "clean" in done.stderr and done.stdout == ""


def test_a_planted_password_in_a_result_exits_1_and_is_never_printed(tmp_path: Path) -> None:
    archive = clean_archive(tmp_path)
    (result,) = list(archive.allure_results.glob("6bd4*-result.json"))
    document = json.loads(result.read_text(encoding="utf-8"))
    document["steps"][0]["parameters"].append({"name": "password", "value": PASSPHRASE})
    result.write_text(json.dumps(document), encoding="utf-8")
    done = scan(archive)
    assert done.returncode == 1, done.stderr
    assert "secret-parameter" in done.stdout and result.name in done.stdout
    assert "maple" not in done.stdout + done.stderr and "«masked, 29 chars»" in done.stdout


def test_an_unusable_run_exits_2_in_one_sentence(tmp_path: Path) -> None:
    done = harness(tmp_path, "scan", str(tmp_path / "no-such-run"))
    assert done.returncode == 2 and "Traceback" not in done.stderr and "No run" in done.stderr


def test_every_place_is_looked_at_traces_logs_and_names(tmp_path: Path) -> None:
    archive = clean_archive(tmp_path)
    trace = archive.path / "evidence" / "AUTH-01" / "trace-1.zip"
    trace.parent.mkdir(parents=True)
    with zipfile.ZipFile(trace, "w") as bundle:
        bundle.writestr("resources/abc.dat", "csrf_token=******&username=maria.c6m1&password=maple+juniper+violet")
        bundle.writestr(
            "trace.network",
            json.dumps({"request": {"headers": [{"name": "Authorization", "value": "Bearer abcdef123456789"}]}}),
        )
        bundle.writestr("resources/page.png", b"\x89PNG\x00\x00binary")
    (archive.path / "portal.log").write_text("patient SSN 123-45-6789 and MRN 12345678\n", encoding="utf-8")
    (archive.allure_results / "otp=482913-attachment.txt").write_text("nothing", encoding="utf-8")
    report = scan_archive(archive)
    found = {(f.where, f.kind) for f in report.findings}
    assert ("evidence/AUTH-01/trace-1.zip!resources/abc.dat", "secret-field") in found
    assert ("evidence/AUTH-01/trace-1.zip!trace.network", "credential-header") in found
    assert ("portal.log", "ssn") in found and ("portal.log", "mrn") in found
    assert ("allure-results/otp=«masked, 21 chars»", "secret-field") in found  # the name itself is masked
    assert any("page.png" in item for item in report.not_scanned)
    text = "\n".join(f.describe() for f in report.findings)
    for clear in ("juniper", "abcdef123456789", "123-45-6789", "12345678", "482913"):
        assert clear not in text


@pytest.mark.parametrize(
    "text",
    [
        "Captured mail for maria.gjgl40.c6m1@example.test",
        '{"label": "MRN7999629C6M1"}',  # synthetic: ends with the run tag
        '{"label": "MRN2466500C6M1R2"}',  # the retry attempt's tag
        "one_time_code=******&csrf_token=******",
        "token = _async_local_storage.set(self)",  # code in a traceback, not a value
        "postal_code='98101', 'code': 'EC-W525'",  # not secret names
        '"admin_token_env": "PORTAL_ADMIN_TOKEN"',  # names a variable
        "Authorization: Bearer test-admin-token",  # the bundled portal's documented test token
        "born 2026-11-27 in a sentence about Maria Lopez for maria.ab12cd.c6m1@example.test",
    ],
)
def test_what_is_not_a_finding(text: str) -> None:
    assert Scanner(run_tags={"c6m1"}).scan_text("x.txt", text, structured=True) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Date of birth: 1984-03-09, Maria Lopez", "dob"),
        ('{"name": "activation_code", "value": "K7PQ-M2XR-9TZA"}', "secret-parameter"),
        ('{"cookies": [{"name": "portal_session", "value": "s3ss10nt0k3nvalue"}]}', "cookie"),
        ("Set-Cookie: portal_session=s3ss10nt0k3nvalue; HttpOnly", "session-cookie"),
        ("MRN 00123456", "mrn"),
        ("curl -H 'Authorization: Bearer abcdef123456789'", "bearer-token"),
    ],
)
def test_what_is_a_finding(text: str, kind: str) -> None:
    kinds = {f.kind for f in Scanner(run_tags={"c6m1"}).scan_text("x.txt", text, structured=True)}
    assert kind in kinds


def test_a_secret_known_by_value_is_found_wherever_it_is() -> None:
    scanner = Scanner(known_secrets={"Sup3r-Adm1n-T0ken": "PORTAL_ADMIN_TOKEN"})
    (finding,) = scanner.scan_text("portal.log", "curl -H 'X-Admin: Sup3r-Adm1n-T0ken' /api")
    assert finding.kind == "known-secret" and "Sup3r" not in finding.excerpt


def test_masking_catches_a_passphrase_as_a_form_post_carries_it() -> None:
    """What scan found in a real trace: the POST body had the passphrase URL-encoded, in clear."""
    registry = SecretRegistry()
    registry.register(PASSPHRASE)
    body = b"csrf_token=x&username=maria&password=maple+juniper+violet+cedar+24"
    assert mask_bytes(body, registry) == f"csrf_token=x&username=maria&password={MASK}".encode()
    assert MASK in registry.mask_text("q=maple%20juniper%20violet%20cedar%2024")


@pytest.mark.slow
def test_no_secret_like_parameter_appears_in_clear_in_any_result_json(tmp_path: Path) -> None:
    """Scenarios that type passwords, activation codes and one-time codes, then a scan of their results."""
    command = [sys.executable, "-m", "portal_harness", "run", "--no-report", "--label", "secrets"]
    for scenario_id in ("AUTH-01", "ENR-01", "ENR-05"):
        command += ["--id", scenario_id]
    env = {"PORTAL_HARNESS_RUNS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    (folder,) = tmp_path.iterdir()
    archive = RunArchive(folder)
    results = list(archive.allure_results.glob("*-result.json"))
    parameters = [p for r in results for p in _parameters(json.loads(r.read_text(encoding="utf-8")))]
    assert len(results) >= 3 and parameters, "nothing to look at: the check could not fail"
    findings = [f for f in scan_archive(archive).findings if f.where.endswith("-result.json")]
    assert findings == [], "\n".join(f.describe() for f in findings)


def _parameters(node: object) -> list[dict[str, str]]:
    if isinstance(node, dict):
        own = [p for p in node.get("parameters") or [] if isinstance(p, dict)]
        return own + [p for value in node.values() for p in _parameters(value)]
    if isinstance(node, list):
        return [p for item in node for p in _parameters(item)]
    return []
