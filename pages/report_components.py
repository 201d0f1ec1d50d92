"""Parts every staff report screen shares: tables read by column header, the CSV download."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from playwright.sync_api import Locator, Page

from pages.downloads import download_bytes


@dataclass(frozen=True)
class CsvDownload:
    """A downloaded CSV file: its suggested name and its rows (header first)."""

    filename: str
    rows: list[list[str]]


class ReportTable:
    """A report table (`th scope=col` headers, `th scope=row` row names), read by column header."""

    def __init__(self, table: Locator) -> None:
        self.table = table

    @property
    def body_rows(self) -> Locator:
        return self.table.locator("tbody").get_by_role("row")  # why: the body only, not the header or totals

    def row(self, name: str) -> Locator:
        """The body row whose row header is exactly `name` (a site with its code, a pool, a measure)."""
        return self.body_rows.filter(has=self.table.page.get_by_role("rowheader", name=name, exact=True))

    def headers(self) -> list[str]:
        return [text.strip() for text in self.table.get_by_role("columnheader").all_inner_texts()]

    def cell(self, row_name: str, column: str) -> Locator:
        """The cell of that row under that column header (the first column is the row header)."""
        return self.cell_of(self.row(row_name), column)

    def cell_of(self, row: Locator, column: str) -> Locator:
        """The cell of an already-found row under that column header."""
        index = self.headers().index(column)
        return row.get_by_role("rowheader") if index == 0 else row.get_by_role("cell").nth(index - 1)

    def texts(self) -> list[list[str]]:
        """Every body row as its cells' text, the row header first (for comparing with a CSV)."""
        rows: list[list[str]] = []
        for row in self.body_rows.all():
            header = [text.strip() for text in row.get_by_role("rowheader").all_inner_texts()]
            cells = [text.strip() for text in row.get_by_role("cell").all_inner_texts()]
            rows.append(header + cells)
        return rows


def download_csv(page: Page, link: Locator) -> CsvDownload:
    """Click the report's "Download CSV" link and read the file the browser saved."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    text = download_bytes(download).decode("utf-8")
    return CsvDownload(download.suggested_filename, list(csv.reader(io.StringIO(text))))
