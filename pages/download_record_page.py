"""Download your record: a human-readable file or a C-CDA document, for everything or a date range."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from pages.base_page import BasePage
from pages.downloads import download_bytes
from pages.record_components import DateRangeFilter


@dataclass(frozen=True)
class DownloadedFile:
    filename: str
    data: bytes = field(repr=False)

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


class DownloadRecordPage(BasePage):
    path = "/health-summary/download"
    title = "Download your record"
    FORMATS: ClassVar[dict[str, str]] = {
        "human-readable": "Human-readable (PDF-free HTML/text)",
        "C-CDA": "Health record for another provider (C-CDA XML)",
    }

    def download(self, file_format: str, date_from: date | None = None, date_to: date | None = None) -> DownloadedFile:
        """Choose the dates and the format, press Download, and keep the file the browser saves."""
        DateRangeFilter(self.page).choose(date_from, date_to)
        self.page.get_by_role("radio", name=self.FORMATS[file_format]).check()
        with self.page.expect_download() as started:
            self.page.get_by_role("button", name="Download", exact=True).click()
        download = started.value
        return DownloadedFile(download.suggested_filename, download_bytes(download))
