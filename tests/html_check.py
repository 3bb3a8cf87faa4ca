"""Is a page of the site valid HTML? html5lib (the WHATWG parsing algorithm) reports every parse
error; on top, the rules a parser forgives: one <html lang>, a <title>, a charset, unique ids,
an alt on every image, and every link and source pointing at a file of the site (or an id)."""

from __future__ import annotations

from collections import Counter
from typing import Any
from xml.etree.ElementTree import Element

import html5lib

SVG = "{http://www.w3.org/2000/svg}"


def parse(html: str) -> Element:
    document: Element = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    return document


def html_problems(html: str, site_files: set[str]) -> list[str]:
    parser: Any = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False
    )
    root: Element = parser.parse(html)
    problems = [
        f"parse error {code} at {position} {data}" for position, code, data in parser.errors
    ]
    if not html.startswith("<!DOCTYPE html>"):
        problems.append("no <!DOCTYPE html> first")
    problems += _document_rules(root)
    problems += _reference_rules(root, site_files)
    return problems


def _document_rules(root: Element) -> list[str]:
    problems = []
    if not root.get("lang"):
        problems.append("<html> has no lang")
    title = root.find("head/title")
    if title is None or not (title.text or "").strip():
        problems.append("no <title>")
    if root.find("head/meta[@charset]") is None:
        problems.append("no <meta charset>")
    ids = Counter(element.get("id") for element in root.iter() if element.get("id"))
    problems += [f"id {name!r} used {count} times" for name, count in ids.items() if count > 1]
    problems += [
        f"<img src={image.get('src')!r}> has no alt"
        for image in root.iter("img")
        if image.get("alt") is None
    ]
    if root.find("body//h1") is None:
        problems.append("no <h1>")
    return problems


def _reference_rules(root: Element, site_files: set[str]) -> list[str]:
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    problems = []
    for element in root.iter():
        for attribute in ("href", "src"):
            target = element.get(attribute)
            if target is None:
                continue
            if target.startswith("#"):
                if target[1:] not in ids:
                    problems.append(f"{attribute}={target!r}: no such id")
            elif target.split("#")[0] not in site_files:
                problems.append(f"{attribute}={target!r}: not a file of the site")
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.startswith("on") or "javascript:" in value.lower():
                problems.append(f"<{element.tag} {name}=...>: script in an attribute")
    return problems


def heat_cells(root: Element, chart_id: str) -> dict[tuple[int, int], int]:
    """(row, column) → count, as the heat map `chart_id` draws it."""
    chart = next(svg for svg in root.iter(f"{SVG}svg") if svg.get("id") == chart_id)
    return {
        (int(cell.get("data-row", "0")), int(cell.get("data-column", "0"))): int(
            cell.get("data-count", "0")
        )
        for cell in chart.iter(f"{SVG}g")
        if cell.get("class") == "heat-cell"
    }


def table_rows(root: Element, css_class: str) -> list[list[str]]:
    """The text of each cell of each body row of the table with class `css_class`."""
    table = next(t for t in root.iter("table") if css_class in (t.get("class") or "").split())
    body = table.find("tbody")
    assert body is not None
    return [["".join(cell.itertext()).strip() for cell in row] for row in body.iter("tr")]
