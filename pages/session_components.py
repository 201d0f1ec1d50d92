"""What a signed-in page shows as its session nears or reaches its end (AUTH-03), and the session
cookie a thief could copy (AUTH-04)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

SESSION_COOKIE = "portal_session"  # the portal's session cookie (opaque token)


class SessionTimeoutWarning:
    """The 'You will be signed out soon' dialog on any signed-in page."""

    TITLE = "You will be signed out soon"
    IDLE_REASON = "because you have not done anything for a while"
    ABSOLUTE_REASON = "cannot be extended"
    # The open page asks the portal every few seconds (3 s on the bundled portal): allow a few rounds.
    REACTS_WITHIN_MS = 12_000

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def dialog(self) -> Locator:
        return self.page.get_by_role("alertdialog", name=self.TITLE)

    @property
    def stay_signed_in_button(self) -> Locator:
        return self.dialog.get_by_role("button", name="Stay signed in")

    def stay_signed_in(self) -> None:
        self.stay_signed_in_button.click()


class SignedOutNotice:
    """What replaces an open page once the portal has ended its session (or the sign-in page it leads to)."""

    TITLE = "You have been signed out"
    IDLE_MESSAGE = "You were signed out because you were inactive for {minutes} minutes."
    ENDED_MESSAGE = "For your security, we signed you out."

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1, name=self.TITLE)

    @property
    def message(self) -> Locator:
        return self.page.get_by_role("main").get_by_role("status")


def add_session_cookie(page: Page, base_url: str, value: str) -> None:
    """Put a (copied) session cookie into the page's browser, as an attacker replaying it would."""
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": value, "url": base_url}])
