"""Upgrade continuity records: what a UPG scenario's before half keeps for the after half."""

import json

import pytest

from portal_harness.continuity import CONTINUITY_FILE, ContinuityError, record, recorded


def test_records_are_kept_per_scenario_id_and_read_back(tmp_path) -> None:
    record(tmp_path, "UPG-01", {"username": "maria.abcd12.x1y2"})
    record(tmp_path, "UPG-02", {"messages": ["Qué tal, 2,000 caracteres…"]})
    record(tmp_path, "UPG-01", {"username": "maria.efgh34.x1y2"})  # a rerun replaces its own record
    assert recorded(tmp_path, "UPG-01") == {"username": "maria.efgh34.x1y2"}
    assert recorded(tmp_path, "UPG-02") == {"messages": ["Qué tal, 2,000 caracteres…"]}
    assert "Qué" in (tmp_path / CONTINUITY_FILE).read_text(encoding="utf-8")  # readable, not escaped
    assert sorted(json.loads((tmp_path / CONTINUITY_FILE).read_text(encoding="utf-8"))) == ["UPG-01", "UPG-02"]


def test_a_baseline_without_the_scenario_or_without_records_says_what_to_do(tmp_path) -> None:
    with pytest.raises(ContinuityError, match="run the UPG scenarios on the old release first"):
        recorded(tmp_path, "UPG-01")
    record(tmp_path, "UPG-02", {})
    with pytest.raises(ContinuityError, match="recorded nothing for UPG-01"):
        recorded(tmp_path, "UPG-01")
