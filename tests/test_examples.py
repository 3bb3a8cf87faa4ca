"""The example corpus: small ISMS repositories under tests/examples, checked by `isms check`.

- valid/<case>/    must pass `isms check --strict --format json --today 2026-11-25` with no finding.
- invalid/<case>/  holds one kind of problem; expected.json lists every finding it must produce
                   (severity, rule, file, line, column exactly; message_contains as a substring),
                   the exit code, and the arguments appended to `isms check --format json`.
- pending/<case>/  like invalid/, for inputs where the tool does not yet report what a user would
                   expect (expected.json says why, under "disagreement"). They must still run
                   cleanly; their findings are a strict xfail, so a fix shows up as XPASS: then
                   move the case to invalid/.

Each case is a complete repository of plain files; see tests/examples/README.md.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ismskit.rules.descriptions import RULE_DESCRIPTIONS

EXAMPLES = Path(__file__).parent / "examples"
TODAY = "2026-11-25"
# A case that takes longer than this is not failing fast (an alias bomb, a pathological file).
TIME_LIMIT_SECONDS = 10.0
# Rules that files alone cannot produce: an unreadable file, a broken report template, entries
# unchanged in git history for too long, and a document version before one it had in git (these
# are tested in git repositories: tests/test_approvals.py).
NOT_FROM_FILES = {"file-unreadable", "template", "stale-entry", "document-version-backwards"}
# Rules with no invalid/ example yet because every example of them is pending/ (the tool does
# not yet report them where a user would look). Remove a rule from here when its case moves.
PENDING_ONLY = {"yaml-alias"}
FINDING_KEYS = ("severity", "rule", "file", "line", "column")


def _cases(kind: str) -> list[Path]:
    folder = EXAMPLES / kind
    return sorted(path for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else []


def _params(kind: str) -> list[Any]:
    return [pytest.param(path, id=path.name) for path in _cases(kind)]


def _expected(case: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return expected


def _check(
    isms: Any, tmp_path: Path, case: Path, args: list[str]
) -> tuple[int, list[dict[str, Any]]]:
    """Run `isms check --format json ARGS` on one case; it must end cleanly and print JSON.

    The case is copied out of this project's git work tree first: it is a repository of its
    own, and what git says about the project (history, a dirty tree) must not reach it.
    """
    repo = tmp_path / case.name
    if not repo.exists():  # a second run reads the same copy (and the cache the first wrote)
        shutil.copytree(case, repo, symlinks=True)  # a link in a case is part of it
    started = time.perf_counter()
    result = isms("--repo", str(repo), "check", "--format", "json", *args, cwd=repo)
    elapsed = time.perf_counter() - started
    assert result.code in (0, 1), result
    assert result.stderr == "", result
    assert elapsed < TIME_LIMIT_SECONDS, f"{case.name} took {elapsed:.1f}s"
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return result.code, findings


def _key(finding: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(finding[name] for name in FINDING_KEYS)


def _assert_findings(case: Path, code: int, findings: list[dict[str, Any]]) -> None:
    expected = _expected(case)
    got = Counter(_key(finding) for finding in findings)
    want = Counter(_key(finding) for finding in expected["findings"])
    shown = json.dumps(findings, ensure_ascii=False, indent=2)
    assert got == want, f"findings differ:\n  missing {want - got}\n  extra {got - want}\n{shown}"
    for wanted in expected["findings"]:
        messages = [finding["message"] for finding in findings if _key(finding) == _key(wanted)]
        assert any(wanted["message_contains"] in message for message in messages), (
            f"no message at {_key(wanted)} contains {wanted['message_contains']!r}: {messages}"
        )
    assert code == expected["exit"]


@pytest.mark.parametrize("case", _params("valid"))
def test_valid_example_has_no_findings(case: Path, isms: Any, tmp_path: Path) -> None:
    code, findings = _check(isms, tmp_path, case, ["--strict", "--today", TODAY])
    assert findings == []
    assert code == 0


@pytest.mark.parametrize("case", _params("invalid"))
def test_invalid_example_reports_exactly_its_findings(
    case: Path, isms: Any, tmp_path: Path
) -> None:
    code, findings = _check(isms, tmp_path, case, _expected(case).get("args", []))
    _assert_findings(case, code, findings)
    # Again from the cache of checked files: the same findings, not one more or less.
    assert _check(isms, tmp_path, case, _expected(case).get("args", [])) == (code, findings)


@pytest.mark.parametrize("case", _params("pending"))
def test_pending_example_runs_cleanly(case: Path, isms: Any, tmp_path: Path) -> None:
    expected = _expected(case)
    code, _findings = _check(isms, tmp_path, case, expected.get("args", []))
    assert code == expected["exit"]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            path,
            id=path.name,
            marks=pytest.mark.xfail(reason=_expected(path)["disagreement"], strict=True),
        )
        for path in _cases("pending")
    ],
)
def test_pending_example_reports_what_a_user_expects(case: Path, isms: Any, tmp_path: Path) -> None:
    code, findings = _check(isms, tmp_path, case, _expected(case).get("args", []))
    _assert_findings(case, code, findings)


def _rules_of(kind: str) -> set[str]:
    return {finding["rule"] for case in _cases(kind) for finding in _expected(case)["findings"]}


def test_every_rule_has_an_invalid_example() -> None:
    invalid, pending = _rules_of("invalid"), _rules_of("pending")
    assert set(RULE_DESCRIPTIONS) - NOT_FROM_FILES - PENDING_ONLY - invalid == set()
    assert PENDING_ONLY.issubset(pending)
    assert PENDING_ONLY & invalid == set(), "a pending-only rule has an invalid/ case now"


def test_alias_bomb_fails_fast_with_a_yaml_alias_finding(isms: Any, tmp_path: Path) -> None:
    """Whatever the position (see pending/yaml-alias-bomb), the bomb is one quick finding."""
    case = EXAMPLES / "pending" / "yaml-alias-bomb"
    code, findings = _check(isms, tmp_path, case, ["--today", TODAY])
    assert [(f["rule"], f["file"]) for f in findings] == [("yaml-alias", "registers/bomb.yaml")]
    assert code == 1


@pytest.mark.parametrize("kind", ["valid", "invalid", "pending"])
def test_examples_are_complete_repositories(kind: str) -> None:
    cases = _cases(kind)
    assert cases, f"no {kind} examples"
    for case in cases:
        assert (case / "isms.yaml").is_file(), case.name
        assert (case / "registers").is_dir(), case.name
        if kind == "valid":
            assert not (case / "expected.json").exists(), case.name
            continue
        expected = _expected(case)
        assert expected["exit"] in (0, 1), case.name
        assert expected["findings"], case.name
        assert ("disagreement" in expected) == (kind == "pending"), case.name
        for finding in expected["findings"]:
            assert set(finding) == {*FINDING_KEYS, "message_contains"}, (case.name, finding)
            assert finding["rule"] in RULE_DESCRIPTIONS, (case.name, finding)
            assert (case / finding["file"]).is_file(), (case.name, finding)
