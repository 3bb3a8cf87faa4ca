"""The heat map of the dashboard: one cell per (row, column) rating, coloured and patterned by the
level of its score (row × column), the count of risks in it, and a legend with each level's count.

The counts are those of `risk.evaluation.HeatMap`; a cell carries them in data attributes too, so
that a test (or a reader's tool) can check the picture against the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from ismskit.risk.evaluation import HeatMap
from ismskit.site.levels import OFF_SCALE_COLOR, Level, level_of
from ismskit.site.svg import (
    GRID,
    INK,
    Fill,
    attribute,
    frame,
    label,
    legend_row,
    pattern_def,
    text_width,
)

_CELL_WIDTH = 56
_CELL_HEIGHT = 40
_MARGIN = 12
_AXIS = 24  # the row axis title, turned on its side
_ROW_LABELS = 30
_LEGEND_LINE = 24


@dataclass(frozen=True)
class HeatMapText:
    title: str
    rows: str  # the row axis title, e.g. 資産価値
    columns: str  # the column axis title, e.g. 頻度×脆弱性
    description: str
    cell: str  # "{rows} {row} × {columns} {column} = {score} ({level}): {count}"
    legend: str  # "{name} ({low}–{high}): {count}"


def level_counts(heat_map: HeatMap, levels: list[Level]) -> dict[str, int]:
    """How many risks of the map each level holds."""
    counts = {level.name: 0 for level in levels}
    for (row, column), count in heat_map.counts.items():
        level = level_of(HeatMap.score(row, column), levels)
        if level is not None:
            counts[level.name] += count
    return counts


def heat_map_svg(chart_id: str, heat_map: HeatMap, levels: list[Level], text: HeatMapText) -> str:
    left = _MARGIN + _AXIS + _ROW_LABELS
    grid_width = _CELL_WIDTH * len(heat_map.columns)
    grid_bottom = _MARGIN + _CELL_HEIGHT * len(heat_map.rows)
    legend_top = grid_bottom + 66
    counts = level_counts(heat_map, levels)
    legend, legend_width = _legend(chart_id, levels, counts, text, legend_top)
    width = max(left + grid_width, legend_width, left + text_width(text.columns)) + _MARGIN
    height = legend_top + _LEGEND_LINE * len(levels)
    return "".join(
        [
            frame(chart_id, width, height, text.title, text.description),
            "<defs>",
            *(pattern_def(f"{chart_id}-level-{level.index}", _fill(level)) for level in levels),
            pattern_def(f"{chart_id}-off", Fill(OFF_SCALE_COLOR, 0)),
            "</defs>",
            *_cells(chart_id, heat_map, levels, text, left),
            *_axes(heat_map, text, left, grid_bottom),
            *legend,
            "</svg>",
        ]
    )


def _fill(level: Level) -> Fill:
    return Fill(level.color, level.index)


def _cells(
    chart_id: str, heat_map: HeatMap, levels: list[Level], text: HeatMapText, left: int
) -> list[str]:
    parts = []
    for row_index, row in enumerate(heat_map.rows):
        y = _MARGIN + _CELL_HEIGHT * row_index
        for column_index, column in enumerate(heat_map.columns):
            x = left + _CELL_WIDTH * column_index
            score = HeatMap.score(row, column)
            level = level_of(score, levels)
            count = heat_map.counts.get((row, column), 0)
            fill = f"{chart_id}-level-{level.index}" if level else f"{chart_id}-off"
            name = level.name if level else "-"
            tip = text.cell.format(
                rows=text.rows, row=row, columns=text.columns, column=column, score=score,
                level=name, count=count,
            )  # fmt: skip
            parts.append(
                f'<g class="heat-cell" data-row="{row}" data-column="{column}" '
                f'data-count="{count}" data-level="{attribute(name)}">'
                f"<title>{attribute(tip)}</title>"
                f'<rect x="{x}" y="{y}" width="{_CELL_WIDTH}" height="{_CELL_HEIGHT}" '
                f'fill="url(#{fill})" stroke="#ffffff" stroke-width="2"/>'
            )
            if count:
                parts.append(
                    f'<rect x="{x + 14}" y="{y + 9}" width="28" height="22" rx="4" '
                    f'fill="#ffffff" fill-opacity="0.85"/>'
                )
                parts.append(label(x + _CELL_WIDTH / 2, y + 25, str(count), bold=True))
            parts.append("</g>")
    return parts


def _axes(heat_map: HeatMap, text: HeatMapText, left: int, bottom: int) -> list[str]:
    parts = []
    for row_index, row in enumerate(heat_map.rows):
        y = _MARGIN + _CELL_HEIGHT * row_index + _CELL_HEIGHT / 2 + 5
        parts.append(label(left - _ROW_LABELS / 2, y, str(row)))
    for column_index, column in enumerate(heat_map.columns):
        x = left + _CELL_WIDTH * column_index + _CELL_WIDTH / 2
        parts.append(label(x, bottom + 18, str(column)))
    middle_x = left + _CELL_WIDTH * len(heat_map.columns) / 2
    parts.append(label(middle_x, bottom + 40, text.columns))
    middle_y = _MARGIN + _CELL_HEIGHT * len(heat_map.rows) / 2
    axis_x = _MARGIN + _AXIS / 2
    parts.append(
        f'<text x="{axis_x:g}" y="{middle_y:g}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 {axis_x:g} {middle_y:g})">{attribute(text.rows)}</text>'
    )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{left + _CELL_WIDTH * len(heat_map.columns)}" '
        f'y2="{bottom}" stroke="{GRID}"/>'
    )
    return parts


def _legend(
    chart_id: str, levels: list[Level], counts: dict[str, int], text: HeatMapText, top: int
) -> tuple[list[str], int]:
    parts, width = [], 0
    for position, level in enumerate(levels):
        line = text.legend.format(
            name=level.name, low=level.low, high=level.high, count=counts[level.name]
        )
        y = top + _LEGEND_LINE * position
        drawn, used = legend_row(_MARGIN, y, f"{chart_id}-level-{level.index}", line)
        parts.append(f'<g class="legend-item" data-level="{attribute(level.name)}">{drawn}</g>')
        width = max(width, _MARGIN + used)
    return parts, width
