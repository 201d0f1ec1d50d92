"""The pytest side of `--shard i/n`: keep the selected scenarios of one shard, record which.

It runs after every other selection (-m, -k, --id, --lf, --deselect), so the split sees exactly
the ids this run would otherwise run: the same set on every machine that runs the same command.
Deselected ids are reported as deselected (absent from summary.json); skipped ones of the shard
still run their setup, are skipped there, and are listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal_harness.results import scenario_id_of
from portal_harness.runs import RunArchive
from portal_harness.shards import ShardPlan, ids_sha256, split_ids


class ShardSelection:
    """Registered by the harness plugin when `--shard` or `--shard-plan` is given."""

    def __init__(self, plan: ShardPlan, run_dir: Path | None) -> None:
        self.plan = plan
        self.run_dir = run_dir

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        def key(item: pytest.Item) -> str:
            return scenario_id_of(item) or item.nodeid

        selected = {key(item) for item in items}
        mine = set(split_ids(selected, self.plan.total, self.plan.durations)[self.plan.index])
        config.hook.pytest_deselected(items=[item for item in items if key(item) not in mine])
        items[:] = [item for item in items if key(item) in mine]
        if self.run_dir is not None and not config.option.collectonly:
            archive = RunArchive(self.run_dir)
            shard = {
                "index": self.plan.index,
                "total": self.plan.total,
                "durations_source": self.plan.source,
                "selected": len(selected),
                "selected_sha256": ids_sha256(selected),
                "ids": sorted(mine),
            }
            archive.update_manifest(shard=shard)
