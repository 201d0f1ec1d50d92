"""Where things live. The project root is the checkout holding pyproject.toml."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The checkout: PORTAL_HARNESS_ROOT if set, else the folder above this package."""
    configured = os.environ.get("PORTAL_HARNESS_ROOT")
    return Path(configured).resolve() if configured else Path(__file__).resolve().parent.parent


def reports_dir() -> Path:
    return project_root() / "reports"


def runs_dir() -> Path:
    """Run archives: reports/runs, or PORTAL_HARNESS_RUNS_DIR (the harness's own tests use it)."""
    configured = os.environ.get("PORTAL_HARNESS_RUNS_DIR")
    return Path(configured).resolve() if configured else reports_dir() / "runs"


def allure_report_dir() -> Path:
    return reports_dir() / "allure-report"


def allure_history_file() -> Path:
    return reports_dir() / "allure-history.jsonl"
