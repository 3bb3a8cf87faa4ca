"""A heat map of risks as a standalone SVG file: each cell coloured by the risk level of its score,
the count of risks in it, axis titles and a legend with the count of each level.

A file, not inline SVG: GitHub drops inline SVG from Markdown, and a printer needs an image.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ismskit.documents.criteria import OFF_SCALE_COLOR, LevelBand, band_of
from ismskit.risk.evaluation import HeatMap
from ismskit.text_width import display_width

_CELL_WIDTH = 52
_CELL_HEIGHT = 40
_MARGIN = 16
_LABEL_WIDTH = 40  # the row ratings, left of the grid
_AXIS_WIDTH = 24  # the row axis title, turned on its side
_TITLE_HEIGHT = 30
_LEGEND_LINE = 24
_CHAR_WIDTH = 7.5  # per display cell at font-size 13: wide (Japanese) characters take two


@dataclass(frozen=True)
class Figure:
    """An image a document refers to; written next to the Markdown as `<stem>.<slug>.svg`."""

    slug: str
    alt: str
    svg: str


@dataclass(frozen=True)
class HeatMapLabels:
    title: str
    rows: str  # the row axis title, e.g. 資産価値
    columns: str  # the column axis title, e.g. 頻度×脆弱性
    legend: str  # "{name} ({low}–{high}): {count}"


def level_counts(heat_map: HeatMap, bands: list[LevelBand]) -> dict[str, int]:
    """How many risks each band holds in this map (they add up to the risks placed in it)."""
    counts = {band.name: 0 for band in bands}
    for (row, column), count in heat_map.counts.items():
        band = band_of(HeatMap.score(row, column), bands)
        if band is not None:
            counts[band.name] += count
    return counts


def heat_map_svg(heat_map: HeatMap, bands: list[LevelBand], labels: HeatMapLabels) -> str:
    grid_left = _MARGIN + _AXIS_WIDTH + _LABEL_WIDTH
    grid_top = _MARGIN + _TITLE_HEIGHT
    grid_width = _CELL_WIDTH * len(heat_map.columns)
    grid_height = _CELL_HEIGHT * len(heat_map.rows)
    legend_top = grid_top + grid_height + _CELL_HEIGHT + 12
    legend = _legend(heat_map, bands, labels, _MARGIN, legend_top)
    width = max(grid_left + grid_width, _MARGIN + _text_width(labels.title), legend.width)
    height = legend_top + _LEGEND_LINE * len(bands) + _MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + _MARGIN}" height="{height}" '
        f'viewBox="0 0 {width + _MARGIN} {height}" font-family="sans-serif" font-size="13" '
        f'role="img" aria-label="{escape(labels.title)}">',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        _text(_MARGIN, _MARGIN + 16, labels.title, bold=True, anchor="start"),
        *_cells(heat_map, bands, grid_left, grid_top),
        *_axes(heat_map, labels, grid_left, grid_top),
        *legend.parts,
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _cells(heat_map: HeatMap, bands: list[LevelBand], left: int, top: int) -> list[str]:
    parts = []
    for row_index, row in enumerate(heat_map.rows):
        y = top + _CELL_HEIGHT * row_index
        for column_index, column in enumerate(heat_map.columns):
            x = left + _CELL_WIDTH * column_index
            band = band_of(HeatMap.score(row, column), bands)
            color = band.color if band else OFF_SCALE_COLOR
            parts.append(
                f'<rect x="{x}" y="{y}" width="{_CELL_WIDTH}" height="{_CELL_HEIGHT}" '
                f'fill="{color}" stroke="#ffffff" stroke-width="2"/>'
            )
            count = heat_map.counts.get((row, column), 0)
            if count:
                parts.append(_text(x + _CELL_WIDTH // 2, y + _CELL_HEIGHT // 2 + 5, str(count)))
    return parts


def _axes(heat_map: HeatMap, labels: HeatMapLabels, left: int, top: int) -> list[str]:
    parts = []
    for row_index, row in enumerate(heat_map.rows):
        y = top + _CELL_HEIGHT * row_index + _CELL_HEIGHT // 2 + 5
        parts.append(_text(left - _LABEL_WIDTH // 2, y, str(row)))
    bottom = top + _CELL_HEIGHT * len(heat_map.rows)
    for column_index, column in enumerate(heat_map.columns):
        x = left + _CELL_WIDTH * column_index + _CELL_WIDTH // 2
        parts.append(_text(x, bottom + 18, str(column)))
    middle_x = left + _CELL_WIDTH * len(heat_map.columns) // 2
    parts.append(_text(middle_x, bottom + 36, labels.columns))
    middle_y = top + _CELL_HEIGHT * len(heat_map.rows) // 2
    axis_x = _MARGIN + _AXIS_WIDTH // 2
    parts.append(
        f'<text x="{axis_x}" y="{middle_y}" text-anchor="middle" '
        f'transform="rotate(-90 {axis_x} {middle_y})">{escape(labels.rows)}</text>'
    )
    return parts


@dataclass(frozen=True)
class _Legend:
    parts: list[str]
    width: int


def _legend(
    heat_map: HeatMap, bands: list[LevelBand], labels: HeatMapLabels, left: int, top: int
) -> _Legend:
    counts = level_counts(heat_map, bands)
    parts, width = [], 0
    for index, band in enumerate(bands):
        y = top + _LEGEND_LINE * index
        line = labels.legend.format(
            name=band.name, low=band.low, high=band.high, count=counts[band.name]
        )
        parts.append(
            f'<rect x="{left}" y="{y}" width="18" height="18" fill="{band.color}" '
            'stroke="#757575" stroke-width="1"/>'
        )
        parts.append(_text(left + 26, y + 14, line, anchor="start"))
        width = max(width, left + 26 + _text_width(line))
    return _Legend(parts, width)


def _text(x: int, y: int, value: str, *, bold: bool = False, anchor: str = "middle") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}"{weight}>{escape(value)}</text>'


def _text_width(text: str) -> int:
    return int(display_width(text) * _CHAR_WIDTH) + 1
