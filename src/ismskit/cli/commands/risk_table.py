"""The terminal view of the risk evaluation: a table of the risks, the summary and a heat map."""

from __future__ import annotations

from typing import TextIO

from ismskit.cli.commands.risk_summary import summary_lines
from ismskit.cli.grid import Cell, Column, render_table, use_color
from ismskit.risk.evaluation import EvaluatedRisk, Evaluation, HeatMap
from ismskit.text_width import display_width

_LEVEL_STYLES = ("green", "yellow", "red", "bold red")


def print_risk_table(evaluation: Evaluation, text: dict[str, str], stream: TextIO) -> None:
    from ismskit.cli.commands.terminal import page_or_write, width_of

    # Piped output (CI logs, files) has no terminal width: keep rows on one line.
    width = width_of(stream, 140)
    color = use_color(stream)
    page_or_write(
        stream,
        _risks_table(evaluation, text, width, color)
        + _summary_table(evaluation, text, color)
        + _heat_map_table(evaluation.heat_map, text, color),
    )


# Headers for terminals under 110 columns, where the full Japanese ones leave no room for names.
_SHORT_HEADERS = {
    "ja": {"asset_value": "価値", "vulnerability": "脆弱", "score": "値", "residual": "残留"},
    "en": {"frequency": "F", "vulnerability": "Vu", "treatment": "Treat.", "residual": "Res."},
}


def _risks_table(evaluation: Evaluation, text: dict[str, str], width: int, color: bool) -> str:
    """Numbers never shrink: the asset and threat names share what width is left, cut with `…`."""
    narrow = width < 110
    if narrow:
        language = "ja" if text["treatment"] == "対応" else "en"
        text = {**text, **_SHORT_HEADERS[language]}
    rating_keys = tuple(evaluation.risks[0].ratings) if evaluation.risks else ()
    numbers = [text[key] for key in (*rating_keys, "score")]
    words = [text["level"], text["treatment"]]
    id_width = max((display_width(row.id) for row in evaluation.risks), default=4)
    labels = [*numbers, *words, text["residual"]]
    # Each column costs its text, a space either side and one border.
    used = id_width + sum(max(display_width(label), 3) for label in labels) + 3 * (len(labels) + 3)
    name_width = max(8, (width - used) // 2)
    columns = [
        Column(text["id"], min_width=id_width, shrinks=False),
        Column(text["asset"], max_width=name_width),
        Column(text["threat"], max_width=name_width),
        *(
            Column(label, right=True, min_width=display_width(label), shrinks=False)
            for label in numbers
        ),
        *(Column(label, min_width=display_width(label), shrinks=False) for label in words),
        Column(
            text["residual"], right=True, min_width=display_width(text["residual"]), shrinks=False
        ),
    ]
    levels = list(evaluation.summary["by_level"])
    rows = [_cells(row, text, levels) for row in evaluation.risks]
    return render_table(
        columns, rows, width=width, color=color, title=text["risk_assessment"], show_edge=not narrow
    )


def _cells(row: EvaluatedRisk, text: dict[str, str], levels: list[str]) -> list[Cell]:
    style = _level_style(row.score.level, levels)
    return [
        row.id,
        f"{row.asset or ''} {row.asset_name or ''}".strip(),
        f"{row.threat or ''} {row.threat_name or ''}".strip(),
        *(str(value) for value in row.ratings.values()),
        (str(row.score.score), "bold" if not row.score.acceptable else ""),
        (row.score.level or "", style),
        text[row.treatment],
        (str(row.score.residual), _level_style(row.score.residual_level, levels)),
    ]


def _level_style(level: str | None, levels: list[str]) -> str:
    if level is None or level not in levels:
        return ""
    position = levels.index(level) * (len(_LEVEL_STYLES) - 1) // max(len(levels) - 1, 1)
    return _LEVEL_STYLES[position]


def _summary_table(evaluation: Evaluation, text: dict[str, str], color: bool) -> str:
    columns = [Column(""), Column("", right=True)]
    rows: list[list[Cell]] = [[label, value] for label, value in summary_lines(evaluation, text)]
    return render_table(
        columns, rows, width=None, color=color, title=text["summary"], show_header=False
    )


def _heat_map_table(heat_map: HeatMap, text: dict[str, str], color: bool) -> str:
    corner = f"{text[heat_map.row_label]} \\ {text[heat_map.column_label]}"
    columns = [Column(corner), *(Column(str(column), right=True) for column in heat_map.columns)]
    rows: list[list[Cell]] = []
    for row in heat_map.rows:
        counts = [heat_map.counts.get((row, column), 0) for column in heat_map.columns]
        rows.append([str(row), *(str(count) if count else "·" for count in counts)])
    return render_table(columns, rows, width=None, color=color, title=text["heat_map"])
