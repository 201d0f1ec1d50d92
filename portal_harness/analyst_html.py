"""The page shell the analyst pages share: one self-contained HTML file, no remote requests."""

from __future__ import annotations

from html import escape

STYLE = """
:root { --ink:#1d2733; --muted:#5b6775; --line:#d5dbe2; --bg:#f6f8fa; --accent:#0b5cad;
  --passed:#1a7f37; --failed:#c62828; --flaky:#b26a00; --skipped:#6e7781; --gap:#8250df; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 0; background: #fff; }
header { background: var(--ink); color: #fff; padding: 1rem 2rem; }
header h1 { margin: 0; font-size: 1.4rem; }
header p { margin: .2rem 0 0; color: #c9d1d9; }
main { padding: 1rem 2rem 3rem; max-width: 78rem; }
nav ul { columns: 3; padding-left: 1.2rem; }
h2 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { margin: 1.6rem 0 .3rem; }
.description { color: var(--muted); white-space: pre-line; margin: .2rem 0 .6rem; }
.story { background: var(--bg); border-left: 4px solid var(--gap); padding: .3rem .7rem; margin: .4rem 0; }
.rule { border-left: 3px solid var(--accent); padding-left: .8rem; margin: .8rem 0; }
.rule > h4 { margin: .2rem 0; }
details.scenario { border: 1px solid var(--line); border-radius: 6px; margin: .35rem 0; padding: .3rem .7rem; }
details.scenario summary { cursor: pointer; }
.steps { font-family: ui-monospace, Consolas, monospace; font-size: .88rem; margin: .4rem 0; padding-left: 1rem; }
.steps .kw { color: var(--accent); font-weight: 600; }
.tag { display: inline-block; font-size: .75rem; background: var(--bg); border: 1px solid var(--line);
  border-radius: 10px; padding: 0 .45rem; margin: 0 .15rem; color: var(--muted); }
.status { display: inline-block; min-width: 4.6rem; text-align: center; font-size: .78rem; font-weight: 600;
  color: #fff; border-radius: 4px; padding: .05rem .4rem; margin-right: .4rem; }
.status.passed { background: var(--passed); } .status.failed { background: var(--failed); }
.status.flaky { background: var(--flaky); } .status.skipped, .status.not-run { background: var(--skipped); }
.status.gap { background: var(--gap); }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: var(--bg); }
tr.gap td { background: #f5f0ff; }
code { font-family: ui-monospace, Consolas, monospace; font-size: .88rem; }
input[type=search] { font: inherit; padding: .35rem .6rem; width: 24rem; max-width: 100%; }
.muted { color: var(--muted); }
"""


def page(title: str, subtitle: str, body: str, script: str = "") -> str:
    script_tag = f"<script>{script}</script>" if script else ""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n"
        f"<body><header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>\n"
        f"<main>{body}</main>{script_tag}</body></html>\n"
    )


def status_badge(status: str) -> str:
    css = status.replace(" ", "-")
    return f'<span class="status {escape(css)}">{escape(status)}</span>'


def tag_list(tags: list[str]) -> str:
    return "".join(f'<span class="tag">@{escape(tag)}</span>' for tag in tags)


def anchor(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")
