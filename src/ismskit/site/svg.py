"""What every chart of the site is drawn with: escaped text, fill patterns, the accessible frame.

Every text that may come from the registers (a level's name, a unit's name) goes through `text`
or `attribute`, which escape it; numbers are formatted here. Nothing is drawn by script: the SVG is
finished markup, so the page works with scripts off and prints as it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ismskit.text_width import display_width

FONT_SIZE = 13
_CHAR_WIDTH = 7.2  # per display cell at FONT_SIZE: a wide (Japanese) character takes two
INK = "#212121"
GRID = "#9e9e9e"


@dataclass(frozen=True)
class Fill:
    """A colour with a pattern over it: the pattern tells what the colour alone may not."""

    color: str
    pattern: int  # 0 plain, 1 dots, 2 diagonal lines, 3 cross-hatch, 4 horizontal lines, ...


def attribute(value: str) -> str:
    return escape(value, quote=True)


def text_width(value: str, size: int = FONT_SIZE) -> int:
    return int(display_width(value) * _CHAR_WIDTH * size / FONT_SIZE) + 1


def label(
    x: float, y: float, value: str, *, anchor: str = "middle", bold: bool = False, size: int = 0
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    font = f' font-size="{size}"' if size else ""
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" fill="{INK}"{weight}{font}>'
        f"{escape(value, quote=False)}</text>"
    )


_PATTERN_PATHS = (
    "",
    '<circle cx="4" cy="4" r="1.3"/>',
    '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6"/>',
    '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6 M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2"/>',
    '<path d="M0,4 L8,4"/>',
    '<path d="M4,0 L4,8"/>',
)


def pattern_def(pattern_id: str, fill: Fill) -> str:
    """A <pattern> painting the colour with its marks; reference it as url(#pattern_id)."""
    marks = _PATTERN_PATHS[fill.pattern % len(_PATTERN_PATHS)]
    return (
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{fill.color}"/>'
        f'<g fill="{INK}" stroke="{INK}" stroke-width="1" fill-opacity="0.45" '
        f'stroke-opacity="0.35">{marks}</g></pattern>'
    )


def frame(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    """The opening tag, named by its <title> and described by its <desc> (for screen readers)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT_SIZE}">'
        f'<title id="{chart_id}-title">{escape(title, quote=False)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description, quote=False)}</desc>'
    )


def legend_row(x: float, y: float, pattern_id: str, value: str) -> tuple[str, int]:
    """One legend entry (swatch and text) and the width it takes."""
    swatch = (
        f'<rect x="{x:g}" y="{y - 12:g}" width="16" height="16" fill="url(#{pattern_id})" '
        f'stroke="{GRID}" stroke-width="1"/>'
    )
    return swatch + label(x + 22, y + 1, value, anchor="start"), 22 + text_width(value)
