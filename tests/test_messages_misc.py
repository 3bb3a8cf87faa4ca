"""Words that must not mislead: what a command says when it cannot do what was asked."""

from __future__ import annotations

from pathlib import Path

from helpers import make_repo


def test_output_into_a_missing_folder_says_so(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms("soa", "-o", "missing/soa.md", cwd=root)
    assert result.code == 1
    assert "the folder missing does not exist" in result.stderr
    assert "No such file" not in result.stderr
    assert not (root / "missing").exists()


def test_nc_close_without_effective_says_what_is_missing(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms("nc", "close", "NC-01", "--by", "課長", cwd=root)
    assert result.code == 2
    assert "missing --effective or --not-effective" in result.stderr
    assert "isms nc close NC-01 --by 課長 --effective" in result.stderr


def test_diff_does_not_put_a_moved_risk_down_to_a_revaluation(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    import json

    from helpers import GitRepo

    assets = (
        "assets:\n"
        "  - {id: A-001, name: a, class: information, owner: o, confidentiality: 2, integrity: 1, availability: 1}\n"
        "  - {id: A-002, name: b, class: information, owner: o, confidentiality: 1, integrity: 1, availability: 1}\n"
        "threats:\n  - {id: T-01, name: t, frequency: 1}\n  - {id: T-02, name: u, frequency: 1}\n"
    )
    risks = (
        "risks:\n"
        "  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: X}\n"
        "  - {id: R-2, asset: A-002, threat: T-02, vulnerability: 1, treatment: accept, owner: X}\n"
    )
    repo = GitRepo(tmp_path / "isms")
    make_repo(repo.root, {"registers/core.yaml": assets + risks})
    repo.commit("Registers", "2026-01-05T09:00:00+09:00")
    # A-001 is revalued (C 2 → 3); R-2 moves to A-001: its score moves, but not by the revaluation.
    revalued = assets.replace("confidentiality: 2", "confidentiality: 3")
    moved = risks.replace("R-2, asset: A-002", "R-2, asset: A-001")
    (repo.root / "registers/core.yaml").write_text(revalued + moved, encoding="utf-8")
    diff = json.loads(isms("diff", "HEAD", "--format", "json", cwd=repo.root).stdout)
    (item,) = diff["assets"]["revalued"]
    assert item["id"] == "A-001"
    assert item["risks"] == ["R-1"]


def test_the_management_review_inside_git_does_not_say_not_in_git(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    from helpers import GitRepo

    repo = GitRepo(tmp_path / "isms")
    reviews = "reviews:\n  - {id: MR-01, date: 2025-06-01, chair: Mayor}\n"
    make_repo(repo.root, {"registers/pdca.yaml": reviews})
    repo.commit("Registers", "2026-01-05T09:00:00+09:00")  # the history starts after the review
    shown = isms("report", "management-review", "--lang", "en", "--today", "2026-02-01", cwd=repo.root).stdout
    assert "not in git" not in shown
    assert "begins after the previous review (2025-06-01)" in shown


def test_an_added_risk_that_repeats_a_pair_is_warned_of_at_once(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms(
        "risk", "add", "--asset", "A-001", "--threat", "T-01", "--vulnerability", "1",
        "--treatment", "accept", "--owner", "X", cwd=root,
    )  # fmt: skip
    assert result.code == 0, result
    assert "warning: registers/core.yaml:" in result.stderr
    assert "as risk R-001" in result.stderr
    assert "(risk-duplicate-pair)" in result.stderr


def test_a_template_that_fails_is_reported_in_the_repositorys_language(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    from helpers import BASE_CONFIG, write_files

    config = BASE_CONFIG.replace("organization: Test City\n", "organization: 北浜市\nlanguage: ja\n")
    root = make_repo(tmp_path / "isms", config=config)
    write_files(root, {
        "templates/report-scope.md.j2": "{{ ('a'*4000000000)|length }}\n",
        "templates/site/trend.html.j2": "{{ nothing.here }}\n",
    })  # fmt: skip
    report = isms("report", "scope", cwd=root)
    assert report.code == 1
    assert "テンプレートを描画できません: テンプレートが 10,000,000 文字（又は項目）を超える" in report.stderr
    assert "テンプレートを直すか、削除して組み込みのテンプレートを使ってください" in report.stderr
    site = isms("site", "-o", str(tmp_path / "site"), cwd=root)
    assert site.code == 1
    assert "台帳に" not in site.stderr  # the registers have no error: two documents failed
    findings = (tmp_path / "site" / "findings.html").read_text(encoding="utf-8")
    assert findings.count("テンプレートを描画できません") == 2
