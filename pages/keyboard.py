"""Using a page with the keyboard only: what has focus, and whether a sighted user can see it."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

# Read from the focused element: its accessible-ish name, id, and whether its focus style is visible.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return {tag: "body", id: "", text: "", visible: false}; }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== "none";
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.getAttribute("aria-label") || "").trim(),
          visible: outline || ring};
}"""


@dataclass(frozen=True)
class Focus:
    tag: str
    id: str
    text: str
    visible: bool  # an outline or a focus ring is drawn


def focused(page: Page) -> Focus:
    shape = page.evaluate(_FOCUSED)
    return Focus(shape["tag"], shape["id"], shape["text"], bool(shape["visible"]))


def press(page: Page, key: str) -> Focus:
    page.keyboard.press(key)
    return focused(page)


def tab_to(page: Page, element_id: str, limit: int = 25) -> list[Focus]:
    """Tab until the element with that id has focus (none if it has focus already); every stop on the way."""
    stops: list[Focus] = []
    if focused(page).id == element_id:
        return stops
    for _ in range(limit):
        stop = press(page, "Tab")
        stops.append(stop)
        if stop.id == element_id:
            return stops
    raise AssertionError(f"Tab never reached #{element_id}: stops were {[s.tag + '#' + s.id for s in stops]}")
