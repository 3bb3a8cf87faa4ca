"""A heat map of risks as SVG: asset value or impact against likelihood, the count in each cell."""

from __future__ import annotations

from markupsafe import Markup

from ismskit.risk.evaluation import HeatMap

_CELL = 44


_COLORS = ("#c8e6c9", "#fff59d", "#ffcc80", "#ef9a9a")


def heat_map_svg(heat_map: HeatMap, text: dict[str, str]) -> Markup:
    """The heat map as an inline SVG: rows × columns of counts, warmer where ratings are higher.

    Markup: made of numbers and labels only, it is printed as it is (register text is escaped)."""
    width = _CELL * (len(heat_map.columns) + 1)
    height = _CELL * (len(heat_map.rows) + 1)
    top = max(heat_map.rows[0] * heat_map.columns[-1], 1) if heat_map.rows else 1
    cells = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="14" '
        f'role="img" aria-label="{text["heat_map"]}">'
    ]
    for row_index, row in enumerate(heat_map.rows):
        y = _CELL * row_index
        cells.append(_label(0, y, str(row)))
        for column_index, column in enumerate(heat_map.columns):
            x = _CELL * (column_index + 1)
            warmth = min(len(_COLORS) - 1, (row * column * len(_COLORS) - 1) // top)
            count = heat_map.counts.get((row, column), 0)
            cells.append(
                f'<rect x="{x}" y="{y}" width="{_CELL}" height="{_CELL}" '
                f'fill="{_COLORS[warmth]}" stroke="#ffffff"/>'
            )
            cells.append(_label(x, y, str(count) if count else ""))
    for column_index, column in enumerate(heat_map.columns):
        cells.append(_label(_CELL * (column_index + 1), _CELL * len(heat_map.rows), str(column)))
    cells.append("</svg>")
    return Markup("".join(cells))


def _label(x: int, y: int, value: str) -> str:
    middle = _CELL // 2
    return (
        f'<text x="{x + middle}" y="{y + middle + 5}" text-anchor="middle">{value}</text>'
        if value
        else ""
    )
