"""The preflight: a target that is down, a refused admin token, an unset account variable, a
missing Allure CLI or browser is one sentence and exit 2 before any scenario (and, for an
external target, before any archive), never a timeout per scenario. A portal that answers 500,
or never, is in test_bad_inputs.py."""

import subprocess
from pathlib import Path

import pytest
from cli_refusals import harness, no_archive, refused
from tiny_servers import answering, closed_port

from portal_harness.errors import HarnessError
from portal_harness.preflight import (
    TargetNaming,
    check_admin_api,
    check_allure,
    check_browser,
    check_credentials,
    check_target,
)
from portal_harness.profiles import load_profile, resolve_target


def run_harness(
    tmp_path: Path, *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return harness(tmp_path, "run", *args, extra_env=extra_env)


def test_a_refused_connection_names_the_url_as_given_and_exits_2(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    done = run_harness(tmp_path, "--target", url, "--environment", "test")
    refused(done, f"The target {url} did not answer", "connection refused", "--target")
    assert no_archive(tmp_path)


def test_the_done_when_command_without_environment_also_names_the_url(tmp_path: Path) -> None:
    done = run_harness(tmp_path, "--target", "http://127.0.0.1:9")
    refused(done, "The target http://127.0.0.1:9 did not answer")


def test_an_unresolvable_host_is_named_as_given(tmp_path: Path) -> None:
    url = "http://portal-test.example-health.invalid/portal/"
    done = run_harness(tmp_path, "--target", url, "--environment", "test")
    refused(done, f"The target {url} did not answer", "does not resolve")


def test_a_profiles_unreachable_base_url_names_the_profile_as_given_and_the_setting(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    profile = tmp_path / "down.toml"
    profile.write_text(f'[target]\nenvironment = "test"\nproduct = "riverbend"\nbase_url = "{url}"\n')
    done = run_harness(tmp_path, "--target", str(profile))
    refused(done, f"The target {profile} ({url}) did not answer", f"base_url in {profile}")


def test_preflight_reports_each_phase_ok(capsys: pytest.CaptureFixture[str]) -> None:
    with answering(200, admin_status=404) as url:
        profile = resolve_target(url)
        naming = TargetNaming.of(url, profile, url)
        check_target(naming)
        check_admin_api(naming, profile, "token")
    err = capsys.readouterr().err
    assert f"preflight: target {url} ok (HTTP 200" in err and "preflight: admin API ok" in err


def test_a_refused_admin_token_names_the_variable_to_export() -> None:
    with answering(200, admin_status=401) as url:
        profile = resolve_target(url)
        with pytest.raises(HarnessError, match=r"refused the token \(HTTP 401\): export .* in PORTAL_ADMIN_TOKEN"):
            check_admin_api(TargetNaming.of(url, profile, url), profile, "wrong")


def test_a_broken_admin_api_is_refused_unless_the_profile_does_not_offer_it(tmp_path: Path) -> None:
    with answering(200, admin_status=500) as url:
        profile = resolve_target(url)
        with pytest.raises(HarnessError, match=r"admin API of the target .* answered HTTP 500"):
            check_admin_api(TargetNaming.of(url, profile, url), profile, "token")
        path = tmp_path / "noadmin.toml"
        path.write_text(
            f'[target]\nenvironment = "test"\nproduct = "riverbend"\nbase_url = "{url}"\n'
            'offers = ["mailbox"]\ncleanup = "list"\n'
        )
        no_admin = load_profile(path)
        check_admin_api(TargetNaming.of(str(path), no_admin, url), no_admin, "token")  # not asked


def test_an_unset_account_variable_is_named_with_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(
        '[target]\nenvironment = "test"\nproduct = "riverbend"\nbase_url = "https://portal.invalid"\n'
        '[target.accounts.Maria]\nusername_env = "PF_MARIA_USER"\npassword_env = "PF_MARIA_PASSWORD"\n'
    )
    monkeypatch.setenv("PF_MARIA_USER", "maria.synthetic")
    monkeypatch.delenv("PF_MARIA_PASSWORD", raising=False)
    with pytest.raises(HarnessError, match=r"PF_MARIA_PASSWORD is not set: .*\[target.accounts.Maria\] password_env"):
        check_credentials(load_profile(path))
    monkeypatch.setenv("PF_MARIA_PASSWORD", "s3cret-value")
    check_credentials(load_profile(path))


def test_a_missing_allure_cli_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("portal_harness.report.project_root", lambda: tmp_path)
    with pytest.raises(HarnessError, match=r"Allure CLI is not installed .*make allure"):
        check_allure()


def test_an_unreachable_browser_endpoint_is_one_sentence() -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(HarnessError, match=rf"Could not connect to the browser endpoint {endpoint}"):
        check_browser(endpoint, "cdp", headed=False)
