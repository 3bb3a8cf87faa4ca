"""isms log, isms diff and --at on real git repositories with fixed authors and dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import GitRepo, make_repo, soa_yaml

ASSETS = """\
assets:
  - {id: A-001, name: Resident records, class: information, owner: Citizens, confidentiality: 3, integrity: 3, availability: 2}
  - {id: A-002, name: Counter terminal, class: physical, owner: Citizens, confidentiality: 1, integrity: 2, availability: 2}
"""
THREATS = """\
threats:
  - {id: T-01, name: Unauthorised access, frequency: 2, affects: [confidentiality, integrity]}
  - {id: T-02, name: Fire, frequency: 1}
"""
RISKS = """\
risks:
  - {id: R-001, asset: A-001, threat: T-01, vulnerability: 2, treatment: reduce, controls: [A.8.5], residual_vulnerability: 1, owner: Manager}
  - {id: R-002, asset: A-002, threat: T-02, vulnerability: 2, treatment: accept, owner: Manager}
  - {id: R-003, asset: A-001, threat: T-02, vulnerability: 1, treatment: accept, owner: Manager}
"""


@pytest.fixture
def history(tmp_path: Path) -> GitRepo:
    """Three commits: the first registers, a re-rating, then R-003 moved to its own file."""
    repo = GitRepo(tmp_path / "isms")
    make_repo(
        repo.root,
        {"registers/assets.yaml": ASSETS, "registers/threats.yaml": THREATS, "registers/risks.yaml": RISKS},
    )
    repo.commit("First registers", "2026-01-05T09:00:00+09:00", author="Taro Yamada <yamada@city.example>")
    rerated = RISKS.replace("vulnerability: 2, treatment: reduce", "vulnerability: 3, treatment: reduce")
    repo.commit("Re-rate R-001 after the access review", "2026-02-10T10:00:00+09:00", {"registers/risks.yaml": rerated})
    moved = rerated.replace(RISKS.splitlines()[3] + "\n", "")
    repo.commit(
        "Give the branch office risks their own file",
        "2026-03-15T11:00:00+09:00",
        {
            "registers/risks.yaml": moved,
            "registers/branch/risks.yaml": "risks:\n" + RISKS.splitlines()[3].replace("vulnerability: 1", "vulnerability: 2") + "\n",
        },
    )
    return repo


def log_json(isms, repo: GitRepo, *args: str) -> list[dict[str, object]]:
    result = isms("log", "--format", "json", *args, cwd=repo.root)
    assert result.code == 0, result
    entries: list[dict[str, object]] = json.loads(result.stdout)["entries"]
    return entries


def test_log_of_one_risk(history: GitRepo, isms) -> None:
    entries = log_json(isms, history, "R-001")
    commits = [history.git("rev-parse", f"HEAD~{n}") for n in (1, 2)]
    assert entries == [
        {
            "commit": commits[0],
            "date": "2026-02-10T10:00:00+09:00",
            "author": "Hanako Sato",
            "subject": "Re-rate R-001 after the access review",
            "register": "risks",
            "id": "R-001",
            "change": "modified",
            "fields": [{"field": "vulnerability", "old": 2, "new": 3}],
            "file": "registers/risks.yaml",
        },
        {
            "commit": commits[1],
            "date": "2026-01-05T09:00:00+09:00",
            "author": "Taro Yamada",
            "subject": "First registers",
            "register": "risks",
            "id": "R-001",
            "change": "added",
            "fields": [],
            "file": "registers/risks.yaml",
        },
    ]


def test_entry_moved_between_files_is_one_moved_change(history: GitRepo, isms) -> None:
    entries = log_json(isms, history, "R-003")
    assert [(e["change"], e["subject"]) for e in entries] == [
        ("moved", "Give the branch office risks their own file"),
        ("added", "First registers"),
    ]
    moved = entries[0]
    assert moved["fields"] == [{"field": "vulnerability", "old": 1, "new": 2}]
    assert (moved["file"], moved["previous_file"]) == ("registers/branch/risks.yaml", "registers/risks.yaml")


def test_log_of_the_whole_repository_newest_first(history: GitRepo, isms) -> None:
    entries = log_json(isms, history)
    dates = [entry["date"] for entry in entries]
    assert dates == sorted(dates, reverse=True)
    first_commit = [e for e in entries if e["subject"] == "First registers"]
    assert {(e["register"], e["change"]) for e in first_commit} >= {("assets", "added"), ("soa", "added")}
    assert len([e for e in first_commit if e["register"] == "soa"]) == 93


def test_log_of_a_soa_decision_by_either_control_form(history: GitRepo, isms) -> None:
    soa = soa_yaml().replace(
        "  - control: A.5.23\n    applicable: true\n    justification: Decided in the risk assessment\n    status: partial\n",
        "  - control: A.5.23\n    applicable: false\n    justification: No cloud services are used\n",
    )
    history.commit("Exclude cloud services", "2026-04-01T09:00:00+09:00", {"registers/soa.yaml": soa})
    for identifier in ("A.5.23", "5.23"):
        entries = log_json(isms, history, identifier)
        assert [(e["register"], e["id"], e["change"]) for e in entries] == [
            ("soa", "A.5.23", "modified"),
            ("soa", "A.5.23", "added"),
        ]
        assert entries[0]["fields"] == [
            {"field": "applicable", "old": True, "new": False},
            {"field": "justification", "old": "Decided in the risk assessment", "new": "No cloud services are used"},
            {"field": "status", "old": "partial", "new": None},
        ]


def test_log_since_and_until(history: GitRepo, isms) -> None:
    subjects = {e["subject"] for e in log_json(isms, history, "--since", "2026-02-01", "--until", "2026-02-28")}
    assert subjects == {"Re-rate R-001 after the access review"}


def test_log_table_and_markdown(history: GitRepo, isms) -> None:
    table = isms("log", "R-001", cwd=history.root)
    assert table.code == 0, table
    assert "vulnerability: 2 → 3" in table.stdout
    markdown = isms("log", "R-001", "--format", "markdown", cwd=history.root).stdout
    assert markdown.splitlines()[2].startswith("| 2026-02-10 | Hanako Sato | `")


def test_log_table_shows_nested_dates(history: GitRepo, isms) -> None:
    """A changed field that holds entries with dates (a risk's actions) prints as text, not a crash."""
    actions = RISKS.replace(
        "residual_vulnerability: 1, owner: Manager}",
        "residual_vulnerability: 1, owner: Manager, "
        "actions: [{id: R-001-1, action: Patch, owner: IT, due: 2026-06-30, status: planned}]}",
    )
    history.commit("Plan the patching", "2026-06-01T09:00:00+09:00", {"registers/risks.yaml": actions})
    table = isms("log", "R-001", cwd=history.root)
    assert table.code == 0, table
    markdown = isms("log", "R-001", "--format", "markdown", cwd=history.root)
    assert markdown.code == 0, markdown
    assert '"due": "2026-06-30"' in markdown.stdout


def test_removed_entry(history: GitRepo, isms) -> None:
    history.commit("Retire the terminal risk", "2026-05-01T09:00:00+09:00", {"registers/risks.yaml": "risks:\n" + RISKS.splitlines()[1] + "\n"})
    assert [e["change"] for e in log_json(isms, history, "R-002")] == ["removed", "added"]


# --- diff --------------------------------------------------------------------------------------


def diff_json(isms, repo: GitRepo, *args: str) -> dict[str, object]:
    result = isms("diff", *args, "--format", "json", cwd=repo.root)
    assert result.code == 0, result
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def test_diff_follows_the_contract(history: GitRepo, isms) -> None:
    payload = diff_json(isms, history, "HEAD~2", "HEAD~1")
    assert payload["base"] == history.git("rev-parse", "HEAD~2")
    assert payload["head"] == history.git("rev-parse", "HEAD~1")
    assert payload["risks"] == {
        "added": [],
        "removed": [],
        "changed": [
            {
                "id": "R-001",
                "score": [12, 18],
                "residual_score": [6, 6],
                "level": ["medium", "medium"],
                "acceptable": [False, False],
                "treatment": ["reduce", "reduce"],
                "accepted_score": [None, None],
            }
        ],
    }
    assert payload["soa"] == {"changed": []}


def test_diff_working_tree_lists_every_moved_risk(history: GitRepo, isms) -> None:
    """Revalue one asset, re-rate one threat, exclude one control: every moved score is listed."""
    (history.root / "registers/assets.yaml").write_text(ASSETS.replace("integrity: 2,", "integrity: 3,"), encoding="utf-8")
    (history.root / "registers/threats.yaml").write_text(THREATS.replace("frequency: 1}", "frequency: 3}"), encoding="utf-8")
    (history.root / "registers/soa.yaml").write_text(soa_yaml(excluded=["A.7.9"]), encoding="utf-8")
    payload = diff_json(isms, history, "HEAD")
    assert payload["head"] == "working tree"
    changed = {item["id"]: item for item in payload["risks"]["changed"]}
    assert changed["R-002"]["score"] == [4, 18]  # A-002 V 2 -> 3, T-02 frequency 1 -> 3
    assert changed["R-003"]["score"] == [6, 18]  # moved by the threat alone
    assert set(changed) == {"R-002", "R-003"}
    assert payload["soa"]["changed"] == [
        {"control": "A.7.9", "applicable": [True, False], "status": ["partial", None],
         "justification": ["Decided in the risk assessment", "Decided in the risk assessment"]}
    ]
    assert payload["assets"]["revalued"][0]["risks"] == ["R-002"]
    assert payload["threats"]["changed"][0]["risks"] == ["R-002", "R-003"]
    summary = payload["summary"]
    assert summary["above_acceptance"] == [1, 3]


def test_fail_on_increase_is_the_ratchet(history: GitRepo, isms) -> None:
    raised = (history.root / "registers/risks.yaml").read_text(encoding="utf-8").replace(
        "{id: R-002, asset: A-002, threat: T-02, vulnerability: 2", "{id: R-002, asset: A-002, threat: T-02, vulnerability: 3"
    ).replace("threat: T-02, vulnerability: 3, treatment: accept, owner: Manager}", "threat: T-02, vulnerability: 3, treatment: accept, owner: Manager}")
    assets = ASSETS.replace("integrity: 2, availability: 2", "integrity: 3, availability: 3")
    (history.root / "registers/assets.yaml").write_text(assets, encoding="utf-8")
    (history.root / "registers/risks.yaml").write_text(raised, encoding="utf-8")
    gate = isms("diff", "HEAD", "--fail-on-increase", cwd=history.root)
    assert gate.code == 1, gate
    assert "R-002" in gate.stdout
    accepted = raised.replace("vulnerability: 3, treatment: accept, owner: Manager}", "vulnerability: 3, treatment: accept, owner: Manager, accepted_by: Deputy Mayor, accepted_on: 2026-05-01}")
    (history.root / "registers/risks.yaml").write_text(accepted, encoding="utf-8")
    assert isms("diff", "HEAD", "--fail-on-increase", cwd=history.root).code == 0
    assert isms("diff", "HEAD", cwd=history.root).code == 0


def test_diff_markdown_is_a_pr_comment(history: GitRepo, isms) -> None:
    english = isms("diff", "HEAD~2", "HEAD", "--format", "markdown", "--lang", "en", cwd=history.root).stdout
    assert english.startswith("<!-- isms-diff -->\n## Risk posture change\n")
    assert "| R-001 | 12 → 18 |" in english
    japanese = isms("diff", "HEAD~2", "HEAD", "--format", "markdown", "--lang", "ja", cwd=history.root).stdout
    assert "## リスク状況の変化" in japanese


def test_default_base_is_the_merge_base_with_main(history: GitRepo, isms) -> None:
    history.git("checkout", "-q", "-b", "feature")
    history.commit("Feature work", "2026-06-01T09:00:00+09:00", {"registers/extra.yaml": "records:\n  - {id: DOC-1, title: Policy}\n"})
    history.commit("More feature work", "2026-06-02T09:00:00+09:00", {"registers/extra2.yaml": "# nothing yet\n"})
    payload = diff_json(isms, history)
    assert payload["base"] == history.git("rev-parse", "main")


# --- --at and revisions --------------------------------------------------------------------------


def test_at_reads_a_commit_tag_branch_or_date(history: GitRepo, isms) -> None:
    history.git("tag", "certified", "HEAD~2")
    expected = {"R-001": 12}
    for at in ("HEAD~2", "certified", history.git("rev-parse", "HEAD~2"), "2026-01-31"):
        result = isms("risk", "evaluate", "--format", "json", "--at", at, cwd=history.root)
        assert result.code == 0, result
        payload = json.loads(result.stdout)
        scores = {risk["id"]: risk["score"] for risk in payload["risks"]}
        assert {"R-001": scores["R-001"]} == expected, at
        assert payload["revision"]["commit"] == history.git("rev-parse", "HEAD~2")
    assert json.loads(isms("risk", "evaluate", "-f", "json", "--at", "main", cwd=history.root).stdout)["risks"][0]["score"] == 18


def test_at_does_not_touch_the_working_tree(history: GitRepo, isms) -> None:
    (history.root / "registers/broken.yaml").write_text("risks: [\n", encoding="utf-8")
    assert isms("check", cwd=history.root).code == 1
    result = isms("check", "--at", "HEAD", cwd=history.root)
    assert result.code == 0, result
    assert "Registers at commit" in result.stdout
    assert (history.root / "registers/broken.yaml").exists()


def test_at_reports_findings_of_a_broken_old_revision(history: GitRepo, isms) -> None:
    history.commit("Oops", "2026-04-01T09:00:00+09:00", {"registers/threats.yaml": THREATS + "  - {id: T-03, name: Flood, frequency: 9}\n"})
    history.commit("Fix", "2026-04-02T09:00:00+09:00", {"registers/threats.yaml": THREATS})
    result = isms("check", "--format", "json", "--at", "HEAD~1", cwd=history.root)
    assert result.code == 1, result
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["file"], f["line"]) for f in findings] == [("out-of-scale", "registers/threats.yaml", 4)]


@pytest.mark.parametrize("revision", ["--output=/tmp/x", "--upload-pack=touch /tmp/pwned", "-n1", "nope", "1999-01-01"])
def test_bad_revisions_are_usage_errors(history: GitRepo, isms, revision: str) -> None:
    for command in (["check", "--at", revision], ["diff", revision], ["soa", "--at", revision]):
        result = isms(*command, cwd=history.root)
        assert result.code == 2, result
        assert "Traceback" not in result.stderr
    assert not Path("/tmp/pwned").exists()


def test_outside_git_history_commands_exit_2(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path / "plain")
    for command in (["log"], ["diff"], ["check", "--at", "HEAD"]):
        result = isms(*command, cwd=repo)
        assert result.code == 2, result
        assert "git" in result.stderr
    assert isms("check", cwd=repo).code == 0
    assert isms("soa", cwd=repo).code == 0


def test_soa_revision_history_is_of_approvals_not_of_register_commits(
    history: GitRepo, isms
) -> None:
    text = isms("soa", "--lang", "en", cwd=history.root).stdout
    section = text.split("## Revision history\n", 1)[1].split("\n## ", 1)[0]
    assert "Re-rate R-001" not in section
    assert "First registers" not in section
    assert "No version of this document has been approved yet." in section
    at_first = isms("soa", "--lang", "en", "--at", "2026-01-05", cwd=history.root).stdout
    assert f"`{history.git('rev-parse', 'HEAD~2')[:12]}`" in at_first


def test_uncommitted_and_untracked_register_files_are_read(history: GitRepo, isms) -> None:
    (history.root / "registers/new.yaml").write_text("records:\n  - {id: DOC-9, title: New}\n", encoding="utf-8")
    payload = diff_json(isms, history, "HEAD")
    assert payload["head"] == "working tree"
    assert "with uncommitted changes" in isms("soa", "--lang", "en", cwd=history.root).stdout


def test_shallow_clone_says_how_far_history_goes(history: GitRepo, tmp_path: Path, isms) -> None:
    clone = tmp_path / "shallow"
    history.git("clone", "-q", "--depth", "1", f"file://{history.root}", str(clone))
    result = isms("log", cwd=clone)
    assert result.code == 0, result
    assert "shallow clone" in result.stderr
    assert "git fetch --unshallow" in result.stderr


def test_detached_head(history: GitRepo, isms) -> None:
    history.git("checkout", "-q", "--detach", "HEAD~1")
    assert isms("diff", "HEAD~1", "--format", "json", cwd=history.root).code == 0
    assert len(log_json(isms, history, "R-001")) == 2
    assert isms("check", cwd=history.root).code == 0


# --- stale entries ---------------------------------------------------------------------------


def stale(isms, repo: GitRepo, today: str, *args: str) -> set[str]:
    result = isms("check", "--format", "json", "--today", today, *args, cwd=repo.root)
    assert result.code == 0, result
    findings = json.loads(result.stdout)["findings"]
    assert {f["rule"] for f in findings} <= {"stale-entry"}
    return {f["message"].split()[2] for f in findings if f["message"].startswith("risks")}


def test_entries_unchanged_past_their_review_interval(history: GitRepo, isms) -> None:
    assert stale(isms, history, "2026-12-31") == set()
    # R-002 last changed 2026-01-05, R-001 2026-02-10, R-003 moved and changed 2026-03-15.
    assert stale(isms, history, "2027-03-01") == {"R-001", "R-002"}
    assert stale(isms, history, "2027-04-01") == {"R-001", "R-002", "R-003"}


def test_a_working_tree_edit_counts_as_a_review(history: GitRepo, isms) -> None:
    path = history.root / "registers/risks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: Manager}", "owner: Manager, reviewed_on: 2027-02-20}", 1), encoding="utf-8")
    assert stale(isms, history, "2027-03-01") == {"R-002"}


def test_review_intervals_are_configurable(history: GitRepo, isms) -> None:
    config = (history.root / "isms.yaml").read_text(encoding="utf-8")
    history.commit("Quarterly risk reviews", "2026-03-20T09:00:00+09:00", {"isms.yaml": config + "review_interval_months: {risks: 3}\n"})
    assert stale(isms, history, "2026-06-01") == {"R-001", "R-002"}
    history.commit("No review check", "2026-03-21T09:00:00+09:00", {"isms.yaml": config + "review_interval_months: {}\n"})
    assert stale(isms, history, "2030-01-01") == set()
    assert stale(isms, history, "2030-01-01", "--at", "HEAD~1") == {"R-001", "R-002", "R-003"}


def test_no_staleness_outside_git(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path / "plain")
    result = isms("check", "--strict", "--today", "2040-01-01", cwd=repo)
    assert result.code == 0, result


def test_diff_on_the_example_lists_every_risk_whose_score_moved(tmp_path: Path, isms) -> None:
    """Revalue one asset, re-rate one threat, exclude one control in the example ISMS."""
    import shutil

    project = Path(__file__).resolve().parents[1]
    repo = GitRepo(tmp_path / "example")
    shutil.copy(project / "isms.yaml", repo.root / "isms.yaml")
    shutil.copytree(project / "registers", repo.root / "registers")
    repo.commit("The example ISMS", "2026-04-01T09:00:00+09:00")
    before = _scores(isms, repo.root)

    assets = repo.root / "registers/assets/shimin-ka.yaml"
    text = assets.read_text(encoding="utf-8")
    start = text.index("id: A-001")
    revalued = text[:start] + text[start:].replace("integrity: 3", "integrity: 1", 1)
    assets.write_text(revalued.replace("confidentiality: 3", "confidentiality: 2", 1), encoding="utf-8")
    threats = repo.root / "registers/threats.yaml"
    text = threats.read_text(encoding="utf-8")
    start = text.index("id: T-07")
    threats.write_text(text[:start] + text[start:].replace("frequency: 2", "frequency: 1", 1), encoding="utf-8")
    soa = repo.root / "registers/soa.yaml"
    text = soa.read_text(encoding="utf-8")
    start = text.index("control: A.7.9\n")
    end = text.index("  - control:", start)
    entry = text[start:end]
    lines = [line for line in entry.splitlines(keepends=True) if "status:" not in line and "evidence:" not in line]
    soa.write_text(text[:start] + "".join(lines).replace("applicable: true", "applicable: false") + text[end:], encoding="utf-8")

    after = _scores(isms, repo.root)
    moved = {risk_id for risk_id in before if before[risk_id] != after[risk_id]}
    assert moved, "the scripted change moves some scores"
    payload = diff_json(isms, repo, "HEAD")
    changed = {item["id"]: item for item in payload["risks"]["changed"]}
    assert set(changed) == moved
    for risk_id in moved:
        assert changed[risk_id]["score"] == [before[risk_id][0], after[risk_id][0]]
        assert changed[risk_id]["residual_score"] == [before[risk_id][1], after[risk_id][1]]
    assert [item["control"] for item in payload["soa"]["changed"]] == ["A.7.9"]
    assert [item["id"] for item in payload["assets"]["revalued"]] == ["A-001"]
    assert [item["id"] for item in payload["threats"]["changed"]] == ["T-07"]


def _scores(isms, root: Path) -> dict[str, tuple[int, int]]:
    result = isms("risk", "evaluate", "--format", "json", cwd=root)
    assert result.code == 0, result
    return {risk["id"]: (risk["score"], risk["residual_score"]) for risk in json.loads(result.stdout)["risks"]}


def test_log_of_an_unknown_id_says_so(history: GitRepo, isms) -> None:
    result = isms("log", "R-999", "--format", "json", cwd=history.root)
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"entries": []}
    assert "no change to an entry with id 'R-999'" in result.stderr
