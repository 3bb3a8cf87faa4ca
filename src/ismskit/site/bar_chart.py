"""Stacked horizontal bars: one bar per row (a unit, an Annex A theme), one segment per kind (a
risk level, an implementation status), the count written in each segment wide enough to hold it
and the row's total at the end of its bar."""

from __future__ import annotations

from dataclasses import dataclass

from ismskit.site.svg import (
    GRID,
    Fill,
    attribute,
    frame,
    label,
    legend_row,
    pattern_def,
    text_width,
)

_BAR_HEIGHT = 26
_ROW_GAP = 12
_MARGIN = 12
_BAR_LENGTH = 420
_LEGEND_LINE = 24


@dataclass(frozen=True)
class Segment:
    key: str  # a stable name for data attributes and pattern ids
    label: str
    fill: Fill


@dataclass(frozen=True)
class BarRow:
    label: str
    counts: dict[str, int]  # segment key → count

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    segments: list[Segment]
    rows: list[BarRow]
    # Each bar fills the full length (shares of the row); else lengths follow the counts.
    as_shares: bool = False
    tip: str = "{row}: {segment} {count}"


def bar_chart_svg(chart: BarChart) -> str:
    label_width = max((text_width(row.label) for row in chart.rows), default=0) + 10
    left = _MARGIN + label_width
    top = _MARGIN
    bars_bottom = top + (_BAR_HEIGHT + _ROW_GAP) * len(chart.rows)
    width = left + _BAR_LENGTH + 60 + _MARGIN
    legend, lines = _legend(chart, bars_bottom + 20, width - _MARGIN)
    height = bars_bottom + 20 + _LEGEND_LINE * lines
    largest = max((row.total for row in chart.rows), default=0) or 1
    parts = [
        frame(chart.chart_id, width, height, chart.title, chart.description),
        "<defs>",
        *(pattern_def(_pattern_id(chart, s), s.fill) for s in chart.segments),
        "</defs>",
    ]
    for index, row in enumerate(chart.rows):
        y = top + (_BAR_HEIGHT + _ROW_GAP) * index
        scale = _BAR_LENGTH / (row.total or 1) if chart.as_shares else _BAR_LENGTH / largest
        parts += _bar(chart, row, left, y, scale)
    parts += legend
    parts.append("</svg>")
    return "".join(parts)


def _pattern_id(chart: BarChart, segment: Segment) -> str:
    return f"{chart.chart_id}-{segment.fill.pattern}-{chart.segments.index(segment)}"


def _bar(chart: BarChart, row: BarRow, left: int, y: int, scale: float) -> list[str]:
    parts = [
        f'<g class="bar" data-label="{attribute(row.label)}" data-total="{row.total}">',
        label(left - 8, y + _BAR_HEIGHT / 2 + 5, row.label, anchor="end"),
    ]
    x = float(left)
    for segment in chart.segments:
        count = row.counts.get(segment.key, 0)
        if not count:
            continue
        length = count * scale
        tip = chart.tip.format(row=row.label, segment=segment.label, count=count)
        parts.append(
            f'<g class="segment" data-key="{attribute(segment.key)}" data-count="{count}">'
            f"<title>{attribute(tip)}</title>"
            f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="url(#{_pattern_id(chart, segment)})" stroke="#ffffff" stroke-width="1"/>'
        )
        if length >= text_width(str(count)) + 10:
            parts.append(
                f'<rect x="{x + length / 2 - 13:.1f}" y="{y + 4}" width="26" height="18" '
                'rx="3" fill="#ffffff" fill-opacity="0.85"/>'
            )
            parts.append(label(x + length / 2, y + _BAR_HEIGHT / 2 + 5, str(count)))
        parts.append("</g>")
        x += length
    parts.append(label(x + 8, y + _BAR_HEIGHT / 2 + 5, str(row.total), anchor="start"))
    parts.append(
        f'<line x1="{left}" y1="{y - 3}" x2="{left}" y2="{y + _BAR_HEIGHT + 3}" stroke="{GRID}"/>'
    )
    parts.append("</g>")
    return parts


def _legend(chart: BarChart, top: int, right: int) -> tuple[list[str], int]:
    """The segments' swatches and names side by side, wrapped at `right`; and the lines taken."""
    parts, x, line = [], _MARGIN, 0
    for segment in chart.segments:
        if x > _MARGIN and x + 22 + text_width(segment.label) > right:
            x, line = _MARGIN, line + 1
        drawn, used = legend_row(
            x, top + _LEGEND_LINE * line, _pattern_id(chart, segment), segment.label
        )
        parts.append(drawn)
        x += used + 18
    return parts, line + 1
