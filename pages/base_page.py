"""What every screen has: a path, a main heading that says it is ready, and shared components."""

from __future__ import annotations

from typing import ClassVar, Self

from playwright.sync_api import Locator, Page

from pages.components.messages import ErrorSummary, StatusMessage


class BasePage:
    path: ClassVar[str] = "/"
    title: ClassVar[str] = ""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors = ErrorSummary(page)
        self.status = StatusMessage(page)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    @property
    def heading(self) -> Locator:
        """The page's one h1: the locator that says this screen is showing."""
        return (
            self.page.get_by_role("heading", level=1, name=self.title)
            if self.title
            else self.page.get_by_role("heading", level=1)
        )

    def open(self) -> Self:
        self.page.goto(self.path)
        return self.ready()

    def ready(self) -> Self:
        """Wait (Playwright's auto-wait) until this screen shows its heading."""
        self.heading.wait_for()
        return self
