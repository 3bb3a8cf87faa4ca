"""The posture delta for people: plain text for a terminal, Markdown for a pull-request comment."""

from __future__ import annotations

from typing import Any

from ismskit.escaping import markdown_text
from ismskit.history.posture import RISK_VALUES, PostureDiff
from ismskit.i18n.labels import labels
from ismskit.models.types import Language
from ismskit.text_width import aligned_columns

# CI finds and updates its one comment by this line.
COMMENT_MARKER = "<!-- isms-diff -->"
# GitHub refuses comments over 65,536 characters: stay well below, summarising the rest.
MAX_MARKDOWN_BYTES = 60_000
_DETAIL_ROWS = 200


def render_diff(diff: PostureDiff, language: Language, *, markdown: bool) -> str:
    text = labels(language)
    rows = _DETAIL_ROWS
    while True:
        rendered = _render(diff, text, markdown=markdown, rows=rows)
        if not markdown or len(rendered.encode()) <= MAX_MARKDOWN_BYTES or rows <= 5:
            return rendered
        rows //= 2


def _render(diff: PostureDiff, text: dict[str, str], *, markdown: bool, rows: int) -> str:
    lines: list[str] = [COMMENT_MARKER, f"## {text['diff_title']}", ""] if markdown else []
    head = text["diff_working_tree"] if diff.head == "working tree" else f"{diff.head[:12]}"
    lines.append(
        f"{text['diff_from']}: {_code(diff.base[:12], markdown)} → {text['diff_to']}: "
        f"{_code(head, markdown)}"
    )
    lines.append("")
    lines += _summary_lines(diff, text, markdown)
    if diff.is_empty:
        lines += ["", text["diff_none"]]
        return "\n".join(lines) + "\n"
    lines += _risk_section(diff, text, markdown, rows)
    lines += _acceptance_section(diff, text, markdown, rows)
    lines += _asset_and_threat_section(diff, text, markdown, rows)
    lines += _soa_section(diff, text, markdown, rows)
    return "\n".join(lines) + "\n"


def _code(value: str, markdown: bool) -> str:
    return f"`{value}`" if markdown else value


def _summary_lines(diff: PostureDiff, text: dict[str, str], markdown: bool) -> list[str]:
    summary = diff.summary
    items = [
        (text["diff_risks"], summary["risks"]),
        (text["above_acceptance"], summary["above_acceptance"]),
        (text["diff_total_score"], summary["total_score"]),
        (text["diff_total_residual"], summary["total_residual_score"]),
    ]
    if markdown:
        lines = ["| | | |", "|---|--:|--:|"]
        lines += [f"| {label} | {old} | {new} |" for label, (old, new) in items]
    else:
        lines = [f"{label}: {old} → {new}" for label, (old, new) in items]
    for key, ids in (
        ("diff_newly_above", diff.newly_above_acceptance),
        ("diff_unaccepted", diff.unaccepted_increases),
    ):
        if ids:
            lines += [
                "",
                f"{'**' if markdown else ''}{text[key]}{'**' if markdown else ''}: "
                + ", ".join(_ids(ids, markdown)),
            ]
    return lines


def _risk_section(diff: PostureDiff, text: dict[str, str], markdown: bool, rows: int) -> list[str]:
    lines: list[str] = []
    for key, ids in (("diff_added", diff.risks_added), ("diff_removed", diff.risks_removed)):
        if ids:
            lines += ["", f"{text[key]}: {_limited(_ids(ids, markdown), rows, text)}"]
    if not diff.risks_changed:
        return lines
    headers = [
        text["id"],
        text["score"],
        text["residual"],
        text["level"],
        text["acceptable"],
        text["treatment"],
        text["accepted_at"],
    ]
    table = [
        [item["id"], *(_pair(_translated(item[name], text)) for name in RISK_VALUES)]
        for item in diff.risks_changed
    ]
    lines += ["", f"{'### ' if markdown else ''}{text['diff_changed']}", ""]
    lines += _table(headers, table, markdown, rows, text)
    return lines


def _acceptance_section(
    diff: PostureDiff, text: dict[str, str], markdown: bool, rows: int
) -> list[str]:
    """Acceptances recorded, withdrawn, or no longer covering their risk: one line each."""
    changes = diff.acceptances
    if changes.is_empty:
        return []
    items = [text["diff_acceptance_outdated"].format(**item) for item in changes.outdated]
    items += [
        text["diff_acceptance_recorded"].format(
            id=item["id"],
            score=_show(item["accepted_score"]),
            by=item["accepted_by"],
            on=item["accepted_on"],
        )
        for item in changes.recorded
    ]
    items += [text["diff_acceptance_withdrawn"].format(id=risk_id) for risk_id in changes.withdrawn]
    bullet = "- " if markdown else "  "
    lines = ["", f"{'### ' if markdown else ''}{text['diff_acceptances']}", ""]
    lines += [bullet + (_cell(item) if markdown else item) for item in items[:rows]]
    if len(items) > rows:
        lines.append(text["diff_more"].format(count=len(items) - rows))
    return lines


def _asset_and_threat_section(
    diff: PostureDiff, text: dict[str, str], markdown: bool, rows: int
) -> list[str]:
    lines: list[str] = []
    revalued = diff.assets.get("revalued", [])
    if revalued:
        lines += ["", f"{'### ' if markdown else ''}{text['diff_assets']}", ""]
        table = [
            [
                item["id"],
                *(_pair(item[name]) for name in ("confidentiality", "integrity", "availability")),
                ", ".join(item["risks"]),
            ]
            for item in revalued
        ]
        headers = [text["asset"], "C", "I", "A", text["scores_moved"]]
        lines += _table(headers, table, markdown, rows, text)
    rerated = diff.threats.get("changed", [])
    if rerated:
        lines += ["", f"{'### ' if markdown else ''}{text['diff_threats']}", ""]
        table = [
            [item["id"], _pair(item["frequency"]), ", ".join(item["risks"])] for item in rerated
        ]
        lines += _table(
            [text["threat"], text["frequency"], text["scores_moved"]], table, markdown, rows, text
        )
    return lines


def _soa_section(diff: PostureDiff, text: dict[str, str], markdown: bool, rows: int) -> list[str]:
    if not diff.soa_changed:
        return []
    table = [
        [
            item["control"],
            _pair(_translated(item["applicable"], text, text["yes"], text["no"])),
            _pair(_translated(item["status"], text)),
            _pair(item["justification"])
            if item["justification"][0] != item["justification"][1]
            else "",
        ]
        for item in diff.soa_changed
    ]
    headers = [text["control"], text["applicable"], text["status"], text["justification"]]
    lines = ["", f"{'### ' if markdown else ''}{text['diff_soa']}", ""]
    return lines + _table(headers, table, markdown, rows, text)


def _table(
    headers: list[str], rows: list[list[str]], markdown: bool, limit: int, text: dict[str, str]
) -> list[str]:
    shown = rows[:limit]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in shown]
    else:
        lines = aligned_columns([headers, *shown])
    if len(rows) > limit:
        lines.append(text["diff_more"].format(count=len(rows) - limit))
    return lines


def _limited(ids: list[str], limit: int, text: dict[str, str]) -> str:
    shown = ", ".join(ids[:limit])
    return (
        shown
        if len(ids) <= limit
        else f"{shown} {text['diff_more'].format(count=len(ids) - limit)}"
    )


def _translated(values: list[Any], text: dict[str, str], yes: str = "", no: str = "") -> list[Any]:
    """Treatment and status names, and true/false, in the report's language."""
    yes, no = yes or text["bool_yes"], no or text["bool_no"]
    return [
        (yes if value else no)
        if isinstance(value, bool)
        else (text.get(value, value) if isinstance(value, str) else value)
        for value in values
    ]


def _pair(values: list[Any]) -> str:
    old, new = (_show(value) for value in values)
    return new if old == new else f"{old} → {new}"


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(value: str) -> str:
    return markdown_text(value)


def _ids(ids: list[str], markdown: bool) -> list[str]:
    """Ids are register text too: escaped in Markdown like any other."""
    return [markdown_text(identifier) for identifier in ids] if markdown else ids
