"""The trend page: risks by level, open nonconformities and the share of applicable controls
implemented, at each point of `history.trend` (a month or a tag), as lines and as a table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ismskit.history.trend import Posture, TrendPoint
from ismskit.site.levels import Level, level_of, risk_levels
from ismskit.site.line_chart import LineChart, Series, line_chart_svg

_NONCONFORMITY_COLOR = "#c62828"
_SOA_COLOR = "#2e7d32"
# Lines are thinner than cells: the level colours of the heat map, darkened to read as lines.
_LINE_COLORS = ("#43a047", "#f9a825", "#ef6c00", "#c62828", "#8e24aa")


@dataclass(frozen=True)
class TrendRow:
    label: str
    commit: str | None
    by_level: dict[str, int]
    risks: int
    open_nonconformities: int
    soa_share: int | None  # percent of applicable controls implemented


def trend_page(points: list[TrendPoint], text: dict[str, str], now_label: str) -> dict[str, Any]:
    names = _level_names(points, text)
    rows = [_row(point, names, text, now_label) for point in points]
    labels = [row.label for row in rows]
    return {
        "rows": rows,
        "level_names": names,
        "levels_svg": Markup(line_chart_svg(_levels_chart(rows, names, labels, text))),
        "nonconformities_svg": Markup(line_chart_svg(_nonconformities_chart(rows, labels, text))),
        "soa_svg": Markup(line_chart_svg(_soa_chart(rows, labels, text))),
    }


def _levels_of(posture: Posture, text: dict[str, str]) -> list[Level]:
    return risk_levels(posture.policy, text) if posture.policy else []


def _level_names(points: list[TrendPoint], text: dict[str, str]) -> list[str]:
    """The current levels in order, then any older level name, in the order first met."""
    names: list[str] = []
    for point in [points[-1], *points[:-1]] if points else []:
        names += [lv.name for lv in _levels_of(point.posture, text) if lv.name not in names]
    return names


def _row(point: TrendPoint, names: list[str], text: dict[str, str], now_label: str) -> TrendRow:
    posture = point.posture
    levels = _levels_of(posture, text)
    by_level = dict.fromkeys(names, 0)
    # Scores are few distinct numbers over many risks: each placed once.
    for score, count in Counter(score.score for score in posture.scores).items():
        level = level_of(score, levels)
        if level is not None:
            by_level[level.name] += count
    applicable = posture.soa_applicable
    share = round(100 * posture.soa_implemented / applicable) if applicable else None
    label = point.label if point.commit else now_label
    return TrendRow(
        label, point.commit, by_level, len(posture.scores), posture.open_nonconformities, share
    )


def _levels_chart(
    rows: list[TrendRow], names: list[str], labels: list[str], text: dict[str, str]
) -> LineChart:
    series = [
        Series(
            f"level-{index}",
            name,
            _LINE_COLORS[min(index, len(_LINE_COLORS) - 1)],
            [float(row.by_level[name]) for row in rows],
        )
        for index, name in enumerate(names)
    ]
    return LineChart(
        "trend-levels",
        text["site_trend_levels"],
        text["site_trend_levels_desc"],
        labels,
        series,
        unit=text["site_count"],
        tip=text["site_line_tip"],
    )


def _nonconformities_chart(
    rows: list[TrendRow], labels: list[str], text: dict[str, str]
) -> LineChart:
    values: list[float | None] = [float(row.open_nonconformities) for row in rows]
    series = [Series("open-nonconformities", text["site_trend_nc"], _NONCONFORMITY_COLOR, values)]
    return LineChart(
        "trend-nonconformities",
        text["site_trend_nc"],
        text["site_trend_nc_desc"],
        labels,
        series,
        unit=text["site_count"],
        tip=text["site_line_tip"],
    )


def _soa_chart(rows: list[TrendRow], labels: list[str], text: dict[str, str]) -> LineChart:
    values = [None if row.soa_share is None else float(row.soa_share) for row in rows]
    series = [Series("soa-implemented", text["site_trend_soa_short"], _SOA_COLOR, values)]
    return LineChart(
        "trend-soa",
        text["site_trend_soa"],
        text["site_trend_soa_desc"],
        labels,
        series,
        unit="{value}%",
        tip=text["site_line_tip"],
    )
