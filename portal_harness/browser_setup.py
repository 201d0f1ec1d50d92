"""Find a Chromium to drive: Playwright's own if installed, else Debian's; say what to install if none.

`python -m portal_harness.browser_setup` is what `make` calls: it prints the executable it will
use (empty for Playwright's own) and exits 0, or prints one sentence and exits 2.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

DEBIAN_CHROMIUM = Path("/usr/lib/chromium/chromium")  # the real binary, not the /usr/bin wrapper
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def playwright_chromium(playwright: Playwright | None = None) -> Path | None:
    """Playwright's own Chromium for this Playwright version, if it is installed."""
    if playwright is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as started:
            return playwright_chromium(started)
    path = Path(playwright.chromium.executable_path)
    return path if path.exists() else None


def system_chromium() -> Path | None:
    if DEBIAN_CHROMIUM.exists():
        return DEBIAN_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def chromium_executable(playwright: Playwright | None = None) -> Path | None:
    """None means: use Playwright's own browser (it is installed)."""
    if playwright_chromium(playwright):
        return None
    found = system_chromium()
    if found:
        return found
    raise LookupError(
        "No Chromium found: run `make browser` (as root on Debian it installs the `chromium` package), "
        "or `.venv/bin/playwright install chromium` where downloads are allowed."
    )


def main() -> int:
    try:
        executable = chromium_executable()
    except LookupError as missing:
        print(missing, file=sys.stderr)
        return 2
    print(executable or "playwright")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
