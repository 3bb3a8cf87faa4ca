"""The cache of parsed files: same results as a fresh parse, never trusted over the file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import make_repo, soa_yaml

BROKEN = "assets:\n  - {id: A-1, name: x, class: data, owner: o, confidentiality: 1, integrity: 1, availability: 1}\nrisks: [\n"


def cache_files() -> list[Path]:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "ismskit"
    return sorted(root.rglob("*.json")) if root.exists() else []


def check_json(isms, repo: Path, *args: str) -> list[dict[str, object]]:
    result = isms(*args, "check", "--format", "json", cwd=repo)
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def test_a_warm_run_reads_the_cache_and_reports_the_same(tmp_path: Path, isms) -> None:
    soa = soa_yaml(skip=["A.5.10"]) + "  - {control: 5.10, applicable: true, justification: j}\n"
    repo = make_repo(
        tmp_path,
        {
            "registers/a.yaml": "records:\n  - {id: DOC-1, title: t, retain_until: 2020-01-01}\n",
            "registers/b.yaml": "oops: [\n",
        },
        soa=soa,
    )
    cold = check_json(isms, repo)
    written = cache_files()
    # Per register file what it contributes once validated (its parse is not kept); isms.yaml's;
    # and the positions in a.yaml, where the finding points (all, and those of its entries).
    assert len(written) == 3 + 1 + 2
    stamps = [path.stat().st_mtime_ns for path in written]
    warm = check_json(isms, repo)
    assert warm == cold
    assert [path.stat().st_mtime_ns for path in cache_files()] == stamps  # read, not rewritten
    rules = {finding["rule"] for finding in warm}
    assert rules == {"yaml-syntax", "record-retention-expired"}  # 5.10 still reads as A.5.10


def test_findings_from_a_cached_file_are_still_located(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/a.yaml": BROKEN.replace("risks: [\n", "")})
    cold = check_json(isms, repo)
    warm = check_json(isms, repo)
    assert warm == cold
    assert [(f["rule"], f["line"], f["column"]) for f in warm] == [("invalid-value", 2, 31)]


def test_a_corrupt_or_foreign_entry_is_ignored(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/a.yaml": BROKEN})
    cold = check_json(isms, repo)
    entries = cache_files()
    entries[0].write_text("{not json", encoding="utf-8")
    foreign = json.loads(entries[1].read_text(encoding="utf-8"))
    foreign["key"] = "0" * 40
    foreign["findings"] = []
    entries[1].write_text(json.dumps(foreign), encoding="utf-8")
    assert check_json(isms, repo) == cold


def test_an_edited_file_is_parsed_again(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/a.yaml": BROKEN})
    assert {f["rule"] for f in check_json(isms, repo)} == {"yaml-syntax"}
    (repo / "registers/a.yaml").write_text(BROKEN.replace("risks: [\n", ""), encoding="utf-8")
    assert {f["rule"] for f in check_json(isms, repo)} == {"invalid-value"}


def test_no_cache_reads_and_writes_nothing(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/a.yaml": BROKEN})
    findings = check_json(isms, repo, "--no-cache")
    assert cache_files() == []
    assert {f["rule"] for f in findings} == {"yaml-syntax"}


def test_the_cache_lives_outside_the_work_tree(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path / "isms")
    check_json(isms, repo)
    assert cache_files()
    assert not any(path.is_relative_to(repo) for path in cache_files())
