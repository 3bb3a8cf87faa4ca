"""`isms site`: every page valid, the numbers those of the registers, register text never markup,
the same bytes twice, --at and --unit, a site even from registers with errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import write_files
from html_check import heat_cells, html_problems, parse, table_rows
from ismskit.site.markdown import is_local_path, markdown_html
from ismskit.site.pages import css_string
from site_repos import (
    FIRST,
    HOSTILE,
    HOSTILE_UNIT,
    LATER,
    expected_cells,
    history_repo,
    hostile_repo,
)

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-06-10"


def build(isms, repo: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return isms("--repo", str(repo), "site", "-o", str(out), "--today", TODAY, *args, cwd=repo)


def pages(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.html"))}


def test_the_example_builds_a_valid_site_with_every_document(isms, tmp_path: Path) -> None:
    result = build(isms, PROJECT, tmp_path / "site")
    assert result.code == 0, result
    site = pages(tmp_path / "site")
    files = {path.name for path in (tmp_path / "site").iterdir()}
    expected = {"index.html", "trend.html", "documents.html", "findings.html", "soa.html"}
    expected |= {f"report-{name}.html" for name in ("risk-assessment", "risk-treatment-plan",
                 "assets", "records", "scope", "management-review", "readiness")}  # fmt: skip
    assert expected <= set(site)
    assert any(name.startswith("report-internal-audit-") for name in site)
    for name, html in site.items():
        assert html_problems(html, files) == [], name
        assert 'lang="ja"' in html
    soa = parse(site["soa.html"])
    assert "適用宣言書" in "".join(soa.itertext())


def test_no_page_refers_outside_the_site(isms, tmp_path: Path) -> None:
    assert build(isms, PROJECT, tmp_path / "site").code == 0
    for name, html in pages(tmp_path / "site").items():
        assert not re.search(r"""(?:src|href)=["'](?:[a-z]+:|//)""", html, re.I), name
        assert "<script" not in html.lower(), name
        assert "default-src 'none'" in html, name


def test_the_same_registers_give_the_same_bytes(isms, tmp_path: Path) -> None:
    repo = history_repo(tmp_path / "repo").root
    assert build(isms, repo, tmp_path / "one").code == 0
    assert build(isms, repo, tmp_path / "two").code == 0
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two


def test_the_heat_maps_count_each_risk_in_its_cell(isms, tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    assert build(isms, repo, tmp_path / "site").code == 0
    dashboard = parse((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    for chart, residual in (("heat-initial", False), ("heat-residual", True)):
        cells = heat_cells(dashboard, chart)
        expected = expected_cells(LATER, residual=residual)
        assert {cell: n for cell, n in cells.items() if n} == dict(expected), chart
        assert (
            len(cells) == 3 * 6
        )  # asset values 1-3 × the six products of frequency × vulnerability


def test_register_text_is_text_everywhere(isms, tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    assert build(isms, repo, tmp_path / "site").code == 0
    site = pages(tmp_path / "site")
    for name, html in site.items():
        assert "<script" not in html.lower(), name
        assert '<img src="http' not in html, name
        assert "<b>" not in html, name
    dashboard = "".join(parse(site["index.html"]).itertext())
    assert HOSTILE_UNIT in dashboard  # the unit's name, shown as written
    assets = "".join(parse(site["report-assets.html"]).itertext())
    assert HOSTILE in assets


def test_a_unit_site_holds_that_units_risks_and_no_whole_isms_report(isms, tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    assert build(isms, repo, tmp_path / "site", "--unit", "SOUTH").code == 0
    site = pages(tmp_path / "site")
    cells = heat_cells(parse(site["index.html"]), "heat-initial")
    south = [risk for risk in LATER if risk.unit == "south"]
    assert {c: n for c, n in cells.items() if n} == dict(expected_cells(south, residual=False))
    assert "report-readiness.html" not in site
    assert "report-management-review.html" not in site
    assert "South Office" in site["index.html"]


def test_at_reads_the_registers_of_that_day(isms, tmp_path: Path) -> None:
    repo = history_repo(tmp_path / "repo").root
    assert build(isms, repo, tmp_path / "site", "--at", "2026-02-01").code == 0
    dashboard = parse((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    cells = heat_cells(dashboard, "heat-initial")
    assert {c: n for c, n in cells.items() if n} == dict(expected_cells(FIRST, residual=False))
    trend = table_rows(
        parse((tmp_path / "site" / "trend.html").read_text(encoding="utf-8")), "trend"
    )
    assert [row[0] for row in trend] == ["2026-01"]  # the month of the commit read, and no later
    assert int(trend[0][4]) == len(FIRST)


def test_the_trend_has_one_point_per_month_with_the_counts_of_that_month(
    isms, tmp_path: Path
) -> None:
    repo = history_repo(tmp_path / "repo").root
    assert build(isms, repo, tmp_path / "site").code == 0
    rows = table_rows(
        parse((tmp_path / "site" / "trend.html").read_text(encoding="utf-8")), "trend"
    )
    labels = [row[0] for row in rows]
    assert labels == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    risks = [int(row[4]) for row in rows]  # low, medium, high, then the total
    assert risks == [len(FIRST), len(FIRST), *[len(LATER)] * 4]
    open_ncs = [int(row[5]) for row in rows]
    assert open_ncs == [1, 1, 2, 2, 2, 2]
    assert sum(int(cell) for cell in rows[0][1:4]) == len(FIRST)


def test_the_trend_by_tag_has_one_point_per_tag_and_now(isms, tmp_path: Path) -> None:
    repo = history_repo(tmp_path / "repo").root
    assert build(isms, repo, tmp_path / "site", "--trend", "tag").code == 0
    rows = table_rows(
        parse((tmp_path / "site" / "trend.html").read_text(encoding="utf-8")), "trend"
    )
    assert [row[0] for row in rows] == ["v1", "v2", "Now"]
    assert [int(row[5]) for row in rows] == [1, 2, 2]


def test_outside_git_the_trend_is_the_registers_now(isms, tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    assert build(isms, repo, tmp_path / "site").code == 0
    rows = table_rows(
        parse((tmp_path / "site" / "trend.html").read_text(encoding="utf-8")), "trend"
    )
    assert [row[0] for row in rows] == [TODAY[:7]]
    assert int(rows[0][4]) == len(LATER)


def test_registers_with_errors_still_give_a_site_that_lists_the_findings(
    isms, tmp_path: Path
) -> None:
    repo = hostile_repo(tmp_path / "repo")
    write_files(
        repo, {"registers/broken.yaml": "risks:\n  - id: R-9\n    asset: A-404\n    colour: red\n"}
    )
    result = build(isms, repo, tmp_path / "site")
    assert result.code == 1, result
    assert "findings.html" in result.stderr
    site = pages(tmp_path / "site")
    findings = table_rows(parse(site["findings.html"]), "findings")
    assert any("unknown-field" in " ".join(row) for row in findings), findings
    assert heat_cells(parse(site["index.html"]), "heat-initial")  # built from the valid risks
    assert "soa.html" in site


@pytest.mark.parametrize(
    "case",
    ["config-empty", "config-not-a-mapping", "unknown-field-config", "config-scale-zero",
     "soa-absent", "yaml-syntax-error", "yaml-nul-byte", "yaml-encoding-shift-jis",
     "top-level-list", "duplicate-id-across-files", "unknown-reference-asset", "risk-owner"],
)  # fmt: skip
def test_broken_repositories_give_a_site_never_a_traceback(isms, tmp_path: Path, case: str) -> None:
    repo = PROJECT / "tests" / "examples" / "invalid" / case
    result = build(isms, repo, tmp_path / "site")
    assert result.code in (0, 1), result
    assert "internal error" not in result.stderr
    site = pages(tmp_path / "site")
    files = {path.name for path in (tmp_path / "site").iterdir()}
    assert {"index.html", "findings.html"} <= set(site)
    for name, html in site.items():
        assert html_problems(html, files) == [], name


def test_a_broken_site_template_gives_a_plain_page_and_a_finding(isms, tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    write_files(repo, {"templates/site/trend.html.j2": "{{ nothing.here }}"})
    result = build(isms, repo, tmp_path / "site")
    assert result.code == 1, result
    trend = (tmp_path / "site" / "trend.html").read_text(encoding="utf-8")
    assert "nothing" in trend
    assert "templates/site/trend.html.j2" in (tmp_path / "site" / "findings.html").read_text(
        encoding="utf-8"
    )


def test_a_folder_of_other_files_is_not_replaced(isms, tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    write_files(tmp_path, {"mine/notes.txt": "keep me\n"})
    result = build(isms, repo, tmp_path / "mine")
    assert result.code == 1, result
    assert "did not write" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me\n"


def test_a_site_written_before_is_replaced_whole(isms, tmp_path: Path) -> None:
    repo = history_repo(tmp_path / "repo").root
    assert build(isms, repo, tmp_path / "site").code == 0
    (tmp_path / "site" / "stale.html").write_text("old", encoding="utf-8")
    assert build(isms, repo, tmp_path / "site").code == 0
    assert not (tmp_path / "site" / "stale.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_a_unit_that_does_not_exist_is_a_usage_error(isms, tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path / "repo")
    result = build(isms, repo, tmp_path / "site", "--unit", "WEST")
    assert result.code == 2, result
    assert "SOUTH" in result.stderr
    assert not (tmp_path / "site").exists()


def test_markdown_keeps_register_text_as_text() -> None:
    html = markdown_html(
        "# <script>x</script>\n\n| a |\n|--:|\n| <b>1</b> line<br>two \\| three |\n\n"
        "![pixel](https://tracker.invalid/p.png) ![local](fig.svg) ![up](../x.svg) "
        "[run](javascript:alert(1))\n"
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;1&lt;/b&gt;" in html
    assert "line<br>two | three" in html
    assert 'class="align-right"' in html
    assert "style=" not in html
    assert "tracker.invalid" not in html
    assert '<img src="fig.svg"' in html
    assert "../x.svg" not in html
    assert 'href="javascript' not in html


def test_a_figure_of_the_builder_stays_markup_and_nothing_else_does() -> None:
    figure = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    html = markdown_html(f"Intro\n\n{figure}\n\n<svg onload=alert(1)></svg>\n", [figure])
    assert figure in html
    assert "&lt;svg onload" in html


@pytest.mark.parametrize("url", ["https://x.invalid/a.png", "//x.invalid/a", "/etc/passwd",
                                 "../a.svg", "a/../../b.svg", "data:image/png;base64,AA", "C:\\a"])  # fmt: skip
def test_only_paths_inside_the_site_are_local(url: str) -> None:
    assert not is_local_path(url)


def test_css_strings_cannot_close_the_style_element() -> None:
    quoted = css_string('社外秘 "</style><script>x</script>\\ \n')
    assert quoted.startswith('"社外秘 ')
    assert quoted.endswith('"')
    assert "<" not in quoted
    assert ">" not in quoted
    assert "\n" not in quoted
    assert '"' not in quoted[1:-1]


def test_the_hostile_registers_are_valid(isms, tmp_path: Path) -> None:
    """The markup in names is text a user may type: the registers themselves are clean."""
    repo = hostile_repo(tmp_path / "repo")
    result = isms("check", "--strict", cwd=repo)
    assert result.code == 0, result


TABLES = """\
Intro paragraph.

| id | name | score |
|---|:-:|--:|
| R-1 | plain 住民記録 | 12 |
| R-2 | escaped \\| pipe and **bold** | 3 |
| R-3 | <b>tag</b> & "quotes" | `code` |
| R-4 | too few |
| R-5 | a | b | extra |
|  |  |  |

Text right after a paragraph:
| not | a table on its own |
|---|---|
| x | y |

```
| in | code |
|---|---|
```

| only | header |
|---|---|
"""


def test_fast_tables_give_the_same_html_as_markdown_it() -> None:
    assert markdown_html(TABLES) == markdown_html(TABLES, fast_tables=False)
    assert markdown_html(TABLES).count("<table>") == 3  # two standalone tables, one after text
    for document in ("README.md", "docs/site.md", "docs/reports.md", "docs/registers.md"):
        path = PROJECT / document
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert markdown_html(text) == markdown_html(text, fast_tables=False), document


PAGES_WORKFLOW = PROJECT / "examples" / "ci" / "github-pages.yml"


def test_the_pages_workflow_builds_the_site_and_publishes_it(isms, tmp_path: Path) -> None:
    import shlex

    from ismskit.yaml.reader import load_document

    document, findings = load_document(PAGES_WORKFLOW.name, PAGES_WORKFLOW.read_bytes())
    assert document is not None, findings
    workflow = document.data
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in steps] + [
        step.get("uses", "") for step in workflow["jobs"]["publish"]["steps"]
    ]
    assert any(name.startswith("actions/upload-artifact@") for name in uses)
    assert any(name.startswith("actions/upload-pages-artifact@") for name in uses)
    assert any(name.startswith("actions/deploy-pages@") for name in uses)
    assert steps[0]["with"]["fetch-depth"] == 0
    command = next(step["run"] for step in steps if "isms site" in step.get("run", ""))
    argv = shlex.split(command.split("||")[0])
    assert argv[:2] == ["isms", "site"]
    repo = history_repo(tmp_path / "repo").root
    result = isms(*argv[1:], "--today", TODAY, cwd=repo)
    assert result.code == 0, result
    assert (repo / "_site" / "index.html").is_file()
