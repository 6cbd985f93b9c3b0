"""Static SVG charts for the PDF summary report, rendered on the server from the report rows
(pure: values in, SVG text out).

The browser draws the interactive charts with plotly.js; WeasyPrint cannot run JavaScript,
and Plotly's own static export needs Kaleido and a browser, so the PDF gets these small
hand-drawn horizontal bar charts instead: the same numbers as the dashboard's tables, laid
out as SVG that WeasyPrint embeds as vector graphics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape as _html_escape

BAR_COLOR = "#1d3557"
TEXT_COLOR = "#1b1f24"
MUTED = "#5b6570"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """``text`` safe inside an SVG text node (characters XML forbids dropped)."""
    return _html_escape(_NOT_XML.sub("", text))


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def bar_chart(items: Sequence[tuple[str, float]], *, title: str = "", width: int = 520,
              bar_height: int = 14, label_width: int = 150, percent: bool = False) -> str:
    """Horizontal bars, one per ``(label, value)``, in the given order, value printed at
    the end of each bar. An empty ``items`` gives a chart with its title only."""
    top = 22 if title else 4
    gap = 5
    height = top + len(items) * (bar_height + gap) + 4
    biggest = max((abs(v) for _, v in items), default=0.0) or 1.0
    room = width - label_width - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" '
             f'font-size="9">']
    if title:
        parts.append(f'<text x="0" y="13" font-size="10.5" font-weight="bold" '
                     f'fill="{TEXT_COLOR}">{escape(title)}</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap)
        length = max(0.0, room * abs(value) / biggest)
        shown = f"{value:.1%}" if percent else _number(value)
        parts.append(f'<text x="{label_width - 6}" y="{y + bar_height - 3}" '
                     f'text-anchor="end" fill="{TEXT_COLOR}">{escape(_clip(label))}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" '
                     f'height="{bar_height}" fill="{BAR_COLOR}"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height - 3}" '
                     f'fill="{MUTED}">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _clip(label: str, size: int = 28) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"
