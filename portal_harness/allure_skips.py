"""Scenarios skipped before they start still belong in the report.

allure-pytest-bdd opens a scenario's result when the scenario starts; one skipped at set-up
(`@since` newer than the portal, `@needs` the target lacks) never starts, so it would be missing
from the report although `summary.json` lists it. This writes its result, skipped with the
reason, with the same labels a started scenario gets (the history id comes from the `@id`).
"""

from __future__ import annotations

import hashlib
import uuid

import allure_commons
import pytest
from allure_commons.model2 import Label, Link, Status, StatusDetails, TestResult
from allure_commons.utils import now

from portal_harness.allure_output import SCENARIO_ID_LABEL, STORY_LINK_TYPE
from portal_harness.results import scenario_id_of, scenario_info
from portal_harness.tags import SEVERITIES, area_of
from portal_harness.tracker import story_url, story_url_pattern


def _labels(item: pytest.Item, feature: str) -> list[Label]:
    labels = [Label(name="feature", value=feature), Label(name="framework", value="pytest-bdd")]
    scenario_id = scenario_id_of(item)
    if scenario_id:
        labels += [Label(name=SCENARIO_ID_LABEL, value=scenario_id), Label(name="tag", value=f"id:{scenario_id}")]
        if area := area_of(scenario_id):
            labels.append(Label(name="epic", value=area))
    severity = item.get_closest_marker("severity")
    if severity and severity.args[0] in SEVERITIES:
        labels.append(Label(name="severity", value=str(severity.args[0])))
    for family in ("since", "needs"):
        labels += [Label(name="tag", value=f"{family}:{m.args[0]}") for m in item.iter_markers(family)]
    labels += [Label(name="story", value=str(m.args[0])) for m in item.iter_markers("story")]
    return labels


def _links(item: pytest.Item) -> list[Link]:
    pattern = story_url_pattern()
    links = []
    for marker in item.iter_markers("story"):
        url = story_url(str(marker.args[0]), pattern)
        if url:
            links.append(Link(type=STORY_LINK_TYPE, url=url, name=str(marker.args[0])))
    return links


def report_skipped_before_start(item: pytest.Item, reason: str) -> None:
    """Write the skipped scenario's Allure result through the (masking) file logger."""
    name, feature = scenario_info(item)
    row = getattr(getattr(item, "callspec", None), "id", "")
    moment = now()
    result = TestResult(
        uuid=str(uuid.uuid4()),
        name=name,
        fullName=f"{feature}:{name}",
        # the file logger keys both ids on the scenario id; the row's part keeps Outline rows apart
        historyId="." + hashlib.md5(row.encode(), usedforsecurity=False).hexdigest() if row else "",
        status=Status.SKIPPED,
        statusDetails=StatusDetails(message=reason),
        start=moment,
        stop=moment,
        labels=_labels(item, feature),
        links=_links(item),
    )
    allure_commons.plugin_manager.hook.report_result(result=result)
