"""Charts of a report drawn on the server as SVG: WeasyPrint embeds them as vectors, with
their text set in the report's font (Noto Sans CJK), so Chinese labels stay text.

The drawing is a plain string of SVG elements; every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = "Noto Sans CJK SC"  # the one family of the report: no fallback face is embedded
COLOURS = ("#206bc4", "#a8aeb7")


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label and one value per series."""

    label: str
    values: Sequence[float]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(
    bars: Sequence[Bar],
    *,
    series: Sequence[str],
    maximum: float | None = None,
    width: int = 640,
) -> str:
    """A horizontal bar chart, one group of bars per row, a legend when there are several
    series. ``maximum`` fixes the scale (100 for scores); otherwise the largest value."""
    label_width, value_width, row_gap = 210, 60, 8
    bar_height = 14 if len(series) > 1 else 18
    row_height = bar_height * len(series) + row_gap
    legend = 22 if len(series) > 1 else 0
    height = legend + row_height * max(len(bars), 1) + 4
    top = max((max(bar.values, default=0.0) for bar in bars), default=0.0)
    scale_to = maximum or top or 1.0
    plot = width - label_width - value_width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">'
    ]
    if legend:
        x = label_width
        for index, name in enumerate(series):
            colour = COLOURS[index % len(COLOURS)]
            parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
            parts.append(f'<text x="{x + 14}" y="13">{escape(name)}</text>')
            x += 24 + 11 * len(name)
    for row, bar in enumerate(bars):
        y = legend + row * row_height
        middle = y + (bar_height * len(series)) / 2 + 4
        parts.append(
            f'<text x="{label_width - 8}" y="{middle:.1f}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
        )
        for index, value in enumerate(bar.values):
            length = max(0.0, min(1.0, float(value) / scale_to)) * plot
            colour = COLOURS[index % len(COLOURS)]
            top_y = y + index * bar_height
            parts.append(
                f'<rect x="{label_width}" y="{top_y}" width="{length:.1f}" '
                f'height="{bar_height - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{top_y + bar_height - 4}">'
                f"{escape(_number(float(value)))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
