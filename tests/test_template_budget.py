"""Templates from a pull request render under a time and a memory budget, whatever they compute.

The attacks run as a real `isms` process (a hang or a crash would fail the test, not the test run)
with a short `--template-timeout`; the largest resident size of that process and of the child it
renders in is measured by the kernel (RUSAGE_CHILDREN of a wrapper process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import make_repo, write_files
from ismskit.documents import budget
from ismskit.documents.rendering import TemplateFindingError, render_template

NESTED_LOOPS = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
ONE_GIGABYTE_KB = 1024 * 1024

_MEASURED_RUN = """
import json, resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "code": done.returncode, "stderr": done.stderr, "stdout": done.stdout,
    "seconds": time.monotonic() - started,
    "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def measured_isms(*args: str, cwd: Path) -> dict[str, object]:
    """Run `isms ARGS` in a fresh process; its exit code, output, wall time and peak memory."""
    command = [sys.executable, "-c", _MEASURED_RUN, sys.executable, "-m", "ismskit.cli.app"]
    done = subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=120
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the hard limits need fork and resource")
@pytest.mark.parametrize(
    ("template", "reason"),
    [
        (NESTED_LOOPS, "longer than 2 s"),
        ("{{ 9**(9**9) }}", "a number larger than"),
        ("{{ ('a'*4000000000)|length }}", "a text or list larger than"),
        # One step inside C that the sandbox cannot see: 900 MB in one `replace`.
        ("{{ ('a'*9000000)|replace('a', 'a'*100)|length }}", "more than 512 MB of memory"),
        # Output that grows until memory runs out, one small value at a time.
        ("{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}",
         "the template cannot be rendered"),
    ],
    ids=["nested-loops", "huge-power", "huge-repeat", "huge-replace", "endless-output"],
)  # fmt: skip
def test_template_attacks_end_in_bounded_time_and_memory(
    tmp_path: Path, template: str, reason: str
) -> None:
    repo = make_repo(tmp_path)
    write_files(repo, {"templates/soa.md.j2": template + "\n"})
    result = measured_isms("--template-timeout", "2", "soa", cwd=repo)
    assert result["code"] == 1, result
    stderr = str(result["stderr"])
    assert "templates/soa.md.j2:1:1  error    template" in stderr, stderr
    assert reason in stderr, stderr
    assert "Traceback" not in stderr
    assert float(str(result["seconds"])) < 10, result
    assert int(str(result["peak_kb"])) < ONE_GIGABYTE_KB, result


def test_the_time_budget_is_ten_seconds_unless_the_command_line_says(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    assert isms("--template-timeout", "3", "soa", cwd=repo).code == 0
    assert budget.time_budget() == 3
    assert isms("soa", cwd=repo).code == 0
    assert budget.time_budget() == budget.DEFAULT_SECONDS == 10
    refused = isms("--template-timeout", "0", "soa", cwd=repo)
    assert refused.code == 2, refused


@pytest.mark.parametrize(
    ("template", "line"),
    [
        ("one\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
         2),
        ("one\ntwo\n{{ 9**(9**9) }}", 3),
        ("{{ 'x' * 2000 * 2000 * 2000 }}", 1),
        ("{{ '%0999999999d' % 1 }}", 1),
        ("{{ 'x'.ljust(4000000000) }}", 1),
        ("{{ 'x'|center(4000000000) }}", 1),
        ("{% set s = 'x' * 9000000 %}{{ s + s }}", 1),
    ],
    ids=["loops", "power", "repeat", "format-width", "method-width", "filter-width", "concat"],
)  # fmt: skip
def test_the_sandbox_alone_bounds_a_template_where_no_child_process_can_be_made(
    tmp_path: Path, template: str, line: int
) -> None:
    """Windows has no fork: there the sandbox's own checks are the bound, so they must hold."""
    write_files(tmp_path, {"templates/page.md.j2": template + "\n"})
    budget.set_time_budget(1)
    started = time.monotonic()
    try:
        with pytest.raises(TemplateFindingError) as raised:
            render_template(tmp_path, "page.md.j2", {}, isolate=False)
    finally:
        budget.set_time_budget(None)
    assert time.monotonic() - started < 5
    finding = raised.value.finding
    assert (finding.file, finding.rule, finding.line) == ("templates/page.md.j2", "template", line)


def test_a_template_that_is_not_a_regular_file_is_never_read(tmp_path: Path, isms) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    repo = make_repo(tmp_path)
    (repo / "templates").mkdir()
    os.mkfifo(repo / "templates" / "soa.md.j2")  # reading it would wait for ever
    result = isms("soa", cwd=repo)
    assert result.code == 1, result
    assert "not a regular file" in result.stderr


def test_templates_render_the_same_in_a_child_process_and_in_this_one(tmp_path: Path) -> None:
    write_files(tmp_path, {"templates/page.md.j2": "{{ text }} {{ 2**10 }} {{ range(3)|list }}\n"})
    context = {"text": "東京"}
    isolated = render_template(tmp_path, "page.md.j2", context, isolate=True)
    in_process = render_template(tmp_path, "page.md.j2", context, isolate=False)
    assert isolated == in_process == "東京 1024 \\[0, 1, 2\\]\n"
