"""Lines over time: one point per month or per tag, each series with its own colour, dash and
marker, and its name written at its last point (the legend does not depend on colour)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ismskit.site.svg import GRID, INK, attribute, frame, label, text_width

_MARGIN = 12
_AXIS_WIDTH = 44
_PLOT_HEIGHT = 200
_STEP_MIN = 36
_PLOT_MIN = 360
_NAME_GAP = 15  # the least distance between two series names, in pixels
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")

_Scale = Callable[[float], float]  # a value to its height on the plot
_Position = Callable[[int], float]  # a point's index to its place along the axis


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    color: str
    values: list[float | None]  # one per point; None: no value there


@dataclass(frozen=True)
class LineChart:
    chart_id: str
    title: str
    description: str
    points: list[str]  # the label of each point (2026-05, v1.2, ...)
    series: list[Series]
    unit: str = "{value}"  # how a value reads, e.g. "{value}%"
    tip: str = "{point}: {series} {value}"


def line_chart_svg(chart: LineChart) -> str:
    ticks = _ticks(max((v for s in chart.series for v in s.values if v is not None), default=0))
    top_value = ticks[-1]
    step = max(_STEP_MIN, _PLOT_MIN // max(len(chart.points), 1))
    left, top = _MARGIN + _AXIS_WIDTH, _MARGIN + 8
    plot_width = step * max(len(chart.points) - 1, 1)
    names_width = max((text_width(s.label) for s in chart.series), default=0)
    width = left + plot_width + 16 + names_width + _MARGIN
    height = top + _PLOT_HEIGHT + 70

    def x_of(index: int) -> float:
        return left + (step * index if len(chart.points) > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return top + _PLOT_HEIGHT - (value / top_value) * _PLOT_HEIGHT

    parts = [frame(chart.chart_id, width, height, chart.title, chart.description)]
    parts += _grid(chart, ticks, left, plot_width, y_of)
    parts += _x_labels(chart, x_of, top + _PLOT_HEIGHT)
    for number, series in enumerate(chart.series):
        parts += _line(chart, series, number, x_of, y_of)
    parts += _names(chart, x_of, y_of)
    parts.append("</svg>")
    return "".join(parts)


def _ticks(largest: float) -> list[float]:
    """Round ticks from 0 to at or above `largest`: steps of 1, 2 or 5 × a power of ten (at
    least 1: the values are counts or whole percentages), at most five intervals."""
    step = 1.0
    while largest > step * 5:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → ...
            step *= factor
            if largest <= step * 5:
                break
    intervals = max(1, int(-(-largest // step)))
    return [step * index for index in range(intervals + 1)]


def _grid(chart: LineChart, ticks: list[float], left: int, width: int, y_of: _Scale) -> list[str]:
    parts = []
    for tick, value in enumerate(ticks):
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="{1 if tick == 0 else 0.5}"/>'
        )
        parts.append(label(left - 6, y + 4, chart.unit.format(value=_number(value)), anchor="end"))
    return parts


def _x_labels(chart: LineChart, x_of: _Position, bottom: float) -> list[str]:
    every = max(1, len(chart.points) // 12)  # at most about twelve labels under the axis
    return [
        f'<text x="{x_of(index):.1f}" y="{bottom + 16:.1f}" text-anchor="end" fill="{INK}" '
        f'transform="rotate(-40 {x_of(index):.1f} {bottom + 16:.1f})">{attribute(point)}</text>'
        for index, point in enumerate(chart.points)
        if index % every == 0 or index == len(chart.points) - 1
    ]


def _line(
    chart: LineChart, series: Series, number: int, x_of: _Position, y_of: _Scale
) -> list[str]:
    placed = [(i, v) for i, v in enumerate(series.values) if v is not None]
    if not placed:
        return []
    dash = _DASHES[number % len(_DASHES)]
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in placed)
    parts = [
        f'<g class="series" data-key="{attribute(series.key)}">',
        f'<polyline points="{path}" fill="none" stroke="{series.color}" stroke-width="2.5"'
        f"{dashed}/>",
    ]
    for index, value in placed:
        tip = chart.tip.format(
            point=chart.points[index],
            series=series.label,
            value=chart.unit.format(value=_number(value)),
        )
        parts.append(
            f'<g class="point" data-point="{attribute(chart.points[index])}" '
            f'data-value="{_number(value)}"><title>{attribute(tip)}</title>'
            f"{_marker(number, x_of(index), y_of(value), series.color)}</g>"
        )
    parts.append("</g>")
    return parts


def _names(chart: LineChart, x_of: _Position, y_of: _Scale) -> list[str]:
    """Each series' name beside its last point, moved apart where two would overlap."""
    ends: list[tuple[float, float, str]] = []
    for series in chart.series:
        placed = [(i, v) for i, v in enumerate(series.values) if v is not None]
        if placed:
            index, value = placed[-1]
            ends.append((y_of(value) + 4, x_of(index) + 10, series.label))
    ends.sort()
    parts, lowest = [], float("-inf")
    for y, x, name in ends:
        lowest = max(y, lowest + _NAME_GAP)
        parts.append(label(x, lowest, name, anchor="start"))
    return parts


def _marker(number: int, x: float, y: float, color: str) -> str:
    """A circle, square, triangle or diamond: a second way to tell the series apart."""
    shape = number % 4
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}" stroke="#ffffff"/>'
    if shape == 1:
        return (
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{color}" '
            'stroke="#ffffff"/>'
        )
    corners = (
        [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)]
        if shape == 2
        else [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
    )
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
    return f'<polygon points="{points}" fill="{color}" stroke="#ffffff"/>'


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
