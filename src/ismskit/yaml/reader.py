"""Reading one register file: bytes in, a located document and findings out.

Reading composes each file with ruamel.yaml's C parser (libyaml speed) and builds plain Python
values ourselves from the nodes, so that every mapping key and value keeps its line and column,
duplicate keys and alias bombs are caught, and only the scalar types of YAML 1.2 are produced.
Library errors never leave this package: they become findings.
"""

from __future__ import annotations

from typing import Any

from ismskit.findings import Finding
from ismskit.messages import message
from ismskit.yaml.builder import DocumentBuilder
from ismskit.yaml.compose import NulCharacterError, compose
from ismskit.yaml.limits import (
    DEFAULT_LIMITS,
    ReadLimits,
    file_finding,
    flow_too_deep,
    size_message,
)
from ismskit.yaml.located import LocatedDocument


def load_document(
    file: str, raw: bytes, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[LocatedDocument | None, list[Finding]]:
    """Parse one file. Returns the document (None when it cannot be read) and its findings."""
    if len(raw) > limits.max_bytes:
        return None, [file_finding(file, "yaml-limit", size_message(len(raw), limits.max_bytes))]
    text, finding = _decode(file, raw)
    if text is None:
        return None, [finding] if finding else []
    too_deep = flow_too_deep(file, text, limits.max_depth)
    if too_deep is not None:
        return None, [too_deep]
    try:
        root = compose(text)
    except Exception as error:  # noqa: BLE001 - every parser failure becomes a finding
        return None, [_typing_slip(file, text, error) or _parse_error_finding(file, error)]
    # Without an anchor there is no alias to expand, and no need to count nodes for the budget.
    builder = DocumentBuilder(file, root, text, has_anchors="&" in text, limits=limits)
    document = builder.build()
    return (None if builder.fatal else document), builder.findings


def _decode(file: str, raw: bytes) -> tuple[str | None, Finding | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        offset = error.start
        before = raw[:offset]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        text = message(
            "the file is not valid UTF-8 (byte 0x{byte} at offset {offset}); save it as UTF-8",
            byte=f"{raw[offset]:02x}",
            offset=offset,
        )
        return None, file_finding(file, "yaml-encoding", text, line, column)


_SLIPS = (
    ("\t", message("a tab is used for indentation; YAML indents with spaces only")),
    ("\u3000", message("a full-width space (全角スペース) is used; use half-width spaces")),
    ("：", message("a full-width colon (全角コロン) is used; write ':' followed by a space")),
)


def _typing_slip(file: str, text: str, error: Exception) -> Finding | None:
    """A tab, full-width space or full-width colon on or just before the line the parser
    stumbled on: pointed at, with the fix, instead of the parser's own words."""
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    lines = text.splitlines()
    for number in range(max(mark.line - 1, 0), min(mark.line + 1, len(lines) - 1) + 1):
        line = lines[number]
        stripped = line.lstrip(" \t\u3000")
        for character, advice in _SLIPS:
            column = line.find(character)
            if column < 0 or (character != "：" and column >= len(line) - len(stripped)):
                continue
            return file_finding(
                file,
                "yaml-syntax",
                message("YAML syntax error: {advice}", advice=advice),
                number + 1,
                column + 1,
            )
    return None


def _parse_error_finding(file: str, error: Exception) -> Finding:
    if isinstance(error, NulCharacterError):
        text = message("the file contains a NUL character; YAML files must be plain text")
        return file_finding(file, "yaml-syntax", text, error.line + 1, error.column + 1)
    if "expected a single document" in str(error):
        text = message("the file holds more than one YAML document; keep one document per file")
        mark = getattr(error, "problem_mark", None)
        return file_finding(file, "yaml-syntax", text, *_one_based(mark))
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = str(getattr(error, "context", None) or "")
    if context_mark is not None and _starts_the_mistake(context):
        # An unclosed quote or bracket, a key without its colon: the mistake is where the
        # construct starts; the parser only notices it later.
        line, column = _one_based(problem_mark)
        text = message(
            "YAML syntax error: {problem} ({context} that starts here; noticed at line {line}, "
            "column {column})",
            problem=_parser_words(problem),
            context=_parser_words(context),
            line=line,
            column=column,
        )
        return file_finding(file, "yaml-syntax", text, *_one_based(context_mark))
    if context:
        text = message(
            "YAML syntax error: {problem} ({context})",
            problem=_parser_words(problem),
            context=_parser_words(context),
        )
    else:
        text = message("YAML syntax error: {problem}", problem=_parser_words(problem))
    return file_finding(file, "yaml-syntax", text, *_one_based(problem_mark or context_mark))


def _parser_words(text: str) -> str:
    """The parser's own words, as a message: the common ones are in the catalogue."""
    return message(text.replace("{", "{{").replace("}", "}}"))


def _starts_the_mistake(context: str) -> bool:
    return context.startswith("while scanning") or "flow" in context


def _one_based(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
