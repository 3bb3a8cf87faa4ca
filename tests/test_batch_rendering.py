"""Documents rendered together in one child (isms site) come out as each would alone: the same
text, the same escaping by kind, and a document past its budget fails alone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import write_files
from ismskit.documents import budget
from ismskit.documents.batch import RenderJob, render_all
from ismskit.documents.rendering import TemplateFindingError, render_template

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="one child needs fork")

TEMPLATES = {
    "templates/a.md.j2": "# {{ title }}\n{{ body }}\n",
    "templates/b.html.j2": "<p>{{ body }}</p>\n",
    "templates/broken.md.j2": "line one\n{{ missing.value }}\n",
    "templates/hungry.md.j2": "{{ ('a'*9000000)|replace('a', 'a'*100)|length }}\n",
    "templates/slow.md.j2": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n"
    ),
}
CONTEXT = {"title": "R-001 <script>", "body": "a | b *c* & <b>"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write_files(tmp_path, TEMPLATES)
    return tmp_path


@pytest.fixture
def one_second_budget() -> Iterator[None]:
    budget.set_time_budget(1.0)
    yield
    budget.set_time_budget(None)


def alone(repo: Path, template: str) -> str | TemplateFindingError:
    try:
        return render_template(repo, template, dict(CONTEXT), isolate=False)
    except TemplateFindingError as error:
        return error


@needs_fork
def test_documents_rendered_together_read_as_each_alone(repo: Path) -> None:
    names = ["a.md.j2", "b.html.j2", "a.md.j2", "b.html.j2"]  # each compiled once, used twice
    together = render_all(repo, [RenderJob(name, dict(CONTEXT)) for name in names])
    assert together == [alone(repo, name) for name in names]
    assert "&lt;b&gt;" in str(together[1])  # HTML escaping for the page
    assert "<script>" not in str(together[0])  # Markdown escaping for the document


@needs_fork
def test_a_template_error_names_its_template_and_line_and_the_rest_render(repo: Path) -> None:
    names = ["a.md.j2", "broken.md.j2", "b.html.j2"]
    first, broken, last = render_all(repo, [RenderJob(name, dict(CONTEXT)) for name in names])
    assert isinstance(broken, TemplateFindingError)
    assert (broken.finding.file, broken.finding.line) == ("templates/broken.md.j2", 2)
    assert isinstance(first, str)
    assert last == alone(repo, "b.html.j2")


@needs_fork
@pytest.mark.usefixtures("one_second_budget")
def test_a_document_past_its_budget_fails_alone_and_the_next_go_on(repo: Path) -> None:
    names = ["a.md.j2", "hungry.md.j2", "b.html.j2", "slow.md.j2", "a.md.j2"]
    results = render_all(repo, [RenderJob(name, dict(CONTEXT)) for name in names])
    assert [isinstance(result, str) for result in results] == [True, False, True, False, True]
    hungry, slow = results[1], results[3]
    assert isinstance(hungry, TemplateFindingError)
    assert "more than 512 MB of memory" in hungry.finding.message
    assert hungry.finding.file == "templates/hungry.md.j2"
    assert isinstance(slow, TemplateFindingError)
    assert "longer than 1 s" in slow.finding.message
    assert results[4] == alone(repo, "a.md.j2")


def test_without_a_child_the_documents_render_here(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ismskit.documents.batch.can_isolate", lambda: False)
    names = ["a.md.j2", "broken.md.j2"]
    first, broken = render_all(repo, [RenderJob(name, dict(CONTEXT)) for name in names])
    assert first == alone(repo, "a.md.j2")
    assert isinstance(broken, TemplateFindingError)


def test_nothing_to_render_starts_no_child(repo: Path) -> None:
    assert render_all(repo, []) == []
