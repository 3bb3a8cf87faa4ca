"""The site in a real browser: headless Chromium loads every page, from file:// and from a web
server on the loopback; no console error, no request leaving the site, the heat maps and the trend
drawn with the registers' counts, register text shown as text, and print to PDF with the header on
every page. Screenshots and PDFs are kept under tests/output/site/ (not committed).

Chromium comes from the system packages (`.ci/run` installs it). Without it these tests are
skipped on a developer's machine, and fail in CI (CI=true), where they must run.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Browser, Tab, find_chromium
from ismskit.cli.app import main
from site_repos import HOSTILE, HOSTILE_UNIT, LATER, expected_cells, history_repo, hostile_repo

PROJECT = Path(__file__).resolve().parents[1]
ARTIFACTS = PROJECT / "tests" / "output" / "site"
TODAY = "2026-06-10"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _required(tool: str | None, what: str) -> str:
    if tool is None:
        if IN_CI:
            pytest.fail(f"{what} is not installed, and CI must run the browser tests")
        pytest.skip(f"{what} is not installed (apt-get install chromium); CI runs these tests")
    return tool


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    executable = _required(find_chromium(), "Chromium")
    folder = tmp_path_factory.mktemp("chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened = Browser(executable, folder / "profile", ARTIFACTS / "chromium.log")
    try:
        yield opened
    finally:
        opened.close()


def _build(repo: Path, out: Path, *args: str) -> Path:
    code = main(["--repo", str(repo), "site", "-o", str(out), "--today", TODAY, *args])
    assert code == 0, f"isms site exited {code}"
    return out


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(PROJECT, tmp_path_factory.mktemp("example") / "site")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(hostile_repo(tmp_path_factory.mktemp("hostile") / "repo"), tmp_path_factory.mktemp("h") / "site")


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = history_repo(tmp_path_factory.mktemp("history") / "repo").root
    return _build(repo, tmp_path_factory.mktemp("t") / "site")


def _load(browser: Browser, site: Path, page: str, base: str | None = None) -> Tab:
    base = base or site.as_uri() + "/"
    tab = browser.open(base + page)
    load = tab.load
    assert load.console == [], f"{page}: console: {load.console}"
    assert load.exceptions == [], f"{page}: exceptions: {load.exceptions}"
    # data: URLs are no request (Chromium draws some of its own controls with them).
    outside = [url for url in load.requests if not url.startswith((base, "data:"))]
    assert outside == [], f"{page}: requests outside the site: {outside}"
    assert base + "site.css" in load.requests, f"{page}: the stylesheet was not loaded"
    return tab


def _shoot(tab: Tab, name: str) -> None:
    tab.screenshot(ARTIFACTS / f"{name}.png")


@pytest.mark.parametrize(
    ("name", "language"), [("example", "ja"), ("hostile", "en"), ("history", "en")]
)
def test_every_page_loads_cleanly(
    browser: Browser, request: pytest.FixtureRequest, name: str, language: str
) -> None:
    site: Path = request.getfixturevalue(f"{name}_site")
    for page in sorted(path.name for path in site.glob("*.html")):
        tab = _load(browser, site, page)
        assert tab.evaluate("document.documentElement.lang") == language
        assert tab.evaluate("document.scripts.length") == 0
        assert tab.evaluate("document.styleSheets.length") >= 1
        assert tab.evaluate("window.__injected === undefined")
        _shoot(tab, f"{name}-{page.removesuffix('.html')}")
        tab.close()


def test_the_heat_maps_show_the_registers_counts(browser: Browser, hostile_site: Path) -> None:
    tab = _load(browser, hostile_site, "index.html")
    for chart, residual in (("heat-initial", False), ("heat-residual", True)):
        drawn = tab.evaluate(
            f"Array.from(document.querySelectorAll('#{chart} .heat-cell'))"
            ".filter(c => c.getBoundingClientRect().width > 0)"
            ".map(c => [+c.dataset.row, +c.dataset.column, +c.dataset.count, c.textContent])"
        )
        assert len(drawn) == 18
        counts = {(row, column): count for row, column, count, _ in drawn if count}
        assert counts == dict(expected_cells(LATER, residual=residual))
        for _, _, count, text in drawn:  # the count is written in the cell, after its tooltip
            assert text.endswith(str(count)) if count else True
        legend = tab.evaluate(f"document.querySelectorAll('#{chart} .legend-item').length")
        assert legend == 3
    _shoot(tab, "hostile-dashboard")
    tab.close()


def test_register_text_with_markup_shows_as_text(browser: Browser, hostile_site: Path) -> None:
    for page in ("index.html", "report-assets.html", "report-risk-assessment.html"):
        tab = _load(browser, hostile_site, page)
        assert tab.evaluate("window.__injected === undefined")
        assert tab.evaluate("document.scripts.length") == 0
        assert tab.evaluate("document.querySelectorAll('b').length") == 0
        # The only images are the document's own figures, written beside the page.
        sources = tab.evaluate("[...document.images].map(image => image.getAttribute('src'))")
        stem = page.removesuffix(".html")
        assert all(re.fullmatch(rf"{re.escape(stem)}\.[a-z-]+\.svg", src) for src in sources)
        text = tab.evaluate("document.body.innerText + document.body.textContent")
        assert HOSTILE in text if page != "index.html" else HOSTILE_UNIT in text
        tab.close()


def test_the_trend_draws_one_point_per_month(browser: Browser, history_site: Path) -> None:
    tab = _load(browser, history_site, "trend.html")
    rows = tab.evaluate("document.querySelectorAll('table.trend tbody tr').length")
    assert rows == 6  # January to June 2026
    points = tab.evaluate(
        "Array.from(document.querySelectorAll('#trend-nonconformities .point'))"
        ".map(p => +p.dataset.value)"
    )
    assert points == [1, 1, 2, 2, 2, 2]
    totals = tab.evaluate(
        "Array.from(document.querySelectorAll('#trend-levels .series')).map(s =>"
        " Array.from(s.querySelectorAll('.point')).map(p => +p.dataset.value))"
    )
    assert [sum(column) for column in zip(*totals, strict=True)] == [3, 3, 6, 6, 6, 6]
    _shoot(tab, "history-trend")
    tab.close()


def test_the_site_works_from_a_web_server(browser: Browser, example_site: Path) -> None:
    handler = functools.partial(_QuietHandler, directory=str(example_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for page in ("index.html", "trend.html", "soa.html"):
            tab = _load(browser, example_site, page, base)
            background = tab.evaluate(
                "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
            )
            assert background == "rgb(26, 79, 139)"  # the stylesheet applies
            tab.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_print_gives_the_header_on_every_page(browser: Browser, example_site: Path) -> None:
    pdftotext = _required(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    tab = _load(browser, example_site, "soa.html")
    pdf = ARTIFACTS / "example-soa.pdf"
    tab.print_pdf(pdf)
    tab.close()
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "みなと市 適用宣言書" in page.splitlines()[0], number
        assert f"{number} / {len(pages)}" in page, number
    assert "ダッシュボード" not in text  # the navigation is not printed


def test_the_checks_see_outside_requests_and_console_errors(browser: Browser, tmp_path: Path) -> None:
    """The harness itself: a page that reaches out, and one whose policy refuses a style."""
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title>'
    (tmp_path / "out.html").write_text(
        head + '</head><body><img src="http://attacker.invalid/x.png" alt=""></body></html>'
    )
    (tmp_path / "csp.html").write_text(
        head + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
        '</head><body><p style="color: red">styled</p></body></html>'
    )
    reaching = browser.open(tmp_path.as_uri() + "/out.html")
    assert "http://attacker.invalid/x.png" in reaching.load.requests
    reaching.close()
    refused = browser.open(tmp_path.as_uri() + "/csp.html")
    assert any("Content Security Policy" in line for line in refused.load.console), refused.load
    refused.close()


def test_print_shows_the_classification_on_every_page(browser: Browser, tmp_path: Path) -> None:
    """A document whose record carries a classification prints it in every page's header."""
    from markupsafe import Markup

    from ismskit.i18n.labels import labels
    from ismskit.site.document_pages import RenderedDocument
    from ismskit.site.pages import NavItem, Page, SiteFrame, render_page

    pdftotext = _required(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    body = Markup("<h1>長い文書</h1>" + "".join(f"<p>段落 {n}</p>" for n in range(150)))
    document = RenderedDocument("doc.html", "長い文書", body, classification="社外秘")
    frame = SiteFrame("ja", "サイト", "みなと市", [NavItem("doc.html", "文書")], None, TODAY)
    page = Page("doc.html", "長い文書", "doc.html", "site/document.html.j2", {"document": document}, "社外秘")
    html, failed = render_page(PROJECT, frame, page, labels("ja"))
    assert failed is None
    (tmp_path / "doc.html").write_bytes(html)
    shutil.copy(PROJECT / "templates" / "site" / "site.css", tmp_path / "site.css")
    tab = _load(browser, tmp_path, "doc.html")
    tab.print_pdf(ARTIFACTS / "classified.pdf")
    tab.close()
    text = subprocess.run(
        [pdftotext, "-layout", str(ARTIFACTS / "classified.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) > 1
    for number, printed in enumerate(pages, start=1):
        first = printed.strip().splitlines()[0]
        assert "みなと市 長い文書" in first, number
        assert "機密性区分：社外秘" in first, number
