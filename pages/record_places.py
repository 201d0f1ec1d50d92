"""Where a viewer looks for what a record holds: the results list, the home page's count, the
downloads, the clinical notes, or their mailbox. A proxy first switches to the record."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page

from data.people import People, Person
from data.results import new_result_emails
from pages.clinical_notes_page import ClinicalNotesPage
from pages.download_record_page import DownloadRecordPage
from pages.home_page import HomePage
from pages.proxy_components import RecordBar
from pages.test_results_page import TestResultsPage

PLACES = (
    "test results",
    "new-results count",
    "new-result emails",
    "downloaded record",
    "clinical notes",
    "CCD download",
)


@dataclass
class RecordView:
    """What a viewer looked at: the page left on screen, or a download's text, or their emails."""

    viewer: Person
    owner: Person
    place: str
    page: Page
    text: str = ""
    emails: list[dict[str, Any]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"RecordView({self.viewer.name} at {self.owner.name}'s {self.place})"


def look_at(people: People, viewer: Person, owner: Person, place: str) -> RecordView:
    page = people.page_of(viewer)
    if viewer is not owner:
        HomePage(page).open()
        RecordBar(page).switch_to(f"{owner.first_name} {owner.last_name}")
    view = RecordView(viewer, owner, place, page)
    if place == "test results":
        TestResultsPage(page).open()
    elif place == "new-results count":
        HomePage(page).open()
    elif place == "clinical notes":
        ClinicalNotesPage(page).open()
    elif place == "downloaded record":
        view.text = DownloadRecordPage(page).open().download("human-readable").text
    elif place == "CCD download":
        view.text = ccd_text(DownloadRecordPage(page).open().download("C-CDA").text)
    elif place == "new-result emails":
        view.emails = new_result_emails(people.scenario.mailbox, viewer)
    else:
        raise ValueError(f"Nowhere to look called '{place}': use one of {', '.join(PLACES)}.")
    return view


def ccd_text(xml: str) -> str:
    """Every piece of text in the CCD (it must parse as XML), joined by spaces."""
    return " ".join(" ".join(ET.fromstring(xml).itertext()).split())
