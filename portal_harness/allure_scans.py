"""The page scans' findings in the Allure report, on the scenario that visited each page.

After compare, each scenario that first visited a page with a finding gets attachments on its
result: its new accessibility violations (JSON), each visual change's diff image (baseline |
candidate | diff), and its slower pages (JSON). A scenario that a new serious or critical
violation regressed is marked failed with that sentence, so it lands in "Product regressions".
Safe to run again: the attachments it added before are replaced.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any

from portal_harness.runs import RunArchive

ATTACHMENT_PREFIX = "Page scan: "
_SCAN_REGRESSION = "Passed its steps, but the upgrade added an accessibility barrier: "


def attach_scan_findings(archive: RunArchive, comparison: dict[str, Any], documents: dict[str, Path]) -> int:
    """Attach each scenario's findings to its first result file (`documents`: id -> result path)."""
    findings = _findings_by_scenario(comparison)
    regressed = {
        e["id"]: e["message"] for e in comparison.get("regressed", []) if e.get("error_kind") == "accessibility"
    }
    changed = 0
    for scenario_id, path in documents.items():
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        attachments = [a for a in document.get("attachments") or [] if not a["name"].startswith(ATTACHMENT_PREFIX)]
        attachments += _attachments(archive, findings.get(scenario_id, {}))
        updated = {**document, "attachments": attachments}
        if scenario_id in regressed and document.get("status") == "passed":
            updated["status"] = "failed"
            updated["statusDetails"] = {
                **(document.get("statusDetails") or {}),
                "message": _SCAN_REGRESSION + regressed[scenario_id],
            }
        if updated != document:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps(updated, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
            changed += 1
    return changed


def _findings_by_scenario(comparison: dict[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    by_scenario: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for section in ("new_accessibility_violations", "visual_changes", "slower_pages"):
        for entry in comparison.get(section) or []:
            by_scenario.setdefault(str(entry.get("scenario") or ""), {}).setdefault(section, []).append(entry)
    return by_scenario


def _attachments(archive: RunArchive, findings: dict[str, list[dict[str, Any]]]) -> list[dict[str, str]]:
    results = archive.allure_results
    attached = []
    violations = findings.get("new_accessibility_violations")
    if violations:
        attached.append(_json(results, "new accessibility violations", violations))
    for change in findings.get("visual_changes", []):
        image = archive.path / change["diff_image"]
        if image.exists():
            source = f"{uuid.uuid4()}-attachment.png"
            shutil.copyfile(image, results / source)
            name = f"{ATTACHMENT_PREFIX}visual change on {change['page']} ({change['changed_ratio']:.1%})"
            attached.append({"name": name, "source": source, "type": "image/png"})
    slower = findings.get("slower_pages")
    if slower:
        attached.append(_json(results, "slower pages", slower))
    return attached


def _json(results: Path, what: str, entries: list[dict[str, Any]]) -> dict[str, str]:
    source = f"{uuid.uuid4()}-attachment.json"
    (results / source).write_text(json.dumps(entries, indent=2, ensure_ascii=False), encoding="utf-8")
    return {"name": f"{ATTACHMENT_PREFIX}{what}", "source": source, "type": "application/json"}
