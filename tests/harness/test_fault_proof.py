"""The fault proof's verdicts: a fault counts as caught only when every scenario it names failed on a check."""

from portal_harness.fault_proof import FaultVerdict, fault_table


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
    assert lines[0].startswith("| Fault | Area |")
    assert "| `routing-rule-ignored` | MSG | Routing rules are ignored. | MSG-01 | caught |" in lines
    assert "**not caught**: MSG-10 skipped" in lines[3]
