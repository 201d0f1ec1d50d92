"""`--scan a11y,visual,speed`: each distinct page scanned once per run, every load timed.

The plugin calls `PageScanner.after_step` when a step ends: the browser then shows a page in a
state the scenario has checked. For each open page it times the load of a document it has not
seen yet (speed), and the first time the run meets that page (scan_archive.page_key) it runs axe
with the WCAG 2.1 A and AA rules (a11y) and takes a full-page screenshot with the dynamic regions
and secret fields masked (visual). What it finds goes into the archive as scan_archive.py says.

A load slower than the page's budget in the target profile fails the scenario that loaded it:
the one timed assertion the project allows, and only when speed is scanned.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from portal_harness.allure_output import secret_fields
from portal_harness.masking import SECRETS
from portal_harness.scan_archive import BUDGETS_FILE, SCANS_DIR, PageRecord, page_key, page_slug

WCAG_21_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
_MAX_HTML = 300  # characters of an offending element's markup kept per violation
# The newest document's navigation timing, once it has finished loading (else null).
_NAVIGATION_TIMING = """() => {
  const entry = performance.getEntriesByType('navigation')[0];
  if (!entry || entry.loadEventEnd === 0) return null;
  return {origin: performance.timeOrigin, response: entry.responseStart - entry.requestStart,
          load: entry.loadEventEnd - entry.startTime};
}"""


class PageScanner:
    """One process's scanner for a run; processes of one run share the archive's claims."""

    def __init__(
        self,
        run_dir: Path,
        kinds: tuple[str, ...],
        budgets: dict[str, int] | None = None,
        visual_mask: tuple[str, ...] = (),
        profile_name: str = "",
    ) -> None:
        self.folder = run_dir / SCANS_DIR
        self.kinds = kinds
        self.budgets = budgets or {}
        self.visual_mask = visual_mask
        self.profile_name = profile_name
        self._timed_documents: set[float] = set()
        self._scanned: set[str] = set()
        for sub in ("pages", "claimed", *(["visual"] if "visual" in kinds else []), "speed"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        if "speed" in kinds:  # why: compare says which slower pages are over budget without the profile
            (self.folder / BUDGETS_FILE).write_text(
                json.dumps(self.budgets, indent=2, sort_keys=True), encoding="utf-8"
            )

    def after_step(self, scenario_id: str, pages: list[Page]) -> list[str]:
        """Time and scan what the pages show; returns one sentence per load over its budget."""
        over_budget: list[str] = []
        for page in pages:
            url = page.url
            if not url.startswith(("http://", "https://")):
                continue
            key = page_key(url)
            if "speed" in self.kinds:
                problem = self._time_load(page, key, scenario_id)
                if problem:
                    over_budget.append(problem)
            if ("a11y" in self.kinds or "visual" in self.kinds) and self._claim(key):
                self._scan(page, key, url, scenario_id)
        return over_budget

    def _time_load(self, page: Page, key: str, scenario_id: str) -> str | None:
        try:
            timing = page.evaluate(_NAVIGATION_TIMING)
        except PlaywrightError:  # why: the page is navigating; the next step sees the new document
            return None
        if not timing or timing["origin"] in self._timed_documents:
            return None
        self._timed_documents.add(timing["origin"])
        load_ms, response_ms = round(float(timing["load"]), 1), round(float(timing["response"]), 1)
        sample = {"page": key, "scenario": scenario_id, "response_ms": response_ms, "load_ms": load_ms}
        with (self.folder / "speed" / f"{os.getpid()}.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(sample) + "\n")
        budget = self.budgets.get(key)
        if budget is not None and load_ms > budget:
            return (
                f"The page {key} took {load_ms:.0f} ms to load (server response {response_ms:.0f} ms), "
                f"over its budget of {budget} ms in the target profile {self.profile_name}"
            )
        return None

    def _claim(self, key: str) -> bool:
        """True for the one process that scans this page in this run."""
        if key in self._scanned:
            return False
        self._scanned.add(key)
        try:
            with (self.folder / "claimed" / page_slug(key)).open("x"):
                return True
        except FileExistsError:
            return False

    def _scan(self, page: Page, key: str, url: str, scenario_id: str) -> None:
        slug = page_slug(key)
        try:
            violations = self._axe(page) if "a11y" in self.kinds else None
            screenshot = self._screenshot(page, slug) if "visual" in self.kinds else None
            title = page.title()
        except PlaywrightError:  # why: it navigated away mid-scan; let a later visit scan the page
            (self.folder / "claimed" / slug).unlink(missing_ok=True)
            self._scanned.discard(key)
            return
        record = PageRecord(
            page=key,
            url=SECRETS.mask_text(url.split("?", 1)[0]),
            scenario=scenario_id,
            title=SECRETS.mask_text(title),
            a11y=violations,
            screenshot=screenshot,
        )
        path = self.folder / "pages" / f"{slug}.json"
        path.write_text(json.dumps(record.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")

    def _axe(self, page: Page) -> list[dict[str, Any]]:
        return [simplify_violation(violation) for violation in axe_violations(page)]

    def _screenshot(self, page: Page, slug: str) -> str:
        mask = [*secret_fields(page), *(page.locator(selector) for selector in self.visual_mask)]
        relative = f"visual/{slug}.png"
        page.screenshot(
            path=str(self.folder / relative), full_page=True, animations="disabled", caret="hide", mask=mask
        )
        return relative


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe on the page as it is now, WCAG 2.1 A and AA rules only: its violations as axe reports them."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(WCAG_21_AA_TAGS)}, "resultTypes": ["violations"]}
    return list(Axe().run(page, options=options).response.get("violations", []))


def simplify_violation(violation: dict[str, Any]) -> dict[str, Any]:
    """axe's violation as the archive keeps it: rule, impact, help, its URL and the elements."""
    return {
        "rule": violation.get("id"),
        "impact": violation.get("impact"),
        "help": violation.get("help"),
        "help_url": violation.get("helpUrl"),
        "elements": [
            {"target": _target_text(node.get("target")), "html": _markup(node.get("html"))}
            for node in violation.get("nodes", [])
        ],
    }


def _markup(html: Any) -> str:
    return SECRETS.mask_text(str(html or ""))[:_MAX_HTML]


def _target_text(target: Any) -> str:
    """axe's target is a list of selectors (nested for frames and shadow roots): one string."""
    if isinstance(target, list):
        return " >> ".join(_target_text(part) for part in target)
    return str(target)
