"""The language switch on every page (English / Español), and the words each language uses."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

LANGUAGE_NAMES = {"English": "en", "Español": "es"}


class LanguageSwitch:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def form(self) -> Locator:
        return self.page.get_by_role("form", name="Language")

    def switch_to(self, language_name: str) -> None:
        """Press the language's button (each is named in its own language); the same page comes back."""
        self.form.get_by_role("button", name=language_name, exact=True).click()
        self.page.locator(f"html[lang='{LANGUAGE_NAMES[language_name]}']").wait_for(state="attached")

    @property
    def page_language(self) -> Locator:
        # why: the document's language is an attribute of <html>, which has no role to find it by
        return self.page.locator("html")
