"""Server-rendered SVG bar charts: no script, no external assets.

Every chart has an accessible name (<title>) and description (<desc>), labelled axes and values
written on the bars (not colour alone); pages put a data table beside every chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

BAR_COLOUR = "#0f5f6b"  # the portal's teal: 7.4:1 on white
AXIS_COLOUR = "#3d4a55"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def horizontal_bar_chart(
    chart_id: str, title: str, description: str, bars: list[Bar], *, value_axis: str, category_axis: str
) -> Markup:
    """Horizontal bars (long category names stay readable), one row per bar, values at the bar ends."""
    label_width, bar_area, row_height, top, bottom = 150, 290, 40, 12, 52
    width = label_width + bar_area + 50
    height = top + max(1, len(bars)) * row_height + bottom
    step = nice_step(max((bar.value for bar in bars), default=0))
    ticks = max(1, math.ceil(max((bar.value for bar in bars), default=0) / step))
    largest = step * ticks
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="report-chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    axis_y = top + max(1, len(bars)) * row_height
    parts.append(
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{axis_y}" stroke="{AXIS_COLOUR}"/>'
        f'<line x1="{label_width}" y1="{axis_y}" x2="{label_width + bar_area}" y2="{axis_y}" stroke="{AXIS_COLOUR}"/>'
    )
    for tick in range(ticks + 1):
        value = step * tick
        x = label_width + bar_area * tick / ticks
        parts.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="{AXIS_COLOUR}"/>'
            f'<text x="{x:.1f}" y="{axis_y + 18}" font-size="14" text-anchor="middle" fill="{AXIS_COLOUR}">'
            f"{_number(value)}</text>"
        )
    for index, bar in enumerate(bars):
        y = top + index * row_height
        length = bar_area * bar.value / largest
        parts.append(
            f'<text x="{label_width - 8}" y="{y + row_height / 2 + 4:.1f}" font-size="15" text-anchor="end"'
            f' fill="#1d2730">{escape(_shorten(bar.label))}</text>'
            f'<rect x="{label_width}" y="{y + 6}" width="{length:.1f}" height="{row_height - 12}" rx="3"'
            f' fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + row_height / 2 + 4:.1f}" font-size="15"'
            f' font-weight="600" fill="#1d2730">{_number(bar.value)}</text>'
        )
    if not bars:
        parts.append(
            f'<text x="{label_width + 10}" y="{top + row_height / 2 + 4}" font-size="15" fill="{AXIS_COLOUR}">'
            "No data in this range</text>"
        )
    parts.append(
        f'<text x="{label_width + bar_area / 2}" y="{height - 8}" font-size="15" text-anchor="middle"'
        f' fill="{AXIS_COLOUR}">{escape(value_axis)}</text>'
        f'<text x="14" y="{top + (axis_y - top) / 2:.1f}" font-size="15" text-anchor="middle" fill="{AXIS_COLOUR}"'
        f' transform="rotate(-90 14 {top + (axis_y - top) / 2:.1f})">{escape(category_axis)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def nice_step(largest: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most about five ticks."""
    if largest <= 5:
        return 1
    raw = largest / 5
    power = 10.0 ** math.floor(math.log10(raw))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _shorten(label: str, limit: int = 18) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
