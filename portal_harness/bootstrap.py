"""Install what the harness needs and is not a Python package: a browser to drive.

`python -m portal_harness.bootstrap browser`, called by `make`, in this order:
1. Playwright's own Chromium, if installed;
2. `playwright install chromium`, if its download server answers within a few seconds;
3. Debian's `chromium` package through apt, when running as root on Debian;
4. otherwise one sentence saying what to install. Exit 0 when a browser is ready, else 2.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from portal_harness.browser_setup import playwright_chromium, system_chromium

PROBE_TIMEOUT_S = 5
DEBIAN_PACKAGES = ["chromium", "fonts-liberation", "fonts-dejavu-core"]


def _say(message: str) -> None:
    print(f"[bootstrap] {message}", file=sys.stderr, flush=True)


def _playwright() -> list[str]:
    return [sys.executable, "-m", "playwright"]


def playwright_download_answers() -> bool:
    """Ask the URL `playwright install --dry-run` would download from; no answer in time means no."""
    try:
        dry = subprocess.run(
            [*_playwright(), "install", "--dry-run", "chromium"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    urls = re.findall(r"Download url:\s*(\S+)", dry.stdout)
    if not urls:
        return False
    try:
        request = urllib.request.Request(urls[0], method="HEAD")
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT_S) as response:
            return int(response.status) < 400
    except OSError:
        return False


def install_with_playwright() -> bool:
    _say("downloading Playwright's Chromium")
    return subprocess.run([*_playwright(), "install", "chromium"], check=False).returncode == 0


def can_use_apt() -> bool:
    return os.geteuid() == 0 and Path("/etc/debian_version").exists() and shutil.which("apt-get") is not None


def install_with_apt() -> bool:
    _say(f"installing Debian's {' '.join(DEBIAN_PACKAGES)} with apt-get (about 20 s)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    update = subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    if update.returncode != 0:
        return False
    install = subprocess.run(
        ["apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES], env=env, check=False, stdout=subprocess.DEVNULL
    )
    return install.returncode == 0


def ensure_browser() -> int:
    if playwright_chromium():
        _say("browser: Playwright's own Chromium")
        return 0
    found = system_chromium()
    if found:
        _say(f"browser: {found}")
        return 0
    if playwright_download_answers() and install_with_playwright() and playwright_chromium():
        return 0
    if can_use_apt() and install_with_apt() and system_chromium():
        _say(f"browser: {system_chromium()}")
        return 0
    print(
        "No Chromium could be installed: install Playwright's browser (`.venv/bin/playwright install chromium`) "
        "or your system's chromium package, then run make again.",
        file=sys.stderr,
    )
    return 2


def main(argv: list[str]) -> int:
    if argv[1:] == ["browser"]:
        return ensure_browser()
    print("usage: python -m portal_harness.bootstrap browser", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
