"""One escaping policy per output kind: what register text becomes in CSV, Markdown and HTML.

Register text arrives in pull requests, and every output has a consumer that reads more into it
than text: a spreadsheet runs a cell that starts like a formula, a Markdown renderer (mkdocs,
pandoc, a site) passes HTML through and follows links. Every writer of an output kind calls the
one function of its kind here, so that no output escapes a little differently from another.
"""

from __future__ import annotations

import html
import re

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (a tab
# or carriage return in front of `=` still is, in some of them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",  # a table cell ends at a pipe
        "&": "&amp;",
        "<": "&lt;",  # no HTML: no <script>, no <img onerror=...>, no autolink <javascript:...>
        ">": "&gt;",
        "[": "\\[",  # no link or image: [x](javascript:...), ![x](...), [x]: reference
        "]": "\\]",
    }
)
# Every line break Python knows, a lone carriage return included: one would split a table row.
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# What makes a line a heading, a list item, a rule or a code fence where it starts a line.
_BLOCK_START = re.compile(r"^([ \t]*)(?:([#*+=_`~-])|(\d{1,9})(?=[.)]))")


def csv_text(text: str) -> str:
    """A spreadsheet cell's text: a leading apostrophe keeps a formula starter as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text_read(text: str) -> str:
    """The text that `csv_text` guarded, as it was (import takes the apostrophe off again)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def markdown_text(text: str) -> str:
    """Register text inside a Markdown document: shown as written, never read as markup.

    HTML and link syntax are escaped, and every line break becomes `<br>`, so the text stays in
    its table cell, list item or line.
    """
    return "<br>".join(_LINE_BREAKS.split(text.translate(_MARKDOWN)))


def markdown_paragraph(text: str) -> str:
    """Multi-line register text as lines of a paragraph: escaped as `markdown_text`, each line
    ending in `<br>` and kept on a line of its own (a readable diff of a committed document).
    What would start a block where a line starts (`#`, `-`, `1.`, a code fence) is escaped too."""
    lines = _LINE_BREAKS.split(text.translate(_MARKDOWN))
    return "<br>\n".join(_BLOCK_START.sub(_escape_block_start, line) for line in lines)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker, number = match.groups()
    return f"{indent}{number}\\" if number else f"{indent}\\{marker}"


def html_text(text: str, separator: str = "<br>") -> str:
    """Register text inside HTML: everything escaped, line breaks kept as `<br>`."""
    return separator.join(html.escape(line, quote=True) for line in _LINE_BREAKS.split(text))
