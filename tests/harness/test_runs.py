import re
from datetime import UTC, datetime

import pytest

from portal_harness.errors import HarnessError
from portal_harness.runner import mask_endpoint
from portal_harness.runs import RunArchive, latest_run, list_runs, new_run_id, resolve_run, short_run_tag


def test_run_ids_sort_by_time_and_carry_a_short_tag() -> None:
    early = new_run_id(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    late = new_run_id(datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC))
    assert re.fullmatch(r"20260102-030405-[a-z0-9]{4}", early)
    assert early < late
    assert short_run_tag(early) == early[-4:]


def test_archive_layout_and_manifest_updates(tmp_path) -> None:
    archive = RunArchive.create("20260101-000000-abcd", root=tmp_path)
    assert archive.allure_results.is_dir()
    archive.update_manifest(run_id=archive.run_id, label="before")
    archive.update_manifest(browser={"name": "chromium", "version": "156"})
    assert archive.read_manifest() == {
        "run_id": archive.run_id,
        "label": "before",
        "browser": {"name": "chromium", "version": "156"},
    }
    assert archive.read_summary() is None


def test_runs_are_found_by_id_prefix_path_or_as_latest(tmp_path) -> None:
    first = RunArchive.create("20260101-000000-aaaa", root=tmp_path)
    second = RunArchive.create("20260102-000000-bbbb", root=tmp_path)
    for archive in (first, second):
        archive.update_manifest(run_id=archive.run_id)
    assert [r.run_id for r in list_runs(tmp_path)] == [first.run_id, second.run_id]
    assert latest_run(tmp_path) == second
    assert resolve_run("20260101", tmp_path) == first
    assert resolve_run(str(second.path), tmp_path).run_id == second.run_id
    with pytest.raises(HarnessError, match="ambiguous"):
        resolve_run("2026010", tmp_path)
    with pytest.raises(HarnessError, match="No run 'nope'"):
        resolve_run("nope", tmp_path)


def test_no_runs_yet_is_a_sentence_not_a_traceback(tmp_path) -> None:
    with pytest.raises(HarnessError, match="portal-harness run"):
        latest_run(tmp_path / "empty")


def test_endpoint_tokens_are_masked_but_host_port_and_path_kept() -> None:
    masked = mask_endpoint("ws://grid.example:3000/playwright?token=abc123&browser=chromium")
    assert masked == "ws://grid.example:3000/playwright?token=******&browser=chromium"
    assert mask_endpoint("ws://127.0.0.1:9000/x") == "ws://127.0.0.1:9000/x"


def test_a_label_names_the_newest_run_that_has_it(tmp_path) -> None:
    older = RunArchive.create("20260101-000000-aaaa", root=tmp_path)
    newer = RunArchive.create("20260102-000000-bbbb", root=tmp_path)
    other = RunArchive.create("20260103-000000-cccc", root=tmp_path)
    for archive, label in ((older, "before-upgrade"), (newer, "before-upgrade"), (other, "after-upgrade")):
        archive.update_manifest(run_id=archive.run_id, label=label)
    assert resolve_run("before-upgrade", tmp_path) == newer
    with pytest.raises(HarnessError, match="a run's label"):
        resolve_run("no-such-label", tmp_path)
