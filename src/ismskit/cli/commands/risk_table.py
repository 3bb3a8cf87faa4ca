"""The terminal view of the risk evaluation: a rich table, the summary and a heat map."""

from __future__ import annotations

from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ismskit.cli.commands.risk_summary import summary_lines
from ismskit.risk.evaluation import EvaluatedRisk, Evaluation, HeatMap

_LEVEL_STYLES = ("green", "yellow", "red", "bold red")


def print_risk_table(evaluation: Evaluation, text: dict[str, str], stream: TextIO) -> None:
    from ismskit.cli.commands.terminal import show

    def draw(console: Console) -> None:
        console.print(_risks_table(evaluation, text, console.width))
        console.print(_summary_table(evaluation, text))
        console.print(_heat_map_table(evaluation.heat_map, text))

    # Piped output (CI logs, files) has no terminal width: keep rows on one line.
    show(stream, 140, draw)


# Headers for terminals under 110 columns, where the full Japanese ones leave no room for names.
_SHORT_HEADERS = {
    "ja": {"asset_value": "価値", "vulnerability": "脆弱", "score": "値", "residual": "残留"},
    "en": {"frequency": "F", "vulnerability": "Vu", "treatment": "Treat.", "residual": "Res."},
}


def _risks_table(evaluation: Evaluation, text: dict[str, str], width: int) -> Table:
    """Numbers never shrink: the asset and threat names share what width is left, cut with `…`."""
    narrow = width < 110
    if narrow:
        language = "ja" if text["treatment"] == "対応" else "en"
        text = {**text, **_SHORT_HEADERS[language]}
    table = Table(title=text["risk_assessment"], title_justify="left", show_edge=not narrow)
    rating_keys = tuple(evaluation.risks[0].ratings) if evaluation.risks else ()
    numbers = [text[key] for key in (*rating_keys, "score")]
    words = [text["level"], text["treatment"]]
    id_width = max((cell_len(row.id) for row in evaluation.risks), default=4)
    columns = [*numbers, *words, text["residual"]]
    # Each column costs its text, a space either side and one border.
    used = id_width + sum(max(cell_len(label), 3) for label in columns) + 3 * (len(columns) + 3)
    name_width = max(8, (width - used) // 2)
    table.add_column(text["id"], no_wrap=True, min_width=id_width)
    for label in (text["asset"], text["threat"]):
        table.add_column(label, max_width=name_width, no_wrap=True, overflow="ellipsis")
    for label in numbers:
        table.add_column(label, justify="right", no_wrap=True, min_width=cell_len(label))
    for label in words:
        table.add_column(label, no_wrap=True, min_width=cell_len(label))
    residual = text["residual"]
    table.add_column(residual, justify="right", no_wrap=True, min_width=cell_len(residual))
    levels = list(evaluation.summary["by_level"])
    for row in evaluation.risks:
        table.add_row(*_cells(row, text, levels))
    return table


def _cells(row: EvaluatedRisk, text: dict[str, str], levels: list[str]) -> list[Text | str]:
    style = _level_style(row.score.level, levels)
    score = Text(str(row.score.score), style="bold" if not row.score.acceptable else "")
    return [
        row.id,
        f"{row.asset or ''} {row.asset_name or ''}".strip(),
        f"{row.threat or ''} {row.threat_name or ''}".strip(),
        *(str(value) for value in row.ratings.values()),
        score,
        Text(row.score.level or "", style=style),
        text[row.treatment],
        Text(str(row.score.residual), style=_level_style(row.score.residual_level, levels)),
    ]


def _level_style(level: str | None, levels: list[str]) -> str:
    if level is None or level not in levels:
        return ""
    position = levels.index(level) * (len(_LEVEL_STYLES) - 1) // max(len(levels) - 1, 1)
    return _LEVEL_STYLES[position]


def _summary_table(evaluation: Evaluation, text: dict[str, str]) -> Table:
    table = Table(title=text["summary"], title_justify="left", show_header=False)
    table.add_column()
    table.add_column(justify="right")
    for label, value in summary_lines(evaluation, text):
        table.add_row(label, value)
    return table


def _heat_map_table(heat_map: HeatMap, text: dict[str, str]) -> Table:
    table = Table(title=text["heat_map"], title_justify="left")
    table.add_column(f"{text[heat_map.row_label]} \\ {text[heat_map.column_label]}")
    for column in heat_map.columns:
        table.add_column(str(column), justify="right")
    for row in heat_map.rows:
        counts = [heat_map.counts.get((row, column), 0) for column in heat_map.columns]
        table.add_row(str(row), *(str(count) if count else "·" for count in counts))
    return table
