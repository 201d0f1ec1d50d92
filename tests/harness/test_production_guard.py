"""The production guard: against a production profile, or a bare URL nobody called a test portal,
only @readonly scenarios with pre-provisioned accounts may run; anything else is refused before
any scenario, naming the target. No scenario of the bundled suite is read-only (each builds its
own people through the admin API), so acceptance is shown with the guard's own functions."""

import subprocess
import sys
from pathlib import Path

import pytest
from tiny_servers import answering

from portal_harness.errors import HarnessError
from portal_harness.portal_api import PortalApi
from portal_harness.production_guard import (
    check_run_allowed,
    check_selection,
    check_selection_before_run,
    is_guarded,
    with_environment,
)
from portal_harness.profiles import TargetProfile, load_profile, resolve_target

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = '[target.accounts.Maria]\nusername_env = "PROD_MARIA_USER"\npassword_env = "PROD_MARIA_PASSWORD"\n'


def production_profile(
    tmp_path: Path, base_url: str = "https://portal.example-health.invalid", accounts: str = ACCOUNTS
) -> Path:
    path = tmp_path / ("prod.toml" if accounts else "prodnoaccounts.toml")  # profiles are cached by path
    path.write_text(
        f'[target]\nenvironment = "production"\nproduct = "riverbend"\nbase_url = "{base_url}"\n'
        f'offers = ["mailbox"]\ncleanup = "list"\n{accounts}'
    )
    return path


def test_which_targets_are_guarded(tmp_path: Path) -> None:
    assert not is_guarded(resolve_target("demo"))
    assert is_guarded(resolve_target("https://portal.example.org"))  # a bare URL: unknown
    assert not is_guarded(with_environment(resolve_target("https://portal.example.org"), "test"))
    assert not is_guarded(with_environment(resolve_target("https://portal.example.org"), "staging"))
    assert is_guarded(with_environment(resolve_target("https://portal.example.org"), "production"))
    assert is_guarded(load_profile(production_profile(tmp_path)))


def test_environment_cannot_contradict_a_profile(tmp_path: Path) -> None:
    with pytest.raises(HarnessError, match=r"--environment test contradicts the target .*environment = 'production'"):
        with_environment(load_profile(production_profile(tmp_path)), "test")
    with pytest.raises(HarnessError, match="contradicts the target demo"):
        with_environment(resolve_target("demo"), "production")
    assert with_environment(resolve_target("demo"), "test").environment == "test"


def test_the_bundled_portal_is_always_test(tmp_path: Path) -> None:
    path = tmp_path / "bundledprod.toml"
    path.write_text('[target]\nenvironment = "production"\nproduct = "riverbend"\n')
    with pytest.raises(HarnessError, match=r'environment is "production" but there is no base_url.*always "test"'):
        load_profile(path)


def test_a_guarded_target_without_accounts_can_run_nothing(tmp_path: Path) -> None:
    url = "https://portal.example.org"
    with pytest.raises(HarnessError, match=rf"^The target {url} is a bare URL, .*--environment test"):
        check_run_allowed(resolve_target(url), url)
    bare = production_profile(tmp_path, accounts="")
    with pytest.raises(HarnessError, match=r"is a production portal .*names none; name them under \[target.accounts"):
        check_run_allowed(load_profile(bare), str(bare))
    check_run_allowed(load_profile(production_profile(tmp_path)), "prod")  # accounts declared: allowed


def test_only_readonly_scenarios_are_accepted_on_production(tmp_path: Path) -> None:
    profile = load_profile(production_profile(tmp_path))
    check_selection(profile, "prod", [("MKT-09", True), ("AUTH-09", True)])  # accepted
    selected = [("AUTH-01", False), ("MKT-09", True)] + [(f"MSG-{n:02d}", False) for n in range(1, 7)]
    with pytest.raises(HarnessError) as refused:
        check_selection(profile, "prod", selected)
    message = str(refused.value)
    assert message.startswith("The target prod is a production portal")
    assert "7 selected scenario(s) are not (AUTH-01, MSG-01, MSG-02, MSG-03, MSG-04 and 2 more)" in message
    assert "MKT-09" not in message
    check_selection(resolve_target("demo"), "demo", selected)  # a test portal runs anything


def test_a_guarded_api_client_refuses_every_write_before_sending() -> None:
    profile: TargetProfile = resolve_target("https://portal.example.org")
    api = PortalApi("http://127.0.0.1:9", "token", target_name=profile.name, read_only=is_guarded(profile))
    with pytest.raises(HarnessError, match=r"guarded as production: .*may not write \(POST /api/admin/clinics\)"):
        api.create_clinic("Riverbend", "America/Denver")


def test_the_plugin_refuses_the_bundled_suite_on_production_at_collection(tmp_path: Path) -> None:
    prod = production_profile(tmp_path)
    with pytest.raises(HarnessError, match=rf"^The target {prod} is a production portal.*\(AUTH-01\)"):
        check_selection_before_run(str(prod), None, ["--id", "AUTH-01"])
    with pytest.raises(HarnessError, match=r"^The target https://portal.example.org is a bare URL"):
        check_selection_before_run("https://portal.example.org", None, ["-m", "smoke"])
    check_selection_before_run("https://portal.example.org", "test", ["-m", "smoke"])  # a test portal: accepted


def test_a_run_against_production_is_refused_before_any_scenario_or_archive(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    env = {
        "PORTAL_HARNESS_RUNS_DIR": str(runs),
        "PATH": "/usr/bin:/bin",
        "PROD_MARIA_USER": "maria.synthetic",
        "PROD_MARIA_PASSWORD": "not-a-real-password",
    }
    with answering(200) as url:
        prod = production_profile(tmp_path, base_url=url)
        for target in (str(prod), url):
            command = [sys.executable, "-m", "portal_harness", "run", "--target", target, "--id", "AUTH-01"]
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
            assert done.returncode == 2, done.stderr[-2000:]
            assert f"portal-harness: The target {target} is a " in done.stderr and "Traceback" not in done.stderr
            assert "not-a-real-password" not in done.stderr
    assert not runs.exists() or not any(runs.iterdir())
