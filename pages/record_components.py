"""Parts shared by the record screens (health summary, download, send, activity log): the "Your
record" tabs, the "Which dates?" filter, and how these screens write days and times."""

from __future__ import annotations

from datetime import date, datetime

from playwright.sync_api import Locator, Page

# A result's abnormal flag (HL7 OBX-8) in the words a result shows next to its colour.
FLAG_WORDS = {"H": "High", "L": "Low", "A": "Abnormal", "N": "Normal"}


def day_text(day: date) -> str:
    """A day as the record screens write it: 'Mar 3, 2026'."""
    return f"{day:%b} {day.day}, {day.year}"


def moment_text(moment: datetime) -> str:
    """A local time as the record screens write it: 'Mar 3, 2026, 2:05 PM'."""
    return f"{day_text(moment.date())}, {moment.strftime('%I:%M %p').lstrip('0')}"


class RecordTabs:
    """The "Your record" navigation: Summary, Download, Send, Activity log."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def region(self) -> Locator:
        return self.page.get_by_role("navigation", name="Your record")

    def open(self, tab: str) -> None:
        self.region.get_by_role("link", name=tab, exact=True).click()


class DateRangeFilter:
    """The "Which dates?" choice: everything, or a range From one day To another (both included)."""

    EVERYTHING = "Everything"
    A_RANGE = "A date range"

    def __init__(self, page: Page) -> None:
        self.page = page

    def choose(self, date_from: date | None, date_to: date | None) -> None:
        if date_from is None and date_to is None:
            self.page.get_by_role("radio", name=self.EVERYTHING).check()
            return
        self.page.get_by_role("radio", name=self.A_RANGE).check()
        self.page.get_by_label("From", exact=True).fill(date_from.isoformat() if date_from else "")
        self.page.get_by_label("To", exact=True).fill(date_to.isoformat() if date_to else "")
