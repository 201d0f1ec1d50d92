"""Read what the browser downloaded, wherever the browser runs.

`Download.path()` only works for a local browser: through a Playwright server or a grid the file
is on the other machine ("Path is not available when connecting remotely"). `save_as` streams it
here in both cases, so every page object and step reads downloads through this one function.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import Download


def download_bytes(download: Download) -> bytes:
    """The downloaded file's content, copied into a temporary folder that is removed at once."""
    with tempfile.TemporaryDirectory(prefix="portal-harness-download-") as folder:
        target = Path(folder) / "download"
        download.save_as(target)
        return target.read_bytes()
