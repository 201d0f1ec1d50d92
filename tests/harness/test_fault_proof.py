"""The fault proof's verdicts: a fault counts as caught only when every scenario it names failed on a check."""

from types import SimpleNamespace

import reference_portal.faults as catalogue
from portal_harness import fault_proof
from portal_harness.fault_proof import FaultVerdict, fault_table
from portal_harness.runner import RunRequest
from portal_harness.scan_archive import SCAN_KINDS
from reference_portal.faults import Fault, list_faults


def verdict(**outcomes: str) -> FaultVerdict:
    found = FaultVerdict("routing-rule-ignored", "MSG", "Routing rules are ignored.", list(outcomes), False)
    found.outcomes = dict(outcomes)
    return found


def test_caught_only_when_every_named_scenario_failed_on_a_check_or_a_product_error() -> None:
    assert verdict(**{"MSG-01": "failed (assertion)", "MSG-02": "failed (product)"}).caught
    assert not verdict(**{"MSG-01": "failed (assertion)", "MSG-02": "passed"}).caught
    assert not verdict(**{"MSG-01": "failed (test-defect)"}).caught  # a broken step is no proof
    assert not verdict(**{"MSG-01": "failed (infrastructure)"}).caught
    assert not verdict(**{"MSG-01": "not run"}).caught
    assert not verdict().caught  # nothing ran: nothing was proved


def test_the_table_names_each_fault_its_scenarios_and_what_happened() -> None:
    table = fault_table([verdict(**{"MSG-01": "failed (assertion)"}), verdict(**{"MSG-10": "skipped"})])
    lines = table.splitlines()
    assert lines[0].startswith("| Fault | Area | Kind |")
    assert "| `routing-rule-ignored` | MSG | behaviour | Routing rules are ignored. | MSG-01 | caught |" in lines
    assert "**not caught**: MSG-10 skipped" in lines[3]


def test_each_fault_is_proved_with_the_page_scans_it_names(monkeypatch, tmp_path) -> None:
    """The runs prove-faults starts carry the fault's scans; the clean upgrade runs every scan its faults need."""

    def fault(name: str, *, scans: tuple[str, ...] = (), on_upgrade: bool = False) -> Fault:
        return Fault(
            name=name,
            area="RES",
            description=name,
            caught_by=("RES-01",),
            apply=lambda portal: None,
            scans=scans,
            on_upgrade=on_upgrade,
        )

    monkeypatch.setattr(
        catalogue,
        "list_faults",
        lambda: (
            fault("slow-list", scans=("speed",)),
            fault("plain"),
            fault("slow-after-upgrade", scans=("speed",), on_upgrade=True),
            fault("lost-after-upgrade", on_upgrade=True),
        ),
    )
    started: dict[str, RunRequest] = {}

    def run_quietly(request: RunRequest, ids: list[str], label: str, runs_root) -> tuple[str, dict]:
        started[label] = request
        status = "passed" if label in ("proof-baseline", "proof-clean-upgrade") else "failed"
        return label, {i: SimpleNamespace(status=status, error_kind="assertion") for i in ids}

    monkeypatch.setattr(fault_proof, "_run_quietly", run_quietly)
    assert fault_proof.prove_faults(output=tmp_path) == 0
    assert {label: request.scans for label, request in started.items()} == {
        "proof-slow-list": ("speed",),
        "proof-plain": (),
        "proof-baseline": (),
        "proof-clean-upgrade": ("speed",),
        "proof-slow-after-upgrade": ("speed",),
        "proof-lost-after-upgrade": (),
    }
    assert started["proof-slow-list"].faults == ("slow-list",) and started["proof-slow-list"].baseline is None
    assert started["proof-slow-after-upgrade"].release == "2026.2" and started["proof-slow-after-upgrade"].baseline
    table = (tmp_path / "fault-proof.md").read_text(encoding="utf-8")
    assert "| `slow-list` | RES | behaviour | slow-list | RES-01 with `--scan speed` | caught |" in table


def test_every_scan_a_fault_names_is_one_the_harness_runs() -> None:
    assert {scan for fault in list_faults() for scan in fault.scans} <= set(SCAN_KINDS)
    assert any(fault.scans for fault in list_faults())
