"""The Gherkin tag vocabulary: plain tags are markers; valued tags become markers with an argument.

`@id:ENR-01` becomes `pytest.mark.id("ENR-01")`, so `--strict-markers` needs only the family
declared (pyproject.toml), and the harness can read the scenario id from the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VALUED_TAG_FAMILIES = ("id", "severity", "story", "since", "needs")
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")
SCENARIO_ID = re.compile(r"^[A-Z][A-Z0-9]*-\d{2,}$")

AREA_BY_PREFIX = {
    "ENR": "enrollment",
    "AUTH": "authentication",
    "SUP": "support",
    "VDT": "vdt",
    "INT": "interfaces",
    "RES": "results",
    "PRX": "proxy",
    "MSG": "messaging",
    "DEM": "demographics",
    "A11Y": "accessibility",
    "RPT": "reports",
    "AUD": "audit",
    "OPS": "operations",
    "MKT": "public",
    "UPG": "upgrade",
}


@dataclass(frozen=True)
class ValuedTag:
    family: str
    value: str


def split_valued_tag(tag: str) -> ValuedTag | None:
    """`id:ENR-01` → ValuedTag("id", "ENR-01"); a plain tag → None."""
    family, sep, value = tag.partition(":")
    if sep and family in VALUED_TAG_FAMILIES and value:
        return ValuedTag(family, value)
    return None


def area_of(scenario_id: str) -> str | None:
    """The area tag an id belongs to: `MSG-01` → `messaging`."""
    return AREA_BY_PREFIX.get(scenario_id.rsplit("-", 1)[0])
