"""The portal's 'Page not found': what any address the viewer may not open must show."""

from __future__ import annotations

from pages.base_page import BasePage


class NotFoundPage(BasePage):
    title = "Page not found"
