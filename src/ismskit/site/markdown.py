"""A document's Markdown as HTML, with nothing from the registers able to become markup.

Raw HTML in the Markdown is shown as text (markdown-it's `html` option off): a `<script>` in an
asset name reads as `<script>`. Two exceptions, both of our own making: the `<br>` that the `cell`
filter writes for a line break inside a table cell, and the figures a builder draws (SVG under a
context key ending in `_svg`), which are passed in as `figures` and put back after conversion.
Images load only from inside the site (a relative path without `..`): a page makes no request
elsewhere, whatever a register says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ismskit.site.tables import PLACEHOLDER, take_tables

_PLACEHOLDER = "ISMSKIT-FIGURE-{index}-END"
_TABLE_PARAGRAPH = re.compile("<p>" + PLACEHOLDER.replace("{index}", r"(\d+)") + "</p>\n?")
_ALIGN_CLASSES = {
    "text-align:left": "align-left",
    "text-align:right": "align-right",
    "text-align:center": "align-center",
}


def markdown_html(text: str, figures: Sequence[str] = (), *, fast_tables: bool = True) -> str:
    """The Markdown `text` as HTML; each figure found in it as a block is kept as markup.

    `fast_tables`: standalone pipe tables are converted by `tables.py` (the same HTML, faster).
    """
    for index, figure in enumerate(figures):
        text = text.replace(figure.strip(), f"\n\n{_PLACEHOLDER.format(index=index)}\n\n")
    parser = _parser()
    tables: list[str] = []
    if fast_tables:
        text, tables = take_tables(text, parser.renderInline)
    tokens = parser.parse(text)
    for token in tokens:
        style = token.attrGet("style")
        if isinstance(style, str) and style in _ALIGN_CLASSES:
            # A class, not an inline style: the pages' Content-Security-Policy allows no style="".
            token.attrs.pop("style")
            token.attrSet("class", _ALIGN_CLASSES[style])
    html: str = parser.renderer.render(tokens, parser.options, {})
    html = html.replace("<table>", '<div class="table-wrap"><table>')
    html = html.replace("</table>", "</table></div>")
    if tables:
        html = _TABLE_PARAGRAPH.sub(lambda match: tables[int(match.group(1))], html)
    html = html.replace("&lt;br&gt;", "<br>")
    for index, figure in enumerate(figures):
        html = html.replace(
            f"<p>{_PLACEHOLDER.format(index=index)}</p>", f'<div class="figure">{figure}</div>'
        )
    return html


def is_local_path(url: str) -> bool:
    """A path inside the site: relative, without a scheme, a host or a way up (`..`)."""
    if not url or url.startswith(("/", "\\")) or ":" in url.split("/", maxsplit=1)[0]:
        return False
    return ".." not in url.replace("\\", "/").split("/")


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    default_image = parser.renderer.rules["image"]  # type: ignore[attr-defined]

    def image(_renderer: Any, tokens: Any, index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        source = token.attrGet("src")
        if isinstance(source, str) and is_local_path(source):
            rendered: str = default_image(tokens, index, options, env)
            return rendered
        from html import escape

        return escape(token.content or "", quote=False)  # the alternative text, no request

    parser.add_render_rule("image", image)
    return parser
