"""Terminal tables drawn without rich: widths in display cells, cut or folded to fit."""

from __future__ import annotations

from ismskit.cli.grid import Column, render_table
from ismskit.text_width import display_width


def test_a_table_lines_up_japanese_text() -> None:
    text = render_table(
        [Column("ID"), Column("名称"), Column("値", right=True)],
        [["R-1", "住民基本台帳", "27"], ["R-10", "x", "3"]],
        width=None,
        color=False,
    )
    lines = text.splitlines()
    assert [lines[0][0], lines[2][0], lines[-1][0]] == ["┏", "┡", "└"]
    assert len({display_width(line) for line in lines}) == 1
    assert "│ R-10 │ x            │  3 │" in lines


def test_a_wide_table_folds_or_cuts_its_columns_to_fit() -> None:
    long = "あ" * 30
    text = render_table(
        [Column("cut", max_width=10), Column("fold", fold=True)],
        [[long, long]],
        width=40,
        color=False,
    )
    lines = text.splitlines()
    assert all(display_width(line) <= 40 for line in lines)
    assert "…" in lines[3]
    assert sum("あ" in line for line in lines) > 1  # the folded cell takes several lines
    joined = "".join(line.split("│")[2].strip() for line in lines[3:-1])
    assert joined == long


def test_styles_are_written_only_in_colour() -> None:
    rows = [[("27", "bold red")]]
    assert "\x1b[1;31m27\x1b[0m" in render_table([Column("v")], rows, width=None, color=True)
    assert "\x1b[" not in render_table([Column("v")], rows, width=None, color=False)
