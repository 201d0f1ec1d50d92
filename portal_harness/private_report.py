"""Make a generated Allure report private: it must make no request to another origin.

Reports may show patient-like data, so opening one must not tell anyone else. Allure 3's HTML
embeds a Google Analytics block (a tag manager script plus inline `gtag(...)` code) that no option
removes, and its bundled app knows trace.playwright.dev (a button that posts a trace there).
`make_private` removes the analytics block, every script, stylesheet, font or image loaded from
another origin, and neutralises the remote addresses inside the app's own (base64) bundle;
`private_report_problems` is the cheap static check CI can run on any report folder. The real
proof, a browser that counts requests to other origins, is in tests/harness/test_private_report.py.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

# The analytics block: the tag manager loader and the inline script that calls gtag(...).
_TAG_MANAGER = re.compile(r"<script\b[^>]*googletagmanager[^>]*>\s*</script>", re.IGNORECASE)
_INLINE_ANALYTICS = re.compile(
    r"<script\b(?![^>]*\bsrc=)[^>]*>(?:(?!</script>).)*?(?:gtag\(|dataLayer)(?:(?!</script>).)*?</script>",
    re.IGNORECASE | re.DOTALL,
)
_REMOTE = r"""(?:https?:)?//[^"'\s>]+"""
# Elements that load something by themselves: scripts, stylesheets/fonts/preloads, frames, media.
_REMOTE_SCRIPT = re.compile(rf"""<script\b[^>]*\bsrc\s*=\s*["']?{_REMOTE}[^>]*>\s*</script>""", re.IGNORECASE)
_REMOTE_LINK = re.compile(rf"""<link\b[^>]*\bhref\s*=\s*["']?{_REMOTE}[^>]*>""", re.IGNORECASE)
_REMOTE_EMBED = re.compile(
    rf"""<(?:iframe|img|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*["']?{_REMOTE}[^>]*>""", re.IGNORECASE
)
_REMOTE_CSS = re.compile(rf"""@import\s+(?:url\()?\s*["']?{_REMOTE}["']?\)?\s*;?|url\(\s*["']?{_REMOTE}["']?\s*\)""")
_BUNDLED_SCRIPT = re.compile(r"""(src\s*=\s*["']data:text/javascript;base64,)([A-Za-z0-9+/=]+)""")
# Addresses inside Allure's app bundle that a click would call: the Playwright trace viewer
# (it uploads the trace there) and the "Powered by" link. Replaced by harmless local values.
_BUNDLE_REMOTES = {
    "https://trace.playwright.dev": "about:blank#trace-viewer-disabled-use-playwright-show-trace",
    "https://allurereport.org": "#",
}
ANALYTICS_MARKERS = ("googletagmanager", "gtag(", "google-analytics")


def make_private(report_dir: Path) -> None:
    """Rewrite every HTML page of the report in place (idempotent)."""
    for page in report_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        cleaned = privatise_html(html)
        if cleaned != html:
            page.write_text(cleaned, encoding="utf-8")


def privatise_html(html: str) -> str:
    for pattern in (_TAG_MANAGER, _INLINE_ANALYTICS, _REMOTE_SCRIPT, _REMOTE_LINK, _REMOTE_EMBED, _REMOTE_CSS):
        html = pattern.sub("", html)
    return _BUNDLED_SCRIPT.sub(lambda match: match.group(1) + _neutralise_bundle(match.group(2)), html)


def _neutralise_bundle(encoded: str) -> str:
    try:
        script = base64.b64decode(encoded, validate=True).decode("utf-8")
    except ValueError:
        return encoded  # not a script we can read: leave it, the check below still looks at the page
    changed = script
    for remote, local in _BUNDLE_REMOTES.items():
        changed = changed.replace(remote, local)
    return encoded if changed == script else base64.b64encode(changed.encode("utf-8")).decode("ascii")


def private_report_problems(report_dir: Path) -> list[str]:
    """What in the report's HTML would still call another origin (empty: private). Static and fast."""
    pages = sorted(report_dir.rglob("*.html"))
    if not pages:
        return [f"{report_dir} holds no HTML page: build the report first (`portal-harness report`)."]
    problems: list[str] = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for marker in ANALYTICS_MARKERS:
            if marker in html:
                problems.append(f"{page.name}: analytics code ({marker})")
        for pattern in (_REMOTE_SCRIPT, _REMOTE_LINK, _REMOTE_EMBED, _REMOTE_CSS):
            problems += [f"{page.name}: remote resource {match.group(0)[:120]}" for match in pattern.finditer(html)]
        for match in _BUNDLED_SCRIPT.finditer(html):
            script = base64.b64decode(match.group(2)).decode("utf-8", errors="replace")
            problems += [f"{page.name}: the app bundle calls {url}" for url in _BUNDLE_REMOTES if url in script]
    return problems


def main(argv: list[str] | None = None) -> int:
    """`python -m portal_harness.private_report [REPORT_DIR]`: exit 1 if the report would call out."""
    import sys

    from portal_harness.paths import allure_report_dir

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else allure_report_dir()
    problems = private_report_problems(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{folder}: {'NOT private' if problems else 'private (no request to another origin)'}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
