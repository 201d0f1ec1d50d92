"""Going through the signed-in portal like a curious patient: every page reachable by a link, and
addresses typed by hand. Used by the security scenarios (AUTH-04, AUTH-05, AUTH-07)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import BrowserContext, Page, Request

from pages.home_page import HomePage

# Opaque ids go in these addresses; a patient could change the id by hand.
ITEM_ADDRESSES = {
    "test result": "/results/{id}",
    "message": "/messages/{id}",
    "visit note": "/health-summary/notes/{id}",
}
_NOT_PAGES = ("/static/", "/sign-out", "/session/")  # assets and actions, not pages a link opens
MAX_PAGES = 60


@dataclass(frozen=True)
class VisitedPage:
    path: str
    status: int
    cache_control: str


class PortalWalk:
    """Opens every same-site page reachable by links from the home page (GET only, no forms)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def visit_every_page(self, limit: int = MAX_PAGES) -> list[VisitedPage]:
        origin = urlsplit(self.page.url).netloc if self.page.url.startswith("http") else None
        visited: list[VisitedPage] = []
        seen: set[str] = set()
        queue = deque([HomePage.path])
        while queue and len(visited) < limit:
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            response = self.page.goto(path)
            if response is None:
                continue
            origin = origin or urlsplit(response.url).netloc
            landed = urlsplit(response.url)
            visited.append(VisitedPage(landed.path, response.status, response.header_value("cache-control") or ""))
            for href in self._link_targets():
                target = urlsplit(urljoin(response.url, href))
                if target.scheme not in ("http", "https") or target.netloc != origin:
                    continue
                if target.path.startswith(_NOT_PAGES):
                    continue
                address = target.path + (f"?{target.query}" if target.query else "")
                if address not in seen:
                    queue.append(address)
        return visited

    def _link_targets(self) -> list[str]:
        hrefs = self.page.get_by_role("link").evaluate_all("links => links.map(link => link.getAttribute('href'))")
        return [href for href in hrefs if href and not href.startswith("#")]


class AddressBar:
    """Typing an address by hand, e.g. someone else's result id in place of one's own."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open_item(self, kind: str, item_id: str) -> None:
        try:
            address = ITEM_ADDRESSES[kind]
        except KeyError:
            raise ValueError(f"No address for a '{kind}': use one of {', '.join(ITEM_ADDRESSES)}.") from None
        self.page.goto(address.format(id=item_id))


class AddressRecorder:
    """Every address a browser asks for (pages, redirects, scripts, background requests), as they happen."""

    def __init__(self, context: BrowserContext) -> None:
        self.addresses: list[str] = []
        context.on("request", self._record)

    def __repr__(self) -> str:
        return f"AddressRecorder({len(self.addresses)} addresses)"

    def _record(self, request: Request) -> None:
        self.addresses.append(request.url)
